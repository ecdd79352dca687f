import { describe, expect, it } from 'vitest';
import { addressText, parseIp } from '../../../../main/engine/net/ip';
import { concat, ETHERTYPE, ethernet, IPPROTO, ipv4, IPV4_OPTION, patternBytes } from '../../../fixtures/builders';

const base = { src: '192.0.2.10', dst: '203.0.113.7', protocol: IPPROTO.TCP };

describe('IPv4 header', () => {
  it('addresses, protocol and where the payload is, behind an Ethernet header', () => {
    const frame = ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ ...base, payload: patternBytes(100) }) });
    const r = parseIp('ipv4', frame, 14);
    expect(r).toEqual({
      ok: true,
      packet: { version: 4, srcOffset: 26, dstOffset: 30, protocol: 6, payloadOffset: 34, payloadLength: 100, capturedPayloadLength: 100, fragment: null, claimedBeyondFrame: 0 },
    });
    if (r.ok) {
      expect(addressText(frame, 4, r.packet.srcOffset)).toBe('192.0.2.10');
      expect(addressText(frame, 4, r.packet.dstOffset)).toBe('203.0.113.7');
    }
  });

  it('options move the payload: IHL says where it starts', () => {
    const options = [...IPV4_OPTION.routerAlert(), ...IPV4_OPTION.nop(), ...IPV4_OPTION.recordRoute(2)]; // 4 + 1 + 11 = 16 bytes
    const packet = ipv4({ ...base, options, payload: patternBytes(30) });
    expect(packet[0]).toBe(0x49);
    const r = parseIp('ipv4', packet, 0);
    expect(r).toMatchObject({ ok: true, packet: { payloadOffset: 36, payloadLength: 30, capturedPayloadLength: 30 } });
    if (r.ok) expect(packet.subarray(r.packet.payloadOffset)).toEqual(patternBytes(30));
  });

  it('a packet cut by the snap length: payload length from the header, captured length from the frame', () => {
    const packet = ipv4({ ...base, payload: patternBytes(1460) });
    expect(parseIp('ipv4', packet.subarray(0, 96), 0)).toMatchObject({ ok: true, packet: { payloadLength: 1460, capturedPayloadLength: 76 } });
  });

  it('Ethernet padding after a short packet is not payload', () => {
    const frame = concat(ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ ...base, payload: patternBytes(20) }) }), new Uint8Array(6));
    expect(parseIp('ipv4', frame, 14)).toMatchObject({ ok: true, packet: { payloadLength: 20, capturedPayloadLength: 20 } });
  });

  it('total length 0 (segmentation offload captures): the frame length is used', () => {
    const packet = ipv4({ ...base, payload: patternBytes(3000), totalLength: 0 });
    expect(parseIp('ipv4', packet, 0)).toMatchObject({ ok: true, packet: { payloadLength: 3000, capturedPayloadLength: 3000 } });
  });

  it('fragment flags: MF with offset 0, last fragment with an offset, DF alone is no fragment', () => {
    const first = ipv4({ ...base, id: 0xbeef, moreFragments: true, payload: patternBytes(1480) });
    const last = ipv4({ ...base, id: 0xbeef, fragmentOffset: 1480, payload: patternBytes(100) });
    const df = ipv4({ ...base, dontFragment: true, payload: patternBytes(10) });
    expect(parseIp('ipv4', first, 0)).toMatchObject({ ok: true, packet: { fragment: { offset: 0, moreFragments: true, id: 0xbeef } } });
    expect(parseIp('ipv4', last, 0)).toMatchObject({ ok: true, packet: { fragment: { offset: 1480, moreFragments: false, id: 0xbeef } } });
    expect(parseIp('ipv4', df, 0)).toMatchObject({ ok: true, packet: { fragment: null } });
  });

  it('ESP is just another protocol number for IPv4', () => {
    expect(parseIp('ipv4', ipv4({ ...base, protocol: IPPROTO.ESP, payload: patternBytes(40) }), 0)).toMatchObject({ ok: true, packet: { protocol: 50 } });
  });

  it('malformed and truncated headers', () => {
    const good = ipv4({ ...base, payload: patternBytes(20) });
    expect(parseIp('ipv4', good.subarray(0, 19), 0)).toMatchObject({ ok: false, reason: 'truncated' });
    expect(parseIp('ipv4', ipv4({ ...base, ihl: 4, payload: patternBytes(20) }), 0)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseIp('ipv4', ipv4({ ...base, version: 6, payload: patternBytes(20) }), 0)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseIp('ipv4', ipv4({ ...base, totalLength: 12, payload: patternBytes(20) }), 0)).toMatchObject({ ok: false, reason: 'malformed' });
    const withOptions = ipv4({ ...base, options: IPV4_OPTION.recordRoute(4), payload: [] });
    expect(parseIp('ipv4', withOptions.subarray(0, 30), 0)).toMatchObject({ ok: false, reason: 'truncated' });
  });
});
