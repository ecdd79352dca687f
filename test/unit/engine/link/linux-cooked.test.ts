import { describe, expect, it } from 'vitest';
import { decodeLink } from '../../../../main/engine/link/decode-link';
import { ETHERTYPE, IPPROTO, ipv4, ipv6, LINK, patternBytes, sll, sll2 } from '../../../fixtures/builders';

const v4 = ipv4({ src: '10.1.1.1', dst: '10.1.1.2', protocol: IPPROTO.TCP, payload: patternBytes(20) });
const v6 = ipv6({ src: 'fe80::1', dst: 'fe80::2', nextHeader: IPPROTO.TCP, payload: patternBytes(20) });

describe('link: Linux cooked captures', () => {
  it('SLL: 16-byte header, protocol in its last two bytes', () => {
    const frame = sll({ packetType: 4, protocol: ETHERTYPE.IPV4, payload: v4 });
    expect(frame.length).toBe(16 + v4.length);
    expect(decodeLink(LINK.LINUX_SLL, frame)).toEqual({ ok: true, network: 'ipv4', offset: 16, vlans: 0 });
    expect(decodeLink(LINK.LINUX_SLL, sll({ protocol: ETHERTYPE.IPV6, payload: v6 }))).toEqual({ ok: true, network: 'ipv6', offset: 16, vlans: 0 });
  });

  it('SLL2: 20-byte header, protocol in its first two bytes', () => {
    const frame = sll2({ protocol: ETHERTYPE.IPV6, interfaceIndex: 7, payload: v6 });
    expect(frame.length).toBe(20 + v6.length);
    expect(decodeLink(LINK.LINUX_SLL2, frame)).toEqual({ ok: true, network: 'ipv6', offset: 20, vlans: 0 });
    expect(decodeLink(LINK.LINUX_SLL2, sll2({ protocol: ETHERTYPE.IPV4, payload: v4 }))).toEqual({ ok: true, network: 'ipv4', offset: 20, vlans: 0 });
  });

  it('SLL and SLL2 are not confused: the other header layout finds no IP', () => {
    // an SLL2 frame read as SLL finds bytes of the address field where SLL keeps the protocol
    expect(decodeLink(LINK.LINUX_SLL, sll2({ protocol: ETHERTYPE.IPV4, payload: v4 }))).toMatchObject({ ok: false, reason: 'not-ip' });
  });

  it('non-IP protocols (ARP) and truncated headers', () => {
    expect(decodeLink(LINK.LINUX_SLL, sll({ protocol: ETHERTYPE.ARP, payload: patternBytes(28) }))).toMatchObject({ ok: false, reason: 'not-ip' });
    expect(decodeLink(LINK.LINUX_SLL, sll({ protocol: ETHERTYPE.IPV4, payload: [] }).subarray(0, 15))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(decodeLink(LINK.LINUX_SLL2, sll2({ protocol: ETHERTYPE.IPV4, payload: [] }).subarray(0, 19))).toMatchObject({ ok: false, reason: 'truncated' });
  });
});
