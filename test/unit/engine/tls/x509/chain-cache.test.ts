import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateChain, type ChainValidation } from '../../../../../main/engine/tls/x509';
import { CA_EXTENSIONS, OpensslPki, leafExtensions, type IssuedCertificate } from './openssl-pki';

let pki: OpensslPki;
let root: IssuedCertificate;
let intermediate: IssuedCertificate;
let leaf: IssuedCertificate;
/** one roots array for the whole capture, as an analysis session passes it: the cache is per array */
let sessionRoots: Uint8Array[];

beforeAll(() => {
  pki = new OpensslPki();
  root = pki.issue({ name: 'root', subject: '/O=TLS Lens Test/CN=Cache Root', keyType: 'rsa', start: '20200101000000Z', end: '20400101000000Z', extensions: CA_EXTENSIONS });
  intermediate = pki.issue({ name: 'intermediate', subject: '/O=TLS Lens Test/CN=Cache Intermediate', issuer: root, start: '20200601000000Z', end: '20350101000000Z', extensions: CA_EXTENSIONS });
  leaf = pki.issue({ name: 'leaf', subject: '/O=TLS Lens Test/CN=cache.example.test', issuer: intermediate, start: '20240101000000Z', end: '20260101000000Z', extensions: leafExtensions('DNS:cache.example.test') });
  sessionRoots = [root.der];
});

afterAll(() => pki?.cleanup());

/** A fresh roots array: nothing remembered from earlier calls. */
function uncached(hostname: string | null, at: Date): ChainValidation {
  return validateChain([leaf.der, intermediate.der], { hostname, at, extraTrustedRoots: [root.der] });
}

function cached(hostname: string | null, at: Date): ChainValidation {
  // fresh copies of the bytes, as every connection's handshake brings its own
  return validateChain([leaf.der.slice(), intermediate.der.slice()], { hostname, at, extraTrustedRoots: sessionRoots });
}

describe('validateChain: a chain seen again is judged at its own time and host', () => {
  it('does not carry a verdict or a quoted time from one connection to the next', () => {
    const times = ['2025-01-01T00:00:00Z', '2027-03-04T05:06:07Z', '2023-06-01T00:00:00Z', '2025-07-08T09:10:11Z'].map((t) => new Date(t));
    const seen = times.map((at) => cached('cache.example.test', at));
    expect(seen.map((v) => v.verdict)).toEqual(['valid', 'expired', 'not-yet-valid', 'valid']);
    times.forEach((at, i) => expect(seen[i]).toEqual(uncached('cache.example.test', at)));
    expect(JSON.stringify(seen[3])).toContain('2025-07-08');
    expect(JSON.stringify(seen[3])).not.toContain('2025-01-01T00:00:00');
  });

  it('checks the host name each connection asked for', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    expect(cached('cache.example.test', at).verdict).toBe('valid');
    const other = cached('other.example.test', at);
    expect(other.verdict).toBe('wrong-host');
    expect(other).toEqual(uncached('other.example.test', at));
    expect(cached(null, at)).toEqual(uncached(null, at));
  });

  it('trusts only the roots of the call: a chain cached under a lab root is not trusted without it', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    expect(cached('cache.example.test', at).verdict).toBe('valid');
    const withoutRoot = validateChain([leaf.der, intermediate.der], { hostname: 'cache.example.test', at });
    expect(withoutRoot.verdict).not.toBe('valid');
  });
});
