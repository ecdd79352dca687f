/**
 * QUIC packet headers as they travel (RFC 9000 §17, RFC 8999 for the invariants): the long
 * header with its version, connection IDs and type-specific fields, the short header whose
 * Destination Connection ID length is known only to the endpoints (the caller says which
 * lengths to try), and datagrams that carry several packets one after another (§12.2).
 * Nothing here is decrypted; packet numbers are still under header protection.
 */

import { quicVersionInfo, type PacketType } from './versions';
import { readVarint } from './varint';

/** RFC 9000 §17.2: v1 limits connection IDs to 20 bytes (VN packets may carry up to 255) */
export const MAX_CID_LENGTH = 20;

export interface QuicPacketHeader {
  form: 'long' | 'short';
  type: PacketType;
  /** null for short headers */
  version: number | null;
  dcid: Uint8Array;
  /** null for short headers */
  scid: Uint8Array | null;
  /** Initial: the token (empty when none); Retry: the retry token */
  token: Uint8Array | null;
  /** where the packet starts and ends in the datagram payload */
  start: number;
  end: number;
  /** where the (protected) packet number starts; -1 for Retry and Version Negotiation */
  pnOffset: number;
  /** Version Negotiation: the versions the server offers */
  supportedVersions: number[] | null;
  /** Retry: the 16-byte integrity tag */
  retryTag: Uint8Array | null;
  /** the Length field claimed more bytes than the datagram holds: the packet was cut to what is there */
  truncated: boolean;
  /** the version is one this reader cannot parse past its connection IDs (the rest of the datagram is taken as its) */
  unknownVersion: boolean;
}

export type HeaderFailure = { reason: 'truncated' | 'malformed'; detail: string };

/** Whether `bytes[pos]` starts something that can be a QUIC long header of a version worth reading. */
export function looksLikeLongHeader(bytes: Uint8Array, pos: number, end: number): boolean {
  if (end - pos < 7 || (bytes[pos] & 0x80) === 0) return false;
  const version = readU32(bytes, pos + 1);
  // the fixed bit is not checked: a peer that advertised grease_quic_bit may clear it (RFC 9287)
  const dcidLength = bytes[pos + 5];
  if (version !== 0 && dcidLength > MAX_CID_LENGTH) return false;
  return version === 0 || quicVersionInfo(version) !== null;
}

export function readU32(bytes: Uint8Array, pos: number): number {
  return ((bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3]) >>> 0;
}

export function parseLongHeader(bytes: Uint8Array, start: number, end: number): QuicPacketHeader | HeaderFailure {
  if (end - start < 7) return { reason: 'truncated', detail: `long header of ${end - start} bytes` };
  const first = bytes[start];
  const version = readU32(bytes, start + 1);
  let pos = start + 5;
  const dcidLength = bytes[pos++];
  if (version !== 0 && dcidLength > MAX_CID_LENGTH) return { reason: 'malformed', detail: `Destination Connection ID length ${dcidLength} exceeds ${MAX_CID_LENGTH}` };
  if (pos + dcidLength + 1 > end) return { reason: 'truncated', detail: 'long header ends inside its Destination Connection ID' };
  const dcid = bytes.subarray(pos, pos + dcidLength);
  pos += dcidLength;
  const scidLength = bytes[pos++];
  if (version !== 0 && scidLength > MAX_CID_LENGTH) return { reason: 'malformed', detail: `Source Connection ID length ${scidLength} exceeds ${MAX_CID_LENGTH}` };
  if (pos + scidLength > end) return { reason: 'truncated', detail: 'long header ends inside its Source Connection ID' };
  const scid = bytes.subarray(pos, pos + scidLength);
  pos += scidLength;
  const header: QuicPacketHeader = { form: 'long', type: 'initial', version, dcid, scid, token: null, start, end, pnOffset: -1, supportedVersions: null, retryTag: null, truncated: false, unknownVersion: false };
  if (version === 0) {
    // RFC 9000 §17.2.1: the rest of the datagram is the list of versions
    header.type = 'version_negotiation';
    header.supportedVersions = [];
    for (; pos + 4 <= end; pos += 4) header.supportedVersions.push(readU32(bytes, pos));
    if (pos !== end) return { reason: 'malformed', detail: `Version Negotiation packet with ${end - pos} bytes after its last version` };
    return header;
  }
  const info = quicVersionInfo(version);
  if (!info) {
    header.unknownVersion = true;
    return header;
  }
  header.type = info.longTypes[(first >> 4) & 0x03];
  if (header.type === 'retry') {
    if (end - pos < 16) return { reason: 'truncated', detail: 'Retry packet shorter than its integrity tag' };
    header.token = bytes.subarray(pos, end - 16);
    header.retryTag = bytes.subarray(end - 16, end);
    return header;
  }
  if (header.type === 'initial') {
    const tokenLength = readVarint(bytes, pos, end);
    if (!tokenLength) return { reason: 'truncated', detail: 'Initial packet ends before its Token Length' };
    if (tokenLength.next + tokenLength.value > end) return { reason: 'truncated', detail: `Initial token of ${tokenLength.value} bytes runs past the datagram` };
    header.token = bytes.subarray(tokenLength.next, tokenLength.next + tokenLength.value);
    pos = tokenLength.next + tokenLength.value;
  }
  const length = readVarint(bytes, pos, end);
  if (!length) return { reason: 'truncated', detail: 'long header ends before its Length field' };
  header.pnOffset = length.next;
  header.end = length.next + length.value;
  if (header.end > end) {
    header.end = end;
    header.truncated = true;
  }
  if (header.end - header.pnOffset < 1) return { reason: 'malformed', detail: `packet Length ${length.value} leaves no packet number` };
  return header;
}

/** A short header whose Destination Connection ID is `dcidLength` bytes: the packet runs to the end of the datagram. */
export function parseShortHeader(bytes: Uint8Array, start: number, end: number, dcidLength: number): QuicPacketHeader | HeaderFailure {
  if (start + 1 + dcidLength + 1 > end) return { reason: 'truncated', detail: `short header packet of ${end - start} bytes` };
  return {
    form: 'short',
    type: '1rtt',
    version: null,
    dcid: bytes.subarray(start + 1, start + 1 + dcidLength),
    scid: null,
    token: null,
    start,
    end,
    pnOffset: start + 1 + dcidLength,
    supportedVersions: null,
    retryTag: null,
    truncated: false,
    unknownVersion: false,
  };
}

export function isHeaderFailure(h: QuicPacketHeader | HeaderFailure): h is HeaderFailure {
  return (h as HeaderFailure).reason !== undefined;
}

/** The bytes after the last packet are zeros: padding added to the datagram, not a packet (RFC 9000 §12.2). */
export function isZeroPadding(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}
