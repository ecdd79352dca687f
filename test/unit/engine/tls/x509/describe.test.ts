import { X509Certificate, createHash } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate, validateChain } from '../../../../../main/engine/tls/x509';
import { CA_EXTENSIONS, OpensslPki, leafExtensions, pemToDer, rfc2253Subject, type IssuedCertificate } from './openssl-pki';

let pki: OpensslPki;
let root: IssuedCertificate;
let leaf: IssuedCertificate;

/** What openssl itself says about a certificate: the independent truth for the fields. */
function opensslFacts(cert: IssuedCertificate) {
  const out = execFileSync(
    'openssl',
    ['x509', '-in', cert.certPath, '-noout', '-serial', '-fingerprint', '-sha256'],
    { encoding: 'utf8' },
  );
  const sha1 = execFileSync('openssl', ['x509', '-in', cert.certPath, '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' });
  const hex = (line: string) => line.split('=')[1].trim().replace(/:/g, '').toLowerCase();
  const lines = out.trim().split('\n');
  return { serial: hex(lines[0]), sha256: hex(lines[1]), sha1: hex(sha1.trim()) };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

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
  const intermediate = pki.issue({
    name: 'intermediate',
    subject: '/C=ZZ/O=TLS Lens Test/CN=Test EC Intermediate',
    issuer: root,
    start: '20200601000000Z',
    end: '20350101000000Z',
    extensions: CA_EXTENSIONS,
  });
  leaf = pki.issue({
    name: 'leaf',
    subject: '/O=TLS Lens Test/CN=example.test',
    issuer: intermediate,
    start: '20240101000000Z',
    end: '20260101123456Z',
    extensions: leafExtensions(
      'DNS:example.test, DNS:*.example.test, IP:192.0.2.10, IP:2001:db8::1, email:ops@example.test, URI:https://example.test/',
    ),
  });
});

afterAll(() => pki?.cleanup());

describe('describeCertificate', () => {
  it('describes an RSA self-signed root as openssl made it', () => {
    const info = describeCertificate(root.der);
    const facts = opensslFacts(root);
    expect(info).toEqual({
      subject: rfc2253Subject(root),
      issuer: rfc2253Subject(root),
      subjectCN: 'Test Root CA',
      issuerCN: 'Test Root CA',
      sans: [],
      notBefore: '2020-01-01T00:00:00.000Z',
      notAfter: '2040-01-01T00:00:00.000Z',
      serialNumber: facts.serial,
      keyType: 'rsa',
      keyBits: 2048,
      curve: null,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      sha1: facts.sha1,
      sha256: facts.sha256,
      selfSigned: true,
      isCA: true,
    });
    expect(info.serialNumber).toBe('1000'); // the first serial our openssl CA hands out
  });

  it('describes an EC leaf with every kind of SAN', () => {
    const info = describeCertificate(leaf.der);
    expect(info).toMatchObject({
      subjectCN: 'example.test',
      issuerCN: 'Test EC Intermediate',
      sans: ['example.test', '*.example.test', '192.0.2.10', '2001:db8::1', 'email:ops@example.test', 'URI:https://example.test/'],
      notBefore: '2024-01-01T00:00:00.000Z',
      notAfter: '2026-01-01T12:34:56.000Z',
      keyType: 'ec',
      keyBits: 256,
      curve: 'prime256v1',
      signatureAlgorithm: 'ecdsa-with-SHA256',
      selfSigned: false,
      isCA: false,
    });
    expect(info.sha256).toBe(opensslFacts(leaf).sha256);
    expect(info.error).toBeUndefined();
  });

  it('describes Ed25519 and SHA-1 signed certificates', () => {
    const ed = pki.issue({
      name: 'ed25519',
      subject: '/CN=ed.example.test',
      keyType: 'ed25519',
      start: '20240101000000Z',
      end: '20510101000000Z', // from 2050 on, a GeneralizedTime
      extensions: leafExtensions('DNS:ed.example.test'),
    });
    expect(describeCertificate(ed.der)).toMatchObject({
      keyType: 'ed25519',
      keyBits: 256,
      curve: null,
      signatureAlgorithm: 'ED25519',
      selfSigned: true,
      notAfter: '2051-01-01T00:00:00.000Z',
    });
    const sha1 = pki.issue({
      name: 'sha1',
      subject: '/CN=sha1.example.test',
      issuer: root,
      digest: 'sha1',
      start: '20240101000000Z',
      end: '20260101000000Z',
      extensions: leafExtensions('DNS:sha1.example.test'),
    });
    expect(describeCertificate(sha1.der).signatureAlgorithm).toBe('sha1WithRSAEncryption');
  });

  it('describes (and validates) a certificate with a 300 KB extension quickly', () => {
    const blob = 'ab'.repeat(300_000); // OCTET STRING of 300 000 bytes: 04 83 04 93 e0 ...
    const huge = pki.issue({
      name: 'huge',
      subject: '/CN=huge.example.test',
      issuer: root,
      start: '20240101000000Z',
      end: '20260101000000Z',
      extensions: leafExtensions('DNS:huge.example.test', [`1.3.6.1.4.1.55555.1 = DER:04830493e0${blob}`]),
    });
    expect(huge.der.length).toBeGreaterThan(300_000);

    // speed is measured by `npm run bench`, not asserted here: a loaded CI machine is no clock
    const info = describeCertificate(huge.der);
    const validation = validateChain([huge.der], {
      hostname: 'huge.example.test',
      at: new Date('2025-01-01T00:00:00Z'),
      extraTrustedRoots: [root.der],
    });

    expect(info.error).toBeUndefined();
    expect(info.sans).toEqual(['huge.example.test']);
    expect(info.sha256).toBe(opensslFacts(huge).sha256);
    expect(validation.verdict).toBe('valid');
  });

  it('describes every root in Node\'s bundled store', () => {
    for (const pem of rootCertificates) {
      const x509 = new X509Certificate(pem);
      const info = describeCertificate(pemToDer(pem));
      expect(info.error, x509.subject).toBeUndefined();
      expect(info.sha256).toBe(x509.fingerprint256.replace(/:/g, '').toLowerCase());
      expect(info).toMatchObject({ selfSigned: true, isCA: true });
      expect(info.signatureAlgorithm, x509.subject).toMatch(/^(sha\d+WithRSAEncryption|ecdsa-with-SHA\d+|rsassaPss)$/);
      expect(['rsa', 'ec']).toContain(info.keyType);
      expect(info.keyBits).toBeGreaterThanOrEqual(256);
      expect(info.notBefore < info.notAfter).toBe(true);
    }
  });

  it('never throws on garbage, and still fingerprints the bytes', () => {
    const inputs = [
      new Uint8Array(0),
      new Uint8Array([0x30]),
      new Uint8Array(1024).map((_, i) => (i * 7919) & 0xff),
      root.der.subarray(0, 200), // truncated
      new TextEncoder().encode('not a certificate at all'),
    ];
    for (const bytes of inputs) {
      const info = describeCertificate(bytes);
      expect(info.error, `input of ${bytes.length} bytes`).toMatch(/not a certificate OpenSSL can parse/);
      expect(info.sha256).toBe(sha256(bytes));
      expect(info).toMatchObject({ selfSigned: false, isCA: false, keyType: null, subjectCN: null });
    }
    expect(() => describeCertificate(undefined as unknown as Uint8Array)).not.toThrow();
  });

  it('gives the readable fields of a certificate OpenSSL refuses', () => {
    // Re-tag the issuer's CN (a UTF8String) as a BOOLEAN of 12 bytes: invalid DER, so OpenSSL
    // refuses the certificate, while everything else is still in place.
    const broken = Uint8Array.from(root.der);
    const at = Buffer.from(broken).indexOf(Buffer.from([0x0c, 0x0c, ...Buffer.from('Test Root CA')]));
    expect(at).toBeGreaterThan(0);
    broken[at] = 0x01;

    const info = describeCertificate(broken);
    expect(info.error).toMatch(/not a certificate OpenSSL can parse/);
    expect(info).toMatchObject({
      subjectCN: 'Test Root CA',
      notBefore: '2020-01-01T00:00:00.000Z',
      notAfter: '2040-01-01T00:00:00.000Z',
      serialNumber: '1000',
      keyType: 'rsa',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      isCA: true,
      selfSigned: false,
      sha256: sha256(broken),
    });
  });
});
