import { rootCertificates } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP, STEP_VARIANTS, validateChain, type ChainValidation, type StepCode } from '../../../../../main/engine/tls/x509';
import { CA_EXTENSIONS, OpensslPki, leafExtensions, pemToDer, rfc2253Subject, type IssuedCertificate } from './openssl-pki';

/** Inside every validity window of the main hierarchy below. */
const AT = new Date('2025-01-01T00:00:00Z');

let pki: OpensslPki;
let root: IssuedCertificate;
let intermediate: IssuedCertificate;
let leaf: IssuedCertificate;
/** openssl's own RFC 2253 rendering of the root's subject */
let rootSubject: string;

const DOCUMENTED_CODES: string[] = Object.values(STEP);

/** Every step has a documented code and structured arguments naming one of that code's sentences. */
function checkSteps(result: ChainValidation): void {
  for (const s of result.steps) {
    expect(DOCUMENTED_CODES).toContain(s.code);
    expect(STEP_VARIANTS[s.code as StepCode], `variant of ${s.code}`).toContain(s.args?.variant);
  }
}

function codes(result: ChainValidation): Array<[string, boolean, number | undefined]> {
  checkSteps(result);
  return result.steps.map((s) => [s.code, s.ok, s.certIndex]);
}

function step(result: ChainValidation, code: string, certIndex?: number) {
  checkSteps(result);
  const found = result.steps.filter((s) => s.code === code && (certIndex === undefined || s.certIndex === certIndex));
  expect(found, `exactly one ${code} step${certIndex === undefined ? '' : ' for #' + certIndex}`).toHaveLength(1);
  return found[0];
}

function trusted(hostname: string | null, chain: Uint8Array[], at = AT): ChainValidation {
  return validateChain(chain, { hostname, at, extraTrustedRoots: [root.der] });
}

/** A leaf under the main intermediate, valid 2024-2026 unless told otherwise. */
function issueLeaf(name: string, san: string | null, over: Partial<Parameters<OpensslPki['issue']>[0]> = {}) {
  return pki.issue({
    name,
    subject: `/O=TLS Lens Test/CN=${name}.example.test`,
    issuer: intermediate,
    start: '20240101000000Z',
    end: '20260101000000Z',
    extensions: leafExtensions(san),
    ...over,
  });
}

beforeAll(() => {
  pki = new OpensslPki();
  root = pki.issue({
    name: 'root',
    subject: '/C=ZZ/O=TLS Lens Test/CN=Test Root CA',
    keyType: 'rsa',
    start: '20200101000000Z',
    end: '20400101000000Z',
    extensions: CA_EXTENSIONS,
  });
  intermediate = pki.issue({
    name: 'intermediate',
    subject: '/C=ZZ/O=TLS Lens Test/CN=Test Intermediate CA',
    issuer: root,
    start: '20200601000000Z',
    end: '20350101000000Z',
    extensions: [...CA_EXTENSIONS, 'authorityKeyIdentifier = keyid'],
  });
  leaf = issueLeaf('leaf', 'DNS:example.test');
  rootSubject = rfc2253Subject(root);
});

afterAll(() => pki?.cleanup());

describe('validateChain: a good chain', () => {
  it('root → intermediate → leaf for example.test is valid, every step saying so', () => {
    const result = trusted('example.test', [leaf.der, intermediate.der]);
    expect(result.verdict).toBe('valid');
    expect(result.trustAnchor).toBe(rootSubject);
    expect(codes(result)).toEqual([
      ['chain.validity', true, 0],
      ['chain.signature', true, 0],
      ['chain.ca-flag', true, 1],
      ['chain.key-usage', true, 1],
      ['chain.validity', true, 1],
      ['chain.signature', true, 1],
      ['chain.anchor', true, 1],
      ['chain.order', true, undefined],
      ['chain.server-auth', true, 0],
      ['chain.hostname', true, 0],
    ]);
    expect(step(result, 'chain.anchor').message).toMatch(/supplied by the user/);
    expect(result.trustAnchorSource).toBe('user');
  });

  it('also valid when the server sends the root, which is then the anchor itself', () => {
    const result = trusted('example.test', [leaf.der, intermediate.der, root.der]);
    expect(result.verdict).toBe('valid');
    expect(step(result, 'chain.anchor')).toMatchObject({ ok: true, certIndex: 2 });
    expect(step(result, 'chain.anchor').message).toMatch(/#2 .* is itself a trusted root/);
    // the anchor's own dates and self-signature are not checked, as in browsers
    expect(result.steps.filter((s) => s.certIndex === 2).map((s) => s.code)).toEqual(['chain.anchor']);
    expect(result.steps.some((s) => s.code === 'chain.unused')).toBe(false);
  });

  it('ignores the dates of a trusted root copy the server sends (an expired cross-sign does no harm)', () => {
    const expiredCopy = pki.issue({
      name: 'root-expired-copy',
      subject: '/C=ZZ/O=TLS Lens Test/CN=Test Root CA',
      keyFrom: root,
      start: '20100101000000Z',
      end: '20200101000000Z',
      extensions: CA_EXTENSIONS,
    });
    const result = trusted('example.test', [leaf.der, intermediate.der, expiredCopy.der]);
    expect(result.verdict).toBe('valid');
    expect(step(result, 'chain.anchor')).toMatchObject({ ok: true, certIndex: 2 });
    expect(step(result, 'chain.anchor').message).toMatch(/had expired .* browsers do not enforce/);
    expect(result.steps.some((s) => s.code === 'chain.validity' && s.certIndex === 2)).toBe(false);
  });

  it('builds the path from a chain sent out of order and says so', () => {
    const result = trusted('example.test', [leaf.der, root.der, intermediate.der]);
    expect(result.verdict).toBe('valid');
    expect(step(result, 'chain.misordered')).toMatchObject({ ok: true });
    expect(step(result, 'chain.misordered').message).toContain('#0 → #2 → #1');
    expect(result.steps.some((s) => s.code === 'chain.order')).toBe(false);
  });

  it('reports "not checked (no SNI)" with its own code when there is no host name', () => {
    for (const hostname of [null, undefined]) {
      const result = validateChain([leaf.der, intermediate.der], { hostname, at: AT, extraTrustedRoots: [root.der] });
      expect(result.verdict).toBe('valid');
      expect(step(result, 'chain.hostname-unchecked')).toMatchObject({ ok: true, certIndex: 0 });
      expect(step(result, 'chain.hostname-unchecked').message).toMatch(/not checked \(no SNI\)/i);
      expect(result.steps.some((s) => s.code === 'chain.hostname')).toBe(false);
    }
  });
});

describe('validateChain: dates are judged at the capture time', () => {
  it('the same chain after the leaf expired is expired, and only the leaf fails', () => {
    const result = trusted('example.test', [leaf.der, intermediate.der], new Date('2026-06-01T00:00:00Z'));
    expect(result.verdict).toBe('expired');
    expect(step(result, 'chain.validity', 0).ok).toBe(false);
    expect(step(result, 'chain.validity', 0).message).toContain('2026-01-01T00:00:00Z');
    // the same facts, structured for the UI to word them in any language (dates from openssl's own certificate)
    expect(step(result, 'chain.validity', 0).args).toEqual({
      variant: 'expired',
      subject: 'leaf.example.test',
      notBefore: new Date(new X509Certificate(leaf.der).validFrom).toISOString(),
      notAfter: new Date(new X509Certificate(leaf.der).validTo).toISOString(),
      at: '2026-06-01T00:00:00.000Z',
    });
    expect(step(result, 'chain.validity', 1).ok).toBe(true);
    expect(step(result, 'chain.anchor').ok).toBe(true);
  });

  it('a leaf whose validity ended in 2021 is expired in 2025', () => {
    const old = issueLeaf('old', 'DNS:example.test', { start: '20200701000000Z', end: '20210101000000Z' });
    const result = trusted('example.test', [old.der, intermediate.der]);
    expect(result.verdict).toBe('expired');
    expect(step(result, 'chain.validity', 0).ok).toBe(false);
    // ... and valid at a capture time inside its window
    expect(trusted('example.test', [old.der, intermediate.der], new Date('2020-09-01T00:00:00Z')).verdict).toBe('valid');
  });

  it('a leaf valid from 2030 is not yet valid in 2025', () => {
    const future = issueLeaf('future', 'DNS:example.test', { start: '20300101000000Z', end: '20310101000000Z' });
    const result = trusted('example.test', [future.der, intermediate.der]);
    expect(result.verdict).toBe('not-yet-valid');
    expect(step(result, 'chain.validity', 0)).toMatchObject({ ok: false });
    expect(step(result, 'chain.validity', 0).message).toMatch(/not yet valid/);
  });

  it('an invalid capture time skips the validity checks instead of using "now"', () => {
    const result = trusted('example.test', [leaf.der, intermediate.der], new Date(Number.NaN));
    expect(result.verdict).toBe('valid');
    expect(step(result, 'chain.validity-unchecked').ok).toBe(true);
    expect(result.steps.some((s) => s.code === 'chain.validity')).toBe(false);
  });
});

describe('validateChain: host names', () => {
  it('SNI other.test against a certificate for example.test is wrong-host', () => {
    const result = trusted('other.test', [leaf.der, intermediate.der]);
    expect(result.verdict).toBe('wrong-host');
    expect(step(result, 'chain.hostname')).toMatchObject({ ok: false, certIndex: 0 });
    expect(step(result, 'chain.hostname').message).toContain('example.test');
    expect(step(result, 'chain.hostname').args).toMatchObject({ variant: 'not-covered', host: 'other.test', names: ['example.test'], namesMore: 0 });
    expect(step(result, 'chain.anchor').ok).toBe(true);
  });

  it('a *.example.test wildcard covers a.example.test only', () => {
    const wildcard = issueLeaf('wildcard', 'DNS:*.example.test');
    expect(trusted('a.example.test', [wildcard.der, intermediate.der]).verdict).toBe('valid');
    expect(step(trusted('a.example.test', [wildcard.der, intermediate.der]), 'chain.hostname').ok).toBe(true);
    for (const host of ['a.b.example.test', 'example.test']) {
      const result = trusted(host, [wildcard.der, intermediate.der]);
      expect(result.verdict, host).toBe('wrong-host');
      expect(step(result, 'chain.hostname').ok).toBe(false);
    }
  });

  it('IP SANs match IP literals (v4 and v6), never as DNS names', () => {
    const ip = issueLeaf('ip', 'IP:192.0.2.10, IP:2001:db8::1, DNS:example.test');
    for (const host of ['192.0.2.10', '2001:db8::1', '2001:db8:0:0:0:0:0:1']) {
      const result = trusted(host, [ip.der, intermediate.der]);
      expect(result.verdict, host).toBe('valid');
      expect(step(result, 'chain.hostname').message).toMatch(/subjectAltName (192\.0\.2\.10|2001:db8::1)/);
    }
    expect(trusted('192.0.2.11', [ip.der, intermediate.der]).verdict).toBe('wrong-host');
  });

  it('a certificate naming the host only in its CN fails, with the reason spelled out', () => {
    const cnOnly = pki.issue({
      name: 'cn-only',
      subject: '/CN=cn-only.example.test',
      issuer: intermediate,
      start: '20240101000000Z',
      end: '20260101000000Z',
      extensions: leafExtensions(null),
    });
    const result = trusted('cn-only.example.test', [cnOnly.der, intermediate.der]);
    expect(result.verdict).toBe('wrong-host');
    expect(step(result, 'chain.hostname').ok).toBe(false);
    expect(step(result, 'chain.hostname').message).toMatch(/no subjectAltName; only its Common Name/);
  });

  it('a leaf whose extendedKeyUsage lacks serverAuth is refused for a server', () => {
    const client = issueLeaf('client', 'DNS:example.test', {
      extensions: ['basicConstraints = critical,CA:FALSE', 'extendedKeyUsage = clientAuth', 'subjectAltName = DNS:example.test'],
    });
    const result = trusted('example.test', [client.der, intermediate.der]);
    expect(result.verdict).toBe('wrong-host');
    expect(step(result, 'chain.server-auth')).toMatchObject({ ok: false, certIndex: 0 });
    expect(step(result, 'chain.hostname').ok).toBe(true);
  });
});

describe('validateChain: trust', () => {
  it('a self-signed leaf is self-signed', () => {
    const self = pki.issue({
      name: 'self',
      subject: '/CN=self.example.test',
      start: '20240101000000Z',
      end: '20260101000000Z',
      extensions: leafExtensions('DNS:self.example.test'),
    });
    const result = validateChain([self.der], { hostname: 'self.example.test', at: AT });
    expect(result.verdict).toBe('self-signed');
    expect(result.trustAnchor).toBeNull();
    expect(codes(result)).toEqual([
      ['chain.validity', true, 0],
      ['chain.signature', true, 0],
      ['chain.anchor', false, 0],
      ['chain.order', true, undefined],
      ['chain.server-auth', true, 0],
      ['chain.hostname', true, 0],
    ]);
    expect(step(result, 'chain.anchor').message).toMatch(/leaf certificate .* is self-signed/);
  });

  it('a chain ending at an untrusted root it sends is self-signed; without that root, unknown-issuer', () => {
    const withRoot = validateChain([leaf.der, intermediate.der, root.der], { hostname: 'example.test', at: AT });
    expect(withRoot.verdict).toBe('self-signed');
    expect(step(withRoot, 'chain.anchor')).toMatchObject({ ok: false, certIndex: 2 });
    expect(step(withRoot, 'chain.signature', 2).ok).toBe(true);

    const withoutRoot = validateChain([leaf.der, intermediate.der], { hostname: 'example.test', at: AT });
    expect(withoutRoot.verdict).toBe('unknown-issuer');
    expect(step(withoutRoot, 'chain.anchor')).toMatchObject({ ok: false, certIndex: 1 });
    expect(step(withoutRoot, 'chain.anchor').message).toContain('Test Root CA');
  });

  it('a leaf sent without its intermediate is incomplete, with or without the root', () => {
    const alone = trusted('example.test', [leaf.der]);
    expect(alone.verdict).toBe('incomplete');
    expect(step(alone, 'chain.anchor')).toMatchObject({ ok: false, certIndex: 0 });
    expect(step(alone, 'chain.anchor').message).toMatch(/missing an intermediate/);
    expect(step(alone, 'chain.validity', 0).ok).toBe(true);

    const withRoot = trusted('example.test', [leaf.der, root.der]);
    expect(withRoot.verdict).toBe('incomplete');
    expect(step(withRoot, 'chain.unused', 1).ok).toBe(true);
  });

  it('names the AIA caIssuers URL of a missing intermediate, without fetching it', () => {
    const aia = issueLeaf('aia', 'DNS:example.test', {
      extensions: leafExtensions('DNS:example.test', ['authorityInfoAccess = caIssuers;URI:http://ca.example.test/int.crt']),
    });
    const result = trusted('example.test', [aia.der]);
    expect(result.verdict).toBe('incomplete');
    expect(step(result, 'chain.anchor').message).toContain('http://ca.example.test/int.crt');
    expect(step(result, 'chain.anchor').args).toMatchObject({ variant: 'missing-leaf-issuer', caIssuers: 'http://ca.example.test/int.crt', issuer: rfc2253Subject(intermediate) });
  });

  it('a leaf carrying the intermediate\'s name but signed by another key is bad-signature', () => {
    const impostor = pki.issue({
      name: 'impostor',
      subject: '/C=ZZ/O=TLS Lens Test/CN=Test Intermediate CA',
      start: '20200101000000Z',
      end: '20400101000000Z',
      extensions: CA_EXTENSIONS,
    });
    const forged = issueLeaf('forged', 'DNS:example.test', { impostor });
    expect(new X509Certificate(forged.der).issuer).toBe(new X509Certificate(intermediate.der).subject);

    const result = trusted('example.test', [forged.der, intermediate.der]);
    expect(result.verdict).toBe('bad-signature');
    expect(step(result, 'chain.signature', 0)).toMatchObject({ ok: false });
    expect(step(result, 'chain.signature', 0).message).toMatch(/does not verify with the key of certificate #1/);
    expect(step(result, 'chain.anchor')).toMatchObject({ ok: false, certIndex: 0 });
    expect(step(result, 'chain.unused', 1).ok).toBe(true);
  });

  it('bad-signature outranks expiry and host name failures; expiry outranks the host name', () => {
    const impostor = pki.issue({
      name: 'impostor2',
      subject: '/C=ZZ/O=TLS Lens Test/CN=Test Intermediate CA',
      start: '20200101000000Z',
      end: '20400101000000Z',
      extensions: CA_EXTENSIONS,
    });
    const forged = issueLeaf('forged-old', 'DNS:example.test', { impostor, start: '20200701000000Z', end: '20210101000000Z' });
    const result = trusted('other.test', [forged.der, intermediate.der]);
    expect(result.steps.filter((s) => !s.ok).map((s) => s.code)).toEqual(
      expect.arrayContaining(['chain.validity', 'chain.signature', 'chain.hostname']),
    );
    expect(result.verdict).toBe('bad-signature');

    const expiredWrongHost = trusted('other.test', [leaf.der, intermediate.der], new Date('2027-01-01T00:00:00Z'));
    expect(step(expiredWrongHost, 'chain.hostname').ok).toBe(false);
    expect(expiredWrongHost.verdict).toBe('expired');

    // trust failures outrank expiry
    const expiredUntrusted = validateChain([leaf.der, intermediate.der], { hostname: 'example.test', at: new Date('2027-01-01T00:00:00Z') });
    expect(expiredUntrusted.verdict).toBe('unknown-issuer');
  });

  it('an intermediate that is not a CA cannot issue: unknown-issuer via chain.ca-flag', () => {
    const notCa = pki.issue({
      name: 'not-ca',
      subject: '/CN=Not A CA',
      issuer: root,
      start: '20200601000000Z',
      end: '20350101000000Z',
      extensions: ['basicConstraints = critical,CA:FALSE'],
    });
    const under = issueLeaf('under-not-ca', 'DNS:example.test', { issuer: notCa });
    const result = trusted('example.test', [under.der, notCa.der]);
    expect(result.verdict).toBe('unknown-issuer');
    expect(step(result, 'chain.ca-flag', 1)).toMatchObject({ ok: false });
    expect(step(result, 'chain.signature', 0).ok).toBe(true);
    expect(step(result, 'chain.anchor').ok).toBe(true);
  });

  it('an intermediate whose keyUsage lacks keyCertSign cannot issue: chain.key-usage', () => {
    const noSign = pki.issue({
      name: 'no-cert-sign',
      subject: '/CN=No CertSign CA',
      issuer: root,
      start: '20200601000000Z',
      end: '20350101000000Z',
      extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,digitalSignature'],
    });
    const under = issueLeaf('under-no-cert-sign', 'DNS:example.test', { issuer: noSign });
    const result = trusted('example.test', [under.der, noSign.der]);
    expect(result.verdict).toBe('unknown-issuer');
    expect(step(result, 'chain.ca-flag', 1).ok).toBe(true);
    expect(step(result, 'chain.key-usage', 1).ok).toBe(false);
  });

  it('enforces basicConstraints pathLen', () => {
    const constrained = pki.issue({
      name: 'pathlen0',
      subject: '/CN=PathLen 0 CA',
      issuer: root,
      start: '20200601000000Z',
      end: '20350101000000Z',
      extensions: ['basicConstraints = critical,CA:TRUE,pathlen:0', 'keyUsage = critical,keyCertSign'],
    });
    const sub = pki.issue({
      name: 'sub-of-pathlen0',
      subject: '/CN=Sub CA',
      issuer: constrained,
      start: '20200601000000Z',
      end: '20350101000000Z',
      extensions: CA_EXTENSIONS,
    });
    const under = issueLeaf('under-sub', 'DNS:example.test', { issuer: sub });
    const result = trusted('example.test', [under.der, sub.der, constrained.der]);
    expect(result.verdict).toBe('unknown-issuer');
    expect(step(result, 'chain.path-length', 2)).toMatchObject({ ok: false });
    // directly under the constrained CA is fine
    const direct = issueLeaf('under-pathlen0', 'DNS:example.test', { issuer: constrained });
    expect(trusted('example.test', [direct.der, constrained.der]).verdict).toBe('valid');
  });

  it('backtracks past a dead-end issuer to the one that reaches a trusted root', () => {
    // Two intermediates with the same name and key: one under an untrusted root, one under the trusted root.
    const otherRoot = pki.issue({
      name: 'other-root',
      subject: '/CN=Untrusted Root',
      start: '20200101000000Z',
      end: '20400101000000Z',
      extensions: CA_EXTENSIONS,
    });
    const viaOther = pki.issue({
      name: 'cross-a',
      subject: '/CN=Cross CA',
      issuer: otherRoot,
      start: '20200601000000Z',
      end: '20350101000000Z',
      extensions: CA_EXTENSIONS,
    });
    const viaTrusted = pki.issue({
      name: 'cross-b',
      subject: '/CN=Cross CA',
      issuer: root,
      keyFrom: viaOther,
      start: '20200601000000Z',
      end: '20350101000000Z',
      extensions: CA_EXTENSIONS,
    });
    const under = issueLeaf('under-cross', 'DNS:example.test', { issuer: viaOther });
    const result = trusted('example.test', [under.der, viaOther.der, otherRoot.der, viaTrusted.der]);
    expect(result.verdict).toBe('valid');
    expect(result.trustAnchor).toBe(rootSubject);
    expect(step(result, 'chain.signature', 0).message).toContain('certificate #3');
    expect(step(result, 'chain.unused', 1).ok).toBe(true);
    expect(step(result, 'chain.unused', 2).ok).toBe(true);
  });

  it('judges SHA-1 signatures by the capture time', () => {
    const oldRoot = pki.issue({
      name: 'old-root',
      subject: '/CN=Old Root',
      start: '20100101000000Z',
      end: '20400101000000Z',
      extensions: CA_EXTENSIONS,
    });
    const sha1 = pki.issue({
      name: 'sha1-leaf',
      subject: '/CN=sha1.example.test',
      issuer: oldRoot,
      digest: 'sha1',
      start: '20150101000000Z',
      end: '20300101000000Z',
      extensions: leafExtensions('DNS:sha1.example.test'),
    });
    const opts = { hostname: 'sha1.example.test', extraTrustedRoots: [oldRoot.der] };
    const in2016 = validateChain([sha1.der], { ...opts, at: new Date('2016-06-01T00:00:00Z') });
    expect(in2016.verdict).toBe('valid');
    expect(step(in2016, 'chain.signature-algorithm', 0).ok).toBe(true);
    const in2025 = validateChain([sha1.der], { ...opts, at: AT });
    expect(in2025.verdict).toBe('bad-signature');
    expect(step(in2025, 'chain.signature-algorithm', 0).ok).toBe(false);
    expect(step(in2025, 'chain.signature', 0).ok).toBe(true);
  });
});

describe('validateChain: malformed input', () => {
  it('an empty chain is no-certificates', () => {
    const result = validateChain([], { hostname: 'example.test', at: AT });
    expect(result.verdict).toBe('no-certificates');
    expect(codes(result)).toEqual([['chain.empty', false, undefined]]);
  });

  it('an unparseable leaf is unparseable, and nothing else is claimed', () => {
    const result = validateChain([new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), intermediate.der], { hostname: 'example.test', at: AT });
    expect(result.verdict).toBe('unparseable');
    expect(codes(result)).toEqual([['cert.parse', false, 0]]);
  });

  it('an unparseable extra certificate makes the chain unparseable, the path still being reported', () => {
    const garbage = new Uint8Array(64).fill(0xab);
    const result = trusted('example.test', [leaf.der, garbage, intermediate.der]);
    expect(result.verdict).toBe('unparseable');
    expect(step(result, 'cert.parse', 1).ok).toBe(false);
    expect(step(result, 'chain.anchor').ok).toBe(true);
  });

  it('unparseable outranks trust failures; bad-signature outranks unparseable', () => {
    const garbage = new Uint8Array(64).fill(0xab);
    const result = trusted('example.test', [leaf.der, garbage]);
    expect(step(result, 'chain.anchor').ok).toBe(false);
    expect(result.verdict).toBe('unparseable');

    const impostor = pki.issue({
      name: 'impostor3',
      subject: '/C=ZZ/O=TLS Lens Test/CN=Test Intermediate CA',
      start: '20200101000000Z',
      end: '20400101000000Z',
      extensions: CA_EXTENSIONS,
    });
    const forged = issueLeaf('forged-garbage', 'DNS:example.test', { impostor });
    const worse = trusted('example.test', [forged.der, garbage, intermediate.der]);
    expect(step(worse, 'cert.parse', 1).ok).toBe(false);
    expect(step(worse, 'chain.signature', 0).ok).toBe(false);
    expect(worse.verdict).toBe('bad-signature');
  });

  it('caps the certificates considered and says how many were ignored', () => {
    const chain = [leaf.der, intermediate.der, ...Array.from({ length: 18 }, () => intermediate.der)];
    const result = trusted('example.test', chain);
    expect(result.verdict).toBe('valid');
    expect(step(result, 'chain.truncated')).toMatchObject({ ok: true });
    expect(step(result, 'chain.truncated').message).toMatch(/20 certificates; only the first 16 .* other 4 ignored/);
    const unused = result.steps.filter((s) => s.code === 'chain.unused');
    expect(unused).toHaveLength(14);
    expect(unused[0].message).toMatch(/duplicate of certificate #1/);
  });
});

describe('validateChain: Node\'s bundled root store', () => {
  it('a bundled root sent alone is valid, anchored in the bundled store, host name not checked', () => {
    const pem = rootCertificates[0];
    const x509 = new X509Certificate(pem);
    const from = new Date(x509.validFrom).getTime();
    const to = new Date(x509.validTo).getTime();
    const result = validateChain([pemToDer(pem)], { hostname: null, at: new Date((from + to) / 2) });
    expect(result.verdict).toBe('valid');
    expect(result.trustAnchor).toBeTruthy();
    expect(result.trustAnchor).toContain(x509.subject.split('\n').pop()!.replace(/\\,/g, '\\,'));
    expect(codes(result)).toEqual([
      ['chain.validity', true, 0],
      ['chain.anchor', true, 0],
      ['chain.order', true, undefined],
      ['chain.hostname-unchecked', true, 0],
    ]);
    expect(step(result, 'chain.anchor').message).toMatch(/bundled root store/);
  });

  it('every bundled root, sent alone, is its own trusted anchor at a time inside its validity', () => {
    for (const pem of rootCertificates) {
      const x509 = new X509Certificate(pem);
      const at = new Date((new Date(x509.validFrom).getTime() + new Date(x509.validTo).getTime()) / 2);
      const result = validateChain([pemToDer(pem)], { at });
      expect(result.verdict, x509.subject).toBe('valid');
      expect(step(result, 'chain.anchor')).toMatchObject({ ok: true, certIndex: 0 });
    }
  });

  it('our test root is not trusted by the bundled store alone', () => {
    expect(validateChain([root.der], { at: AT }).verdict).toBe('self-signed');
  });
});
