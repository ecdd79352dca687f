import { LINKTYPE } from './link-types';

export type NetworkProtocol = 'ipv4' | 'ipv6';

export type LinkResult =
  | { readonly ok: true; readonly network: NetworkProtocol; readonly offset: number; readonly vlans: number }
  | { ok: false; reason: 'unknown-link-type' | 'truncated' | 'not-ip'; detail: string };

type LinkOk = Extract<LinkResult, { ok: true }>;

/**
 * Every frame finds its IP packet at one of a few places: the answers are made once and
 * shared (read-only), not made per frame.
 */
const sharedAnswers: Array<LinkOk | undefined> = [];

function linkOk(network: NetworkProtocol, offset: number, vlans: number): LinkOk {
  // offsets stay below 64 (at most 8 VLAN tags, then PPPoE) and vlans below 16
  const key = (offset * 16 + vlans) * 2 + (network === 'ipv6' ? 1 : 0);
  return (sharedAnswers[key] ??= Object.freeze({ ok: true as const, network, offset, vlans }));
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD = 0x9100;
const ETHERTYPE_PPPOE_SESSION = 0x8864;

/**
 * Finds the IP packet inside a link-layer frame, data[start, end) (the whole of `data` by
 * default). Returns where it starts, counted from `start`, or why there is none; never throws.
 */
export function decodeLink(linkType: number, data: Uint8Array, start = 0, end = data.length): LinkResult {
  const n = end - start;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return decodeEthernet(data, start, n);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP:
      return decodeLoopback(data, start, n, linkType === LINKTYPE.LOOP);
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OPENBSD:
    case LINKTYPE.RAW_14:
      return byIpVersion(data, start, n, 0);
    case LINKTYPE.IPV4:
      return linkOk('ipv4', 0, 0);
    case LINKTYPE.IPV6:
      return linkOk('ipv6', 0, 0);
    case LINKTYPE.PPP:
      return decodePpp(data, start, n);
    case LINKTYPE.LINUX_SLL:
      if (n < 16) return truncated('Linux cooked header');
      return byEtherType(readU16(data, start + 14), 16, 0);
    case LINKTYPE.LINUX_SLL2:
      if (n < 20) return truncated('Linux cooked v2 header');
      return byEtherType(readU16(data, start), 20, 0);
    default:
      return { ok: false, reason: 'unknown-link-type', detail: `link type ${linkType} is not decoded` };
  }
}

/** `n` bytes from `start`: the frame (so are the other decoders' arguments) */
function decodeEthernet(data: Uint8Array, start: number, n: number): LinkResult {
  if (n < 14) return truncated('Ethernet header');
  let offset = 12;
  let etherType = readU16(data, start + offset);
  let vlans = 0;
  while (etherType === ETHERTYPE_VLAN || etherType === ETHERTYPE_QINQ || etherType === ETHERTYPE_QINQ_OLD) {
    if (n < offset + 6) return truncated('VLAN tag');
    offset += 4;
    vlans++;
    etherType = readU16(data, start + offset);
    if (vlans > 8) return { ok: false, reason: 'not-ip', detail: 'more than 8 VLAN tags' };
  }
  offset += 2;
  if (etherType === ETHERTYPE_PPPOE_SESSION) {
    // PPPoE session header (6) + PPP protocol (2): 0x0021 IPv4, 0x0057 IPv6
    if (n < offset + 8) return truncated('PPPoE header');
    const ppp = readU16(data, start + offset + 6);
    if (ppp === 0x0021) return linkOk('ipv4', offset + 8, vlans);
    if (ppp === 0x0057) return linkOk('ipv6', offset + 8, vlans);
    return { ok: false, reason: 'not-ip', detail: `PPP protocol 0x${ppp.toString(16)}` };
  }
  return byEtherType(etherType, offset, vlans);
}

/** LINKTYPE_PPP (RFC 1661 §2): an optional HDLC address/control pair (ff 03, RFC 1662 §3.1), then the 2-byte protocol. */
function decodePpp(data: Uint8Array, start: number, n: number): LinkResult {
  const offset = n >= 2 && data[start] === 0xff && data[start + 1] === 0x03 ? 2 : 0;
  if (n < offset + 2) return truncated('PPP header');
  const protocol = readU16(data, start + offset);
  if (protocol === 0x0021) return linkOk('ipv4', offset + 2, 0);
  if (protocol === 0x0057) return linkOk('ipv6', offset + 2, 0);
  return { ok: false, reason: 'not-ip', detail: `PPP protocol 0x${protocol.toString(16)}` };
}

function decodeLoopback(data: Uint8Array, start: number, n: number, networkOrder: boolean): LinkResult {
  if (n < 4) return truncated('loopback header');
  // the family is in the capturing host's byte order; accept both
  const b0 = data[start];
  const b1 = data[start + 1];
  const b2 = data[start + 2];
  const b3 = data[start + 3];
  const le = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
  const be = (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
  const family = networkOrder ? be : le > 0 && le < 256 ? le : be;
  if (family === 2) return linkOk('ipv4', 4, 0);
  // AF_INET6 differs by OS: 10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS
  if (family === 24 || family === 28 || family === 30 || family === 10) return linkOk('ipv6', 4, 0);
  return byIpVersion(data, start, n, 4);
}

/** the answer for most frames of most captures: IPv4 right after an untagged Ethernet header */
const ETHERNET_IPV4 = linkOk('ipv4', 14, 0);

function byEtherType(etherType: number, offset: number, vlans: number): LinkResult {
  if (etherType === ETHERTYPE_IPV4) return offset === 14 && vlans === 0 ? ETHERNET_IPV4 : linkOk('ipv4', offset, vlans);
  if (etherType === ETHERTYPE_IPV6) return linkOk('ipv6', offset, vlans);
  return { ok: false, reason: 'not-ip', detail: `ethertype 0x${etherType.toString(16).padStart(4, '0')}` };
}

function byIpVersion(data: Uint8Array, start: number, n: number, offset: number): LinkResult {
  if (n <= offset) return truncated('IP header');
  const version = data[start + offset] >> 4;
  if (version === 4) return linkOk('ipv4', offset, 0);
  if (version === 6) return linkOk('ipv6', offset, 0);
  return { ok: false, reason: 'not-ip', detail: `IP version ${version}` };
}

function truncated(what: string): LinkResult {
  return { ok: false, reason: 'truncated', detail: `${what} truncated` };
}

function readU16(data: Uint8Array, offset: number): number {
  return (data[offset] << 8) | data[offset + 1];
}
