export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;
export const TCP_ECE = 0x40;
export const TCP_CWR = 0x80;

export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  headerLength: number;
  /** window scale shift from the SYN options, if present */
  windowScale: number | null;
  mss: number | null;
  /** offset of the payload in the frame */
  payloadOffset: number;
  /** payload length the headers claim */
  payloadLength: number;
  /** payload bytes present in the frame */
  capturedPayloadLength: number;
}

export type TcpFailure = { ok: false; reason: 'truncated' | 'malformed'; detail: string };
export type TcpResult = { ok: true; segment: TcpSegment } | TcpFailure;

/** Parses a TCP header at `offset`; `ipPayloadLength` is what the IP header says the segment occupies. */
export function parseTcp(data: Uint8Array, offset: number, ipPayloadLength: number, capturedLength: number): TcpResult {
  const segment = newTcpSegment();
  return readTcp(data, offset, ipPayloadLength, capturedLength, segment) ?? { ok: true, segment };
}

export function newTcpSegment(): TcpSegment {
  return { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, window: 0, headerLength: 0, windowScale: null, mss: null, payloadOffset: 0, payloadLength: 0, capturedPayloadLength: 0 };
}

/** parseTcp into a segment object the caller reuses (see readIp); null when `out` now holds the segment. */
export function readTcp(data: Uint8Array, offset: number, ipPayloadLength: number, capturedLength: number, out: TcpSegment, end = data.length): TcpFailure | null {
  if (capturedLength < 20 || end < offset + 20) return { ok: false, reason: 'truncated', detail: 'TCP header truncated' };
  const headerLength = (data[offset + 12] >> 4) * 4;
  if (headerLength < 20) return { ok: false, reason: 'malformed', detail: `TCP header length ${headerLength}` };
  if (headerLength > ipPayloadLength) return { ok: false, reason: 'malformed', detail: `TCP header length ${headerLength} exceeds the IP payload (${ipPayloadLength})` };
  if (end < offset + headerLength) return { ok: false, reason: 'truncated', detail: 'TCP options truncated' };
  const flags = data[offset + 13];
  let windowScale: number | null = null;
  let mss: number | null = null;
  if (flags & TCP_SYN) {
    for (let p = offset + 20; p < offset + headerLength; ) {
      const kind = data[p];
      if (kind === 0) break;
      if (kind === 1) {
        p++;
        continue;
      }
      const len = data[p + 1];
      if (len < 2 || p + len > offset + headerLength) break;
      if (kind === 2 && len === 4) mss = (data[p + 2] << 8) | data[p + 3];
      if (kind === 3 && len === 3) windowScale = Math.min(14, data[p + 2]);
      p += len;
    }
  }
  const payloadLength = ipPayloadLength - headerLength;
  out.srcPort = (data[offset] << 8) | data[offset + 1];
  out.dstPort = (data[offset + 2] << 8) | data[offset + 3];
  out.seq = ((data[offset + 4] << 24) | (data[offset + 5] << 16) | (data[offset + 6] << 8) | data[offset + 7]) >>> 0;
  out.ack = ((data[offset + 8] << 24) | (data[offset + 9] << 16) | (data[offset + 10] << 8) | data[offset + 11]) >>> 0;
  out.flags = flags;
  out.window = (data[offset + 14] << 8) | data[offset + 15];
  out.headerLength = headerLength;
  out.windowScale = windowScale;
  out.mss = mss;
  out.payloadOffset = offset + headerLength;
  out.payloadLength = payloadLength;
  out.capturedPayloadLength = Math.max(0, Math.min(payloadLength, capturedLength - headerLength));
  return null;
}
