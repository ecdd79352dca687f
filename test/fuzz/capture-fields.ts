/**
 * Where the length fields and headers sit in a capture, found by walking its structure from
 * the format specs (pcap: libpcap file format; pcapng: draft-ietf-opsawg-pcapng; IPv4 RFC 791,
 * IPv6 RFC 8200, TCP RFC 9293, TLS records RFC 5246 §6.2 and handshake messages §7.4), so the
 * mutator can aim at them. Independent of the engine's readers: a field it misses is only a
 * target not aimed at.
 */

export type FieldKind = 'pcap-record' | 'pcapng-block' | 'ip' | 'tcp' | 'tls-record' | 'handshake';

export interface Field {
  kind: FieldKind;
  offset: number;
  /** bytes: 1, 2, 3 or 4 (big-endian unless `little`) */
  width: number;
  little: boolean;
}

/** A packet record: where its record starts and ends (splicing cuts there) */
export interface RecordSpan {
  start: number;
  end: number;
}

export interface CaptureLayout {
  format: 'pcap' | 'pcapng' | null;
  /** bytes before the first record (pcap file header; pcapng: none, sections are blocks) */
  headerLength: number;
  records: RecordSpan[];
  fields: Field[];
}

const MAX_RECORDS = 5000;

export function layoutOf(bytes: Uint8Array): CaptureLayout {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24) {
    const magic = v.getUint32(0, false);
    if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) return pcapLayout(bytes, v, false);
    if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) return pcapLayout(bytes, v, true);
    if (magic === 0x0a0d0d0a) return pcapngLayout(bytes, v);
  }
  return { format: null, headerLength: 0, records: [], fields: [] };
}

function pcapLayout(bytes: Uint8Array, v: DataView, little: boolean): CaptureLayout {
  const linkType = v.getUint32(20, little) & 0xffff;
  const out: CaptureLayout = { format: 'pcap', headerLength: 24, records: [], fields: [] };
  let p = 24;
  while (p + 16 <= bytes.length && out.records.length < MAX_RECORDS) {
    const caplen = v.getUint32(p + 8, little);
    const end = p + 16 + caplen;
    if (end > bytes.length) break;
    out.fields.push({ kind: 'pcap-record', offset: p + 8, width: 4, little }, { kind: 'pcap-record', offset: p + 12, width: 4, little });
    packetFields(bytes, p + 16, end, linkType, out.fields);
    out.records.push({ start: p, end });
    p = end;
  }
  return out;
}

function pcapngLayout(bytes: Uint8Array, v: DataView): CaptureLayout {
  const out: CaptureLayout = { format: 'pcapng', headerLength: 0, records: [], fields: [] };
  let little = true;
  let linkTypes: number[] = [];
  let p = 0;
  while (p + 12 <= bytes.length && out.records.length < MAX_RECORDS) {
    if (v.getUint32(p, false) === 0x0a0d0d0a) {
      little = v.getUint32(p + 8, true) === 0x1a2b3c4d;
      linkTypes = [];
    }
    const type = v.getUint32(p, little);
    const length = v.getUint32(p + 4, little);
    if (length < 12 || p + length > bytes.length) break;
    out.fields.push({ kind: 'pcapng-block', offset: p + 4, width: 4, little }, { kind: 'pcapng-block', offset: p + length - 4, width: 4, little });
    if (type === 1 && length >= 20) linkTypes.push(v.getUint16(p + 8, little));
    if (type === 6 && length >= 32) {
      out.fields.push({ kind: 'pcapng-block', offset: p + 8, width: 4, little }, { kind: 'pcapng-block', offset: p + 20, width: 4, little }, { kind: 'pcapng-block', offset: p + 24, width: 4, little });
      const caplen = v.getUint32(p + 20, little);
      const linkType = linkTypes[v.getUint32(p + 8, little)] ?? -1;
      if (28 + caplen <= length) packetFields(bytes, p + 28, p + 28 + caplen, linkType, out.fields);
    }
    out.records.push({ start: p, end: p + length });
    p += length;
  }
  return out;
}

/** the network layer's offset inside a frame of `linkType`, or -1 */
function networkOffset(bytes: Uint8Array, start: number, end: number, linkType: number): number {
  if (linkType === 101 || linkType === 228 || linkType === 229) return start;
  if (linkType === 0 || linkType === 108) return start + 4;
  if (linkType === 113) return start + 16;
  if (linkType === 276) return start + 20;
  if (linkType !== 1) return -1;
  let p = start + 12;
  while (p + 2 <= end && ((bytes[p] << 8) | bytes[p + 1]) === 0x8100) p += 4;
  return p + 2;
}

function packetFields(bytes: Uint8Array, start: number, end: number, linkType: number, fields: Field[]): void {
  const ip = networkOffset(bytes, start, end, linkType);
  if (ip < 0 || ip + 20 > end) return;
  const version = bytes[ip] >> 4;
  let tcp: number;
  let ipEnd: number;
  if (version === 4) {
    fields.push({ kind: 'ip', offset: ip, width: 1, little: false }, { kind: 'ip', offset: ip + 2, width: 2, little: false }, { kind: 'ip', offset: ip + 6, width: 2, little: false });
    if (bytes[ip + 9] !== 6) return;
    tcp = ip + (bytes[ip] & 0x0f) * 4;
    ipEnd = Math.min(end, ip + ((bytes[ip + 2] << 8) | bytes[ip + 3]));
  } else if (version === 6 && ip + 40 <= end) {
    fields.push({ kind: 'ip', offset: ip + 4, width: 2, little: false }, { kind: 'ip', offset: ip + 6, width: 1, little: false });
    if (bytes[ip + 6] !== 6) return;
    tcp = ip + 40;
    ipEnd = Math.min(end, tcp + ((bytes[ip + 4] << 8) | bytes[ip + 5]));
  } else {
    return;
  }
  if (tcp + 20 > ipEnd) return;
  for (const [at, width] of [[4, 4], [8, 4], [12, 1], [13, 1], [14, 2]] as const) fields.push({ kind: 'tcp', offset: tcp + at, width, little: false });
  tlsFields(bytes, tcp + (bytes[tcp + 12] >> 4) * 4, ipEnd, fields);
}

/** TLS records starting at the payload's first byte, one after another */
function tlsFields(bytes: Uint8Array, p: number, end: number, fields: Field[]): void {
  while (p + 5 <= end && bytes[p] >= 20 && bytes[p] <= 24 && bytes[p + 1] === 3 && bytes[p + 2] <= 4) {
    const length = (bytes[p + 3] << 8) | bytes[p + 4];
    fields.push({ kind: 'tls-record', offset: p + 3, width: 2, little: false });
    if (bytes[p] === 22 && p + 9 <= end) fields.push({ kind: 'handshake', offset: p + 5, width: 1, little: false }, { kind: 'handshake', offset: p + 6, width: 3, little: false });
    p += 5 + length;
  }
}

export function readField(bytes: Uint8Array, f: Field): number {
  let n = 0;
  for (let i = 0; i < f.width; i++) n = n * 256 + bytes[f.offset + (f.little ? f.width - 1 - i : i)];
  return n;
}

export function writeField(bytes: Uint8Array, f: Field, value: number): void {
  let n = Math.max(0, Math.floor(value)) % 2 ** (8 * f.width);
  for (let i = f.width - 1; i >= 0; i--) {
    bytes[f.offset + (f.little ? f.width - 1 - i : i)] = n & 0xff;
    n = Math.floor(n / 256);
  }
}
