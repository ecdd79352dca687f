/**
 * Server identity check the way current browsers do it (RFC 6125 as profiled
 * by the CA/Browser Forum): DNS names from subjectAltName, a wildcard only as
 * the whole leftmost label, IP literals only against iPAddress entries, and
 * the subject CN never (Chrome 58 and Firefox 48 dropped the CN fallback; we
 * still look at it so the message can say why a CN-only certificate fails).
 */
import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';

export interface CertificateNames {
  dns: readonly string[];
  ip: readonly string[];
  commonName: string | null;
}

export type HostnameMatch =
  | { ok: true; matchedBy: 'dns' | 'ip'; presented: string }
  /**
   * 'cn-only': no DNS/IP subjectAltName, and only the CN would have matched (browsers refuse that);
   * 'no-names': no subjectAltName and no CN at all.
   */
  | { ok: false; reason: 'no-match' | 'cn-only' | 'no-names' };

export function matchHostname(hostname: string, names: CertificateNames): HostnameMatch {
  const ip = ipLiteral(hostname);
  if (ip) {
    for (const presented of names.ip) if (sameIp(ip, presented)) return { ok: true, matchedBy: 'ip', presented };
    return { ok: false, reason: names.ip.length + names.dns.length === 0 && names.commonName === null ? 'no-names' : 'no-match' };
  }
  const reference = normaliseDnsName(hostname);
  for (const presented of names.dns) {
    if (dnsNameMatches(reference, presented)) return { ok: true, matchedBy: 'dns', presented };
  }
  if (names.dns.length + names.ip.length > 0) return { ok: false, reason: 'no-match' };
  if (names.commonName === null) return { ok: false, reason: 'no-names' };
  return { ok: false, reason: dnsNameMatches(reference, names.commonName) ? 'cn-only' : 'no-match' };
}

/** `presented` may be a wildcard pattern; `reference` is already normalised. */
export function dnsNameMatches(reference: string, presented: string): boolean {
  const pattern = normaliseDnsName(presented);
  if (reference === '' || pattern === '') return false;
  if (!pattern.includes('*')) return pattern === reference;
  // Only "*.rest", the wildcard being the whole leftmost label, and "rest"
  // having at least two labels ("*.com" must not cover a whole TLD).
  if (!pattern.startsWith('*.') || pattern.indexOf('*', 1) !== -1) return false;
  const rest = pattern.slice(2);
  if (!rest.includes('.')) return false;
  const dot = reference.indexOf('.');
  return dot > 0 && reference.slice(dot + 1) === rest;
}

function normaliseDnsName(name: string): string {
  let out = name.trim().toLowerCase();
  if (out.endsWith('.')) out = out.slice(0, -1);
  // SNI carries A-labels already; this only matters for a caller passing a U-label.
  if (/[^\x00-\x7f]/.test(out)) out = domainToASCII(out) || out;
  return out;
}

function ipLiteral(hostname: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const bare = hostname.trim().replace(/^\[(.*)\]$/, '$1');
  const version = isIP(bare);
  return version === 0 ? null : { address: bare, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function sameIp(reference: { address: string; family: 'ipv4' | 'ipv6' }, presented: string): boolean {
  const version = isIP(presented);
  if (version === 0 || (version === 4) !== (reference.family === 'ipv4')) return false;
  // BlockList compares parsed addresses, so "2001:db8::1" equals "2001:0db8:0:0::1".
  const list = new BlockList();
  list.addAddress(presented, reference.family);
  return list.check(reference.address, reference.family);
}
