/**
 * HTTP/3 names (RFC 9114 §6.2, §7.2; QPACK streams of RFC 9204 §4.2): what a decrypted
 * unidirectional stream is for, by its first varint, and the frames on request and control
 * streams. Reserved "GREASE" values (0x1f * N + 0x21) are named so.
 */

import { readVarint } from './varint';

const STREAM_TYPES = new Map<number, string>([
  [0x00, 'control'],
  [0x01, 'push'],
  [0x02, 'qpack_encoder'],
  [0x03, 'qpack_decoder'],
  [0x54, 'webtransport'],
]);

const FRAME_TYPES = new Map<number, string>([
  [0x00, 'DATA'],
  [0x01, 'HEADERS'],
  [0x03, 'CANCEL_PUSH'],
  [0x04, 'SETTINGS'],
  [0x05, 'PUSH_PROMISE'],
  [0x07, 'GOAWAY'],
  [0x0d, 'MAX_PUSH_ID'],
  [0x0f0700, 'PRIORITY_UPDATE'],
  [0x0f0701, 'PRIORITY_UPDATE'],
]);

const isReserved = (v: number): boolean => v >= 0x21 && (v - 0x21) % 0x1f === 0;

export function http3StreamTypeName(type: number): string {
  if (isReserved(type)) return 'reserved (GREASE)';
  return STREAM_TYPES.get(type) ?? `unknown (0x${type.toString(16)})`;
}

export function http3FrameName(type: number): string {
  if (isReserved(type)) return 'reserved (GREASE)';
  return FRAME_TYPES.get(type) ?? `unknown (0x${type.toString(16)})`;
}

/** RFC 9000 §2.1: the two low bits of a stream id say who opened it and whether it is bidirectional. */
export function streamKind(streamId: number): { initiator: 'client' | 'server'; bidirectional: boolean } {
  return { initiator: streamId % 2 === 0 ? 'client' : 'server', bidirectional: Math.floor(streamId / 2) % 2 === 0 };
}

/** The HTTP/3 frame types at the start of stream data (as many whole frame headers as the bytes hold). */
export function http3Frames(data: Uint8Array, limit = 16): string[] {
  const names: string[] = [];
  let pos = 0;
  while (pos < data.length && names.length < limit) {
    const type = readVarint(data, pos);
    if (!type) break;
    const length = readVarint(data, type.next);
    if (!length) break;
    names.push(http3FrameName(type.value));
    pos = length.next + length.value;
  }
  return names;
}
