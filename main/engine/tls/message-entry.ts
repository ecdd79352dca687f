/**
 * The entries of a connection's message list: one per record (CCS, alert, heartbeat,
 * application data, opaque records) or per reassembled handshake message, each with the
 * capture bytes it came from.
 */

import type { Direction } from '../tcp/stream-sink';
import type { DirectionState } from './direction-state';
import type { TlsRecord } from './record-layer';
import { hex4 } from '../../../contract/names/versions';
import { uniqueFrames, type ByteSpan } from './spans';
import type { TlsMessage } from '../../../contract/report/tls-summary';

/** A record read with logged keys: its plaintext in place of the payload, and its real content type. */
export interface Decrypted {
  record: TlsRecord;
  contentType: number;
  innerType: number | null;
}

export function messageEntry(
  dir: Direction,
  kind: TlsMessage['kind'],
  type: TlsMessage['type'],
  name: string,
  recordType: number | null,
  spans: readonly ByteSpan[],
  spansTruncated: boolean,
  time: number,
  length: number,
  recordVersion: number,
  streamOffset: number,
): TlsMessage {
  const m: TlsMessage = {
    dir,
    kind,
    type,
    name,
    recordType,
    frames: uniqueFrames(spans),
    time,
    length,
    recordVersion: hex4(recordVersion),
    streamOffset,
    fileOffsets: spans.map((s) => ({ frame: s.frame, fileOffset: s.fileOffset, payloadOffset: s.payloadOffset, length: s.length })),
  };
  if (spansTruncated) m.fileOffsetsTruncated = true;
  return m;
}

/** The entry of a whole record. */
export function recordEntry(state: DirectionState, record: TlsRecord, kind: TlsMessage['kind'], type: TlsMessage['type'], name: string, time: number, dec: Decrypted | null = null): TlsMessage {
  const m = messageEntry(state.dir, kind, type, name, record.contentType, record.spans, record.spansTruncated, time, record.length, record.version, record.streamOffset);
  if (dec) markDecrypted(m, dec);
  return m;
}

export function markDecrypted(m: TlsMessage, dec: Decrypted): void {
  m.decrypted = true;
  if (dec.innerType !== null) m.innerType = dec.innerType;
}
