import { describe, expect, it } from 'vitest';
import { dnsNameMatches, matchHostname } from '../../../../../main/engine/tls/x509/hostname';

const names = (dns: string[], ip: string[] = [], commonName: string | null = null) => ({ dns, ip, commonName });

describe('matchHostname (RFC 6125 as browsers apply it)', () => {
  it('matches exact DNS names case-insensitively, ignoring a trailing dot', () => {
    expect(matchHostname('Example.TEST', names(['example.test']))).toEqual({ ok: true, matchedBy: 'dns', presented: 'example.test' });
    expect(matchHostname('example.test.', names(['EXAMPLE.test']))).toMatchObject({ ok: true });
    expect(matchHostname('www.example.test', names(['example.test']))).toEqual({ ok: false, reason: 'no-match' });
  });

  it('accepts a wildcard only as the whole leftmost label, covering exactly one label', () => {
    expect(dnsNameMatches('a.example.test', '*.example.test')).toBe(true);
    expect(dnsNameMatches('a.b.example.test', '*.example.test')).toBe(false);
    expect(dnsNameMatches('example.test', '*.example.test')).toBe(false);
    expect(dnsNameMatches('.example.test', '*.example.test')).toBe(false);
    // partial-label and non-leftmost wildcards are refused, as are wildcards over a bare TLD
    expect(dnsNameMatches('foo.example.test', 'f*.example.test')).toBe(false);
    expect(dnsNameMatches('a.b.example.test', 'a.*.example.test')).toBe(false);
    expect(dnsNameMatches('example.test', '*.test')).toBe(false);
  });

  it('matches IP literals only against iPAddress entries, comparing parsed addresses', () => {
    const ipNames = names(['192.0.2.10'], ['192.0.2.10', '2001:db8::1']);
    expect(matchHostname('192.0.2.10', ipNames)).toEqual({ ok: true, matchedBy: 'ip', presented: '192.0.2.10' });
    expect(matchHostname('2001:DB8:0:0::1', ipNames)).toMatchObject({ ok: true, matchedBy: 'ip', presented: '2001:db8::1' });
    expect(matchHostname('[2001:db8::1]', ipNames)).toMatchObject({ ok: true, matchedBy: 'ip' });
    expect(matchHostname('192.0.2.11', ipNames)).toEqual({ ok: false, reason: 'no-match' });
    // a dNSName spelling an address does not count for an IP literal
    expect(matchHostname('192.0.2.99', names(['192.0.2.99']))).toEqual({ ok: false, reason: 'no-match' });
  });

  it('never accepts the Common Name, but says when only the CN would have matched', () => {
    expect(matchHostname('cn.example.test', names([], [], 'cn.example.test'))).toEqual({ ok: false, reason: 'cn-only' });
    expect(matchHostname('other.test', names([], [], 'cn.example.test'))).toEqual({ ok: false, reason: 'no-match' });
    expect(matchHostname('other.test', names([], [], null))).toEqual({ ok: false, reason: 'no-names' });
    // with any SAN present the CN is not even considered
    expect(matchHostname('cn.example.test', names(['x.example.test'], [], 'cn.example.test'))).toEqual({ ok: false, reason: 'no-match' });
  });

  it('compares a Unicode host name by its A-label', () => {
    expect(matchHostname('bücher.example.test', names(['xn--bcher-kva.example.test']))).toMatchObject({ ok: true });
  });
});
