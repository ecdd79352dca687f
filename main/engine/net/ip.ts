import type { NetworkProtocol } from '../link/decode-link';
import { ipv4ToString, ipv6ToString } from './address';

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export interface IpPacket {
  version: 4 | 6;
  /**
   * where the source and destination addresses sit in the frame (their text is made by
   * addressText only when wanted: once per connection, not per frame)
   */
  srcOffset: number;
  dstOffset: number;
  /** upper-layer protocol after extension headers */
  protocol: number;
  /** where the upper-layer header starts in the frame */
  payloadOffset: number;
  /** payload length the IP header claims */
  payloadLength: number;
  /** payload bytes actually present in the frame (less when the snap length cut the packet) */
  capturedPayloadLength: number;
  /** set when this packet is a fragment: the upper layer is incomplete */
  fragment: { offset: number; moreFragments: boolean; id: number } | null;
  /**
   * the length the header claimed (IPv4 total length, IPv6 payload length) when it ran past
   * the frame on the wire and payloadLength was clamped to the frame; 0 when it fitted
   */
  claimedBeyondFrame: number;
}

export type IpFailure = { ok: false; reason: 'truncated' | 'malformed' | 'esp'; detail: string };
export type IpResult = { ok: true; packet: IpPacket } | IpFailure;

const IPV6_HOP_BY_HOP = 0;
const IPV6_ROUTING = 43;
const IPV6_FRAGMENT = 44;
const IPV6_ESP = 50;
const IPV6_AH = 51;
const IPV6_NO_NEXT = 59;
const IPV6_DEST_OPTS = 60;
const IPV6_MOBILITY = 135;

/** The text of the address at `offset` of an IPv4 or IPv6 header (IpPacket.srcOffset, dstOffset). */
export function addressText(data: Uint8Array, version: 4 | 6, offset: number): string {
  return version === 4 ? ipv4ToString(data, offset) : ipv6ToString(data, offset);
}

export function parseIp(network: NetworkProtocol, data: Uint8Array, offset: number): IpResult {
  const packet = newIpPacket();
  return readIp(network, data, offset, packet) ?? { ok: true, packet };
}

export function newIpPacket(): IpPacket {
  return { version: 4, srcOffset: 0, dstOffset: 0, protocol: 0, payloadOffset: 0, payloadLength: 0, capturedPayloadLength: 0, fragment: null, claimedBeyondFrame: 0 };
}

/**
 * parseIp into a packet object the caller reuses (the Analyzer, once per frame: a new result
 * and packet per frame were a tenth of the bytes a large capture allocated). Null when `out`
 * now holds the packet, else why there is none.
 *
 * `end`: where the frame's captured bytes end in `data`; `wireEnd`: where the frame ended on
 * the wire (its original length; beyond `end` when the snap length cut it; unknown, never
 * clamped to, by default). A header claiming
 * more than the wire frame held is clamped to it, as tshark does ("IPv4 total length exceeds
 * packet length"): bytes that never existed are not a gap to wait for.
 */
export function readIp(network: NetworkProtocol, data: Uint8Array, offset: number, out: IpPacket, end = data.length, wireEnd = Infinity): IpFailure | null {
  out.claimedBeyondFrame = 0;
  return network === 'ipv4' ? readIpv4(data, offset, out, end, wireEnd) : readIpv6(data, offset, out, end, wireEnd);
}

/** `end`: where the frame's captured bytes end in `data` (the packet's offsets are counted in `data`) */
function readIpv4(data: Uint8Array, offset: number, out: IpPacket, end: number, wireEnd: number): IpFailure | null {
  if (end < offset + 20) return { ok: false, reason: 'truncated', detail: 'IPv4 header truncated' };
  const versionIhl = data[offset];
  if (versionIhl >> 4 !== 4) return { ok: false, reason: 'malformed', detail: `IPv4 header with version ${versionIhl >> 4}` };
  const headerLength = (versionIhl & 0x0f) * 4;
  if (headerLength < 20) return { ok: false, reason: 'malformed', detail: `IPv4 header length ${headerLength}` };
  if (end < offset + headerLength) return { ok: false, reason: 'truncated', detail: 'IPv4 options truncated' };
  let totalLength = (data[offset + 2] << 8) | data[offset + 3];
  // TSO/GRO captures carry total length 0; trust the frame then
  if (totalLength === 0) totalLength = end - offset;
  if (offset + totalLength > wireEnd && wireEnd - offset >= headerLength) {
    out.claimedBeyondFrame = totalLength;
    totalLength = wireEnd - offset;
  }
  if (totalLength < headerLength) return { ok: false, reason: 'malformed', detail: `IPv4 total length ${totalLength} shorter than its header` };
  const id = (data[offset + 4] << 8) | data[offset + 5];
  const flagsFragment = (data[offset + 6] << 8) | data[offset + 7];
  const moreFragments = (flagsFragment & 0x2000) !== 0;
  const fragmentOffset = (flagsFragment & 0x1fff) * 8;
  const payloadOffset = offset + headerLength;
  const payloadLength = totalLength - headerLength;
  out.version = 4;
  out.srcOffset = offset + 12;
  out.dstOffset = offset + 16;
  out.protocol = data[offset + 9];
  out.payloadOffset = payloadOffset;
  out.payloadLength = payloadLength;
  out.capturedPayloadLength = Math.max(0, Math.min(payloadLength, end - payloadOffset));
  out.fragment = moreFragments || fragmentOffset > 0 ? { offset: fragmentOffset, moreFragments, id } : null;
  return null;
}

function readIpv6(data: Uint8Array, offset: number, out: IpPacket, frameEnd: number, wireEnd: number): IpFailure | null {
  if (frameEnd < offset + 40) return { ok: false, reason: 'truncated', detail: 'IPv6 header truncated' };
  if (data[offset] >> 4 !== 6) return { ok: false, reason: 'malformed', detail: `IPv6 header with version ${data[offset] >> 4}` };
  let payloadLength = (data[offset + 4] << 8) | data[offset + 5];
  if (payloadLength === 0) payloadLength = frameEnd - offset - 40; // jumbogram or TSO capture
  if (offset + 40 + payloadLength > wireEnd) {
    out.claimedBeyondFrame = payloadLength;
    payloadLength = wireEnd - offset - 40;
  }
  let next = data[offset + 6];
  let cursor = offset + 40;
  const end = offset + 40 + payloadLength;
  let fragment: IpPacket['fragment'] = null;
  for (let guard = 0; guard < 16; guard++) {
    if (next === IPV6_HOP_BY_HOP || next === IPV6_ROUTING || next === IPV6_DEST_OPTS || next === IPV6_MOBILITY) {
      if (frameEnd < cursor + 2) return { ok: false, reason: 'truncated', detail: 'IPv6 extension header truncated' };
      const len = (data[cursor + 1] + 1) * 8;
      next = data[cursor];
      cursor += len;
    } else if (next === IPV6_FRAGMENT) {
      if (frameEnd < cursor + 8) return { ok: false, reason: 'truncated', detail: 'IPv6 fragment header truncated' };
      const offField = (data[cursor + 2] << 8) | data[cursor + 3];
      const id = ((data[cursor + 4] << 24) | (data[cursor + 5] << 16) | (data[cursor + 6] << 8) | data[cursor + 7]) >>> 0;
      fragment = { offset: offField & 0xfff8, moreFragments: (offField & 1) !== 0, id };
      if (!fragment.moreFragments && fragment.offset === 0) fragment = null; // atomic fragment
      next = data[cursor];
      cursor += 8;
    } else if (next === IPV6_AH) {
      if (frameEnd < cursor + 2) return { ok: false, reason: 'truncated', detail: 'IPv6 AH header truncated' };
      const len = (data[cursor + 1] + 2) * 4;
      next = data[cursor];
      cursor += len;
    } else if (next === IPV6_ESP) {
      return { ok: false, reason: 'esp', detail: 'IPv6 payload is ESP-encrypted' };
    } else {
      break;
    }
    if (cursor > end) return { ok: false, reason: 'malformed', detail: 'IPv6 extension headers run past the payload' };
  }
  if (next === IPV6_NO_NEXT) return { ok: false, reason: 'malformed', detail: 'IPv6 packet with no next header' };
  const upperLength = end - cursor;
  out.version = 6;
  out.srcOffset = offset + 8;
  out.dstOffset = offset + 24;
  out.protocol = next;
  out.payloadOffset = cursor;
  out.payloadLength = upperLength;
  out.capturedPayloadLength = Math.max(0, Math.min(upperLength, frameEnd - cursor));
  out.fragment = fragment;
  return null;
}
