import { describe, expect, it } from 'vitest';
import { decodeLink } from '../../../../main/engine/link/decode-link';
import { ETHERTYPE, ethernet, ethernetHeaderLength, IPPROTO, ipv4, ipv6, LINK, patternBytes } from '../../../fixtures/builders';

const v4 = ipv4({ src: '192.0.2.1', dst: '198.51.100.2', protocol: IPPROTO.UDP, payload: patternBytes(8) });
const v6 = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: IPPROTO.UDP, payload: patternBytes(8) });

describe('link: Ethernet II and VLAN tags', () => {
  it('untagged IPv4 and IPv6', () => {
    expect(decodeLink(LINK.ETHERNET, ethernet({ etherType: ETHERTYPE.IPV4, payload: v4 }))).toEqual({ ok: true, network: 'ipv4', offset: 14, vlans: 0 });
    expect(decodeLink(LINK.ETHERNET, ethernet({ etherType: ETHERTYPE.IPV6, payload: v6 }))).toEqual({ ok: true, network: 'ipv6', offset: 14, vlans: 0 });
  });

  it('802.1Q: one tag, payload 4 bytes later', () => {
    const frame = ethernet({ vlans: [{ vid: 42, priority: 5 }], etherType: ETHERTYPE.IPV4, payload: v4 });
    const r = decodeLink(LINK.ETHERNET, frame);
    expect(r).toEqual({ ok: true, network: 'ipv4', offset: ethernetHeaderLength(1), vlans: 1 });
    if (r.ok) expect(frame.subarray(r.offset)).toEqual(v4);
  });

  it('QinQ: 802.1ad service tag (0x88a8) then 802.1Q customer tag', () => {
    const frame = ethernet({ vlans: [{ tpid: ETHERTYPE.QINQ, vid: 100 }, { tpid: ETHERTYPE.VLAN, vid: 200 }], etherType: ETHERTYPE.IPV6, payload: v6 });
    const r = decodeLink(LINK.ETHERNET, frame);
    expect(r).toEqual({ ok: true, network: 'ipv6', offset: 22, vlans: 2 });
    if (r.ok) expect(frame.subarray(r.offset)).toEqual(v6);
  });

  it('the older 0x9100 outer tag', () => {
    const frame = ethernet({ vlans: [{ tpid: 0x9100, vid: 1 }, { vid: 2 }], etherType: ETHERTYPE.IPV4, payload: v4 });
    expect(decodeLink(LINK.ETHERNET, frame)).toEqual({ ok: true, network: 'ipv4', offset: 22, vlans: 2 });
  });

  it('ARP is not IP', () => {
    const arp = ethernet({ etherType: ETHERTYPE.ARP, payload: patternBytes(28) });
    expect(decodeLink(LINK.ETHERNET, arp)).toMatchObject({ ok: false, reason: 'not-ip', detail: expect.stringContaining('0806') });
    const taggedArp = ethernet({ vlans: [{ vid: 9 }], etherType: ETHERTYPE.ARP, payload: patternBytes(28) });
    expect(decodeLink(LINK.ETHERNET, taggedArp)).toMatchObject({ ok: false, reason: 'not-ip' });
  });

  it('PPPoE session carrying IPv4', () => {
    const ppp = [0x11, 0x00, 0x12, 0x34, 0x00, v4.length + 2, 0x00, 0x21, ...v4];
    const frame = ethernet({ etherType: 0x8864, payload: ppp });
    expect(decodeLink(LINK.ETHERNET, frame)).toEqual({ ok: true, network: 'ipv4', offset: 22, vlans: 0 });
  });

  it('truncated: inside the MAC header, inside a VLAN tag', () => {
    const frame = ethernet({ vlans: [{ vid: 42 }], etherType: ETHERTYPE.IPV4, payload: v4 });
    expect(decodeLink(LINK.ETHERNET, frame.subarray(0, 13))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(decodeLink(LINK.ETHERNET, frame.subarray(0, 17))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(decodeLink(LINK.ETHERNET, new Uint8Array(0))).toMatchObject({ ok: false, reason: 'truncated' });
  });
});
