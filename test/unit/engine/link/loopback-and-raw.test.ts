import { describe, expect, it } from 'vitest';
import { decodeLink } from '../../../../main/engine/link/decode-link';
import { linkTypeName } from '../../../../main/engine/link/link-types';
import { AF, IPPROTO, ipv4, ipv6, LINK, nullLoopback, openbsdLoop, patternBytes, type ByteOrder } from '../../../fixtures/builders';

const v4 = ipv4({ src: '127.0.0.1', dst: '127.0.0.1', protocol: IPPROTO.TCP, payload: patternBytes(20) });
const v6 = ipv6({ src: '::1', dst: '::1', nextHeader: IPPROTO.TCP, payload: patternBytes(20) });

describe('link: BSD loopback (NULL) in either host byte order', () => {
  for (const order of ['le', 'be'] as ByteOrder[]) {
    it(`${order}: AF_INET`, () => {
      expect(decodeLink(LINK.NULL, nullLoopback(AF.INET, order, v4))).toEqual({ ok: true, network: 'ipv4', offset: 4, vlans: 0 });
    });
    for (const family of [AF.INET6_BSD, AF.INET6_FREEBSD, AF.INET6_DARWIN, AF.INET6_LINUX]) {
      it(`${order}: AF_INET6 = ${family}`, () => {
        expect(decodeLink(LINK.NULL, nullLoopback(family, order, v6))).toEqual({ ok: true, network: 'ipv6', offset: 4, vlans: 0 });
      });
    }
  }

  it('the family field decides, in either byte order, even when the payload looks otherwise', () => {
    const looksLikeV6 = patternBytes(20, 0x60);
    const looksLikeV4 = patternBytes(20, 0x45);
    for (const order of ['le', 'be'] as ByteOrder[]) {
      expect(decodeLink(LINK.NULL, nullLoopback(AF.INET, order, looksLikeV6))).toMatchObject({ ok: true, network: 'ipv4' });
      expect(decodeLink(LINK.NULL, nullLoopback(AF.INET6_DARWIN, order, looksLikeV4))).toMatchObject({ ok: true, network: 'ipv6' });
    }
  });

  it('LINKTYPE_LOOP: family always big-endian', () => {
    expect(decodeLink(LINK.LOOP, openbsdLoop(AF.INET, v4))).toEqual({ ok: true, network: 'ipv4', offset: 4, vlans: 0 });
    expect(decodeLink(LINK.LOOP, openbsdLoop(AF.INET6_BSD, v6))).toEqual({ ok: true, network: 'ipv6', offset: 4, vlans: 0 });
  });

  it('an unknown family falls back to the IP version nibble; a header shorter than 4 bytes is truncated', () => {
    expect(decodeLink(LINK.NULL, nullLoopback(99, 'le', v6))).toMatchObject({ ok: true, network: 'ipv6', offset: 4 });
    expect(decodeLink(LINK.NULL, nullLoopback(99, 'le', patternBytes(20, 0x30)))).toMatchObject({ ok: false });
    expect(decodeLink(LINK.NULL, Uint8Array.of(2, 0, 0))).toMatchObject({ ok: false, reason: 'truncated' });
  });
});

describe('link: raw IP', () => {
  it('LINKTYPE_RAW (101) tells IPv4 from IPv6 by the version nibble', () => {
    expect(decodeLink(LINK.RAW, v4)).toEqual({ ok: true, network: 'ipv4', offset: 0, vlans: 0 });
    expect(decodeLink(LINK.RAW, v6)).toEqual({ ok: true, network: 'ipv6', offset: 0, vlans: 0 });
    expect(decodeLink(12, v6)).toMatchObject({ ok: true, network: 'ipv6' });
    expect(decodeLink(14, v4)).toMatchObject({ ok: true, network: 'ipv4' });
  });

  it('LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229) need no sniffing', () => {
    expect(decodeLink(LINK.IPV4, v4)).toEqual({ ok: true, network: 'ipv4', offset: 0, vlans: 0 });
    expect(decodeLink(LINK.IPV6, v6)).toEqual({ ok: true, network: 'ipv6', offset: 0, vlans: 0 });
  });

  it('raw bytes with another version nibble, and an empty frame', () => {
    expect(decodeLink(LINK.RAW, patternBytes(20, 0x50))).toMatchObject({ ok: false, reason: 'not-ip' });
    expect(decodeLink(LINK.RAW, new Uint8Array(0))).toMatchObject({ ok: false, reason: 'truncated' });
  });
});

describe('link: types not decoded', () => {
  it('reports unknown-link-type with the number', () => {
    expect(decodeLink(LINK.USER0, v4)).toEqual({ ok: false, reason: 'unknown-link-type', detail: expect.stringContaining('147') });
  });

  it('names link types for statistics', () => {
    expect([0, 1, 101, 113, 228, 229, 276].map(linkTypeName)).toEqual(['null', 'ether', 'rawip', 'linux-sll', 'rawip4', 'rawip6', 'linux-sll2']);
    expect(linkTypeName(147)).toBe('linktype-147');
  });
});
