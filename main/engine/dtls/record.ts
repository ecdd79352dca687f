/**
 * DTLS records (RFC 6347 §4.1, RFC 9147 §4): the 13-byte header of DTLS 1.0/1.2 with its
 * epoch and 48-bit sequence number, several records per datagram, and the DTLS 1.3
 * unified header (first bits 001) whose fields are partly optional. Record payloads are
 * views of the datagram: valid only while it is handled.
 */

export const DTLS_HEADER_LENGTH = 13;

export interface DtlsRecord {
  contentType: number;
  version: number;
  epoch: number;
  /** 48 bits, exact in a double */
  sequence: number;
  /** where the record starts in the datagram, and its payload */
  offset: number;
  payload: Uint8Array;
  /** DTLS 1.3 ciphertext record (unified header): its content type is hidden */
  unified: boolean;
  /** the length field ran past the datagram: the payload was cut */
  truncated: boolean;
}

const CONTENT_TYPES = new Set([20, 21, 22, 23, 24, 25]);
/** DTLS 1.0, 1.2, 1.3, and OpenSSL's pre-standard DTLS1_BAD_VER (0x0100) */
const VERSIONS = new Set([0xfeff, 0xfefd, 0xfefc, 0x0100]);

/** Whether a datagram starts like a DTLS record (what tells DTLS from other UDP). */
export function looksLikeDtls(bytes: Uint8Array): boolean {
  if (bytes.length < DTLS_HEADER_LENGTH) return false;
  if (!CONTENT_TYPES.has(bytes[0])) return false;
  if (!VERSIONS.has((bytes[1] << 8) | bytes[2])) return false;
  const length = (bytes[11] << 8) | bytes[12];
  return DTLS_HEADER_LENGTH + length <= bytes.length;
}

export function parseDtlsRecords(bytes: Uint8Array): { records: DtlsRecord[]; problem: string | null } {
  const records: DtlsRecord[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const first = bytes[pos];
    if ((first & 0xe0) === 0x20) {
      const r = parseUnified(bytes, pos);
      if (!r) return { records, problem: `DTLS 1.3 unified header truncated at datagram byte ${pos}` };
      records.push(r);
      pos = r.payload.byteOffset - bytes.byteOffset + r.payload.length;
      continue;
    }
    if (bytes.length - pos < DTLS_HEADER_LENGTH) return { records, problem: `${bytes.length - pos} bytes after the last record are too few for a DTLS header` };
    const contentType = bytes[pos];
    const version = (bytes[pos + 1] << 8) | bytes[pos + 2];
    if (!CONTENT_TYPES.has(contentType) || !VERSIONS.has(version)) return { records, problem: `no DTLS record at datagram byte ${pos} (type ${contentType}, version 0x${version.toString(16)})` };
    const epoch = (bytes[pos + 3] << 8) | bytes[pos + 4];
    let sequence = 0;
    for (let i = 5; i < 11; i++) sequence = sequence * 256 + bytes[pos + i];
    const length = (bytes[pos + 11] << 8) | bytes[pos + 12];
    const start = pos + DTLS_HEADER_LENGTH;
    const end = Math.min(bytes.length, start + length);
    records.push({ contentType, version, epoch, sequence, offset: pos, payload: bytes.subarray(start, end), unified: false, truncated: end < start + length });
    pos = end;
  }
  return { records, problem: null };
}

/** RFC 9147 §4: 001CSLEE, then a connection ID (length unknown to a passive reader: not read), sequence 8 or 16 bits, length if L. */
function parseUnified(bytes: Uint8Array, pos: number): DtlsRecord | null {
  const flags = bytes[pos];
  if (flags & 0x10) {
    // a connection ID of a length only the endpoints know: the rest of the datagram is taken as this record
    return { contentType: 23, version: 0xfefc, epoch: flags & 0x03, sequence: -1, offset: pos, payload: bytes.subarray(pos + 1), unified: true, truncated: false };
  }
  let at = pos + 1;
  const seqLength = flags & 0x08 ? 2 : 1;
  if (at + seqLength > bytes.length) return null;
  const sequence = seqLength === 2 ? (bytes[at] << 8) | bytes[at + 1] : bytes[at];
  at += seqLength;
  let length = bytes.length - at;
  if (flags & 0x04) {
    if (at + 2 > bytes.length) return null;
    length = (bytes[at] << 8) | bytes[at + 1];
    at += 2;
  }
  const end = Math.min(bytes.length, at + length);
  return { contentType: 23, version: 0xfefc, epoch: flags & 0x03, sequence, offset: pos, payload: bytes.subarray(at, end), unified: true, truncated: end < at + length };
}
