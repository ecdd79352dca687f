import { describe, expect, it } from 'vitest';
import { endpointToString, ipv4ToString, ipv6ToString } from '../../../../main/engine/net/address';
import { concat, ipv6Address } from '../../../fixtures/builders';

/** the 16 bytes of an address written out in full, placed at an offset inside a larger buffer */
function text6(full: string): string {
  const bytes = concat([0xff, 0xff, 0xff], ipv6Address(full), [0xff]);
  return ipv6ToString(bytes, 3);
}

describe('IPv6 address text (RFC 5952)', () => {
  const cases: Array<[string, string]> = [
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['fe80:0:0:0:1:0:0:1', 'fe80::1:0:0:1'], // the longest run is compressed
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // equal runs: the first one
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed
    ['2001:db8:0:0:0:0:0:0', '2001:db8::'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['2001:DB8:00AA:0:0:0:0:0FF', '2001:db8:aa::ff'], // lower case, no leading zeros
    ['0:0:1:0:0:0:1:0', '0:0:1::1:0'],
    ['0:0:0:0:0:ffff:c000:201', '::ffff:192.0.2.1'], // IPv4-mapped, dotted
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ];
  for (const [full, expected] of cases) {
    it(`${full} → ${expected}`, () => {
      expect(text6(full)).toBe(expected);
    });
  }
});

describe('IPv4 address text and endpoints', () => {
  it('dotted quad at an offset', () => {
    expect(ipv4ToString(Uint8Array.of(9, 192, 0, 2, 255), 1)).toBe('192.0.2.255');
  });

  it('every address keeps its own text, however many a capture holds (the texts are remembered, boundedly)', () => {
    // more prefixes and more hosts per prefix than the remembered texts hold, each asked for twice
    const asked: Array<[number, number, number, number]> = [];
    for (let a = 0; a < 5000; a++) asked.push([(a >> 8) + 1, a & 0xff, 7, (a * 37) & 0xff]);
    for (let h = 0; h < 5000; h++) asked.push([192, 0, h >> 8, h & 0xff]);
    for (const round of [1, 2]) {
      for (const quad of asked) {
        expect(ipv4ToString(Uint8Array.from(quad), 0), `round ${round}`).toBe(quad.join('.'));
      }
    }
  });

  it('IPv6 endpoints get brackets, IPv4 endpoints do not', () => {
    expect(endpointToString('2001:db8::1', 443)).toBe('[2001:db8::1]:443');
    expect(endpointToString('192.0.2.1', 8443)).toBe('192.0.2.1:8443');
  });
});
