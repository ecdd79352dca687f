import { describe, expect, it } from 'vitest';
import { addressText, parseIp } from '../../../../main/engine/net/ip';
import { IPPROTO, ipv6, patternBytes } from '../../../fixtures/builders';

const base = { src: '2001:db8::1', dst: '2001:db8::2' };

describe('IPv6 header and extension headers', () => {
  it('no extension headers: upper layer right after the 40-byte header', () => {
    const packet = ipv6({ ...base, nextHeader: IPPROTO.TCP, payload: patternBytes(60) });
    const r = parseIp('ipv6', packet, 0);
    expect(r).toEqual({
      ok: true,
      packet: { version: 6, srcOffset: 8, dstOffset: 24, protocol: 6, payloadOffset: 40, payloadLength: 60, capturedPayloadLength: 60, fragment: null, claimedBeyondFrame: 0 },
    });
    if (r.ok) {
      expect(addressText(packet, 6, r.packet.srcOffset)).toBe('2001:db8::1');
      expect(addressText(packet, 6, r.packet.dstOffset)).toBe('2001:db8::2');
    }
  });

  it('hop-by-hop, routing, destination options and fragment headers are walked to TCP', () => {
    const packet = ipv6({
      ...base,
      nextHeader: IPPROTO.TCP,
      payload: patternBytes(50),
      extensions: [
        { type: 'hop-by-hop' }, // 8
        { type: 'routing', addresses: ['2001:db8::99'] }, // 24
        { type: 'dest-opts', units: 1 }, // 16
        { type: 'fragment', offset: 0, more: true, id: 0xdeadbeef }, // 8
      ],
    });
    const r = parseIp('ipv6', packet, 0);
    expect(r).toMatchObject({ ok: true, packet: { protocol: 6, payloadOffset: 96, payloadLength: 50, capturedPayloadLength: 50, fragment: { offset: 0, moreFragments: true, id: 0xdeadbeef } } });
    if (r.ok) expect(packet.subarray(r.packet.payloadOffset)).toEqual(patternBytes(50));
  });

  it('a later fragment, and an atomic fragment (offset 0, no more) which is no fragment at all', () => {
    const later = ipv6({ ...base, nextHeader: IPPROTO.UDP, payload: patternBytes(20), extensions: [{ type: 'fragment', offset: 1448, more: false, id: 7 }] });
    expect(parseIp('ipv6', later, 0)).toMatchObject({ ok: true, packet: { protocol: 17, payloadOffset: 48, fragment: { offset: 1448, moreFragments: false, id: 7 } } });
    const atomic = ipv6({ ...base, nextHeader: IPPROTO.TCP, payload: patternBytes(20), extensions: [{ type: 'fragment', offset: 0, more: false, id: 8 }] });
    expect(parseIp('ipv6', atomic, 0)).toMatchObject({ ok: true, packet: { protocol: 6, payloadOffset: 48, fragment: null } });
  });

  it('an authentication header is skipped by its own length unit (4 octets)', () => {
    const packet = ipv6({ ...base, nextHeader: IPPROTO.TCP, payload: patternBytes(20), extensions: [{ type: 'ah', icvLength: 12 }, { type: 'dest-opts' }] });
    expect(parseIp('ipv6', packet, 0)).toMatchObject({ ok: true, packet: { protocol: 6, payloadOffset: 40 + 24 + 8, payloadLength: 20 } });
  });

  it('ESP, directly or after hop-by-hop: reported as encrypted', () => {
    expect(parseIp('ipv6', ipv6({ ...base, nextHeader: IPPROTO.ESP, payload: patternBytes(64) }), 0)).toMatchObject({ ok: false, reason: 'esp' });
    expect(parseIp('ipv6', ipv6({ ...base, nextHeader: IPPROTO.ESP, payload: patternBytes(64), extensions: [{ type: 'hop-by-hop' }] }), 0)).toMatchObject({ ok: false, reason: 'esp' });
  });

  it('no next header (59) is malformed for our purposes', () => {
    expect(parseIp('ipv6', ipv6({ ...base, nextHeader: IPPROTO.NO_NEXT, payload: [] }), 0)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('extension headers running past the payload length', () => {
    const packet = ipv6({ ...base, nextHeader: IPPROTO.TCP, payload: patternBytes(20), extensions: [{ type: 'dest-opts', units: 3 }], payloadLength: 16 });
    expect(parseIp('ipv6', packet, 0)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('truncated fixed header and truncated extension header', () => {
    const packet = ipv6({ ...base, nextHeader: IPPROTO.TCP, payload: patternBytes(20), extensions: [{ type: 'fragment', offset: 8, more: true, id: 1 }] });
    expect(parseIp('ipv6', packet.subarray(0, 39), 0)).toMatchObject({ ok: false, reason: 'truncated' });
    expect(parseIp('ipv6', packet.subarray(0, 44), 0)).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('snap length: payload length from the header, captured length from the frame', () => {
    const packet = ipv6({ ...base, nextHeader: IPPROTO.TCP, payload: patternBytes(1400), extensions: [{ type: 'hop-by-hop' }] });
    expect(parseIp('ipv6', packet.subarray(0, 128), 0)).toMatchObject({ ok: true, packet: { payloadOffset: 48, payloadLength: 1400, capturedPayloadLength: 80 } });
  });

  it('payload length 0 (jumbogram or offload capture): the frame length is used', () => {
    const packet = ipv6({ ...base, nextHeader: IPPROTO.TCP, payload: patternBytes(100), payloadLength: 0 });
    expect(parseIp('ipv6', packet, 0)).toMatchObject({ ok: true, packet: { payloadLength: 100, capturedPayloadLength: 100 } });
  });
});
