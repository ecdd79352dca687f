import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedChunks } from '../helpers/feed';
import { runSession, type TestCertificate } from '../helpers/node-tls-session';
import { CA_EXTENSIONS, leafExtensions, OpensslPki, type IssuedCertificate } from './openssl-pki';
import type { TlsSummary } from '../../../../../contract/report/tls-summary';

/**
 * Chain validation on real handshakes: a Node TLS 1.2 server presents chains openssl made
 * (valid under a lab root, expired, self-signed, for another host, without its
 * intermediate); the analyzer reads the Certificate message off the wire and judges it at
 * the capture time. The expected verdict is what openssl was told to make.
 */
let pki: OpensslPki;
let root: IssuedCertificate;
let intermediate: IssuedCertificate;
let leaf: IssuedCertificate;
let expiredLeaf: IssuedCertificate;
let selfSigned: IssuedCertificate;

const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
const day = 86_400_000;
const from = stamp(new Date(Date.now() - day));
const until = stamp(new Date(Date.now() + 30 * day));

beforeAll(() => {
  pki = new OpensslPki();
  root = pki.issue({ name: 'root', subject: '/O=TLS Lens Lab/CN=Lab Root', start: from, end: until, extensions: CA_EXTENSIONS });
  intermediate = pki.issue({ name: 'inter', subject: '/O=TLS Lens Lab/CN=Lab Intermediate', issuer: root, start: from, end: until, extensions: CA_EXTENSIONS });
  leaf = pki.issue({ name: 'leaf', subject: '/CN=good.tlslens.test', issuer: intermediate, start: from, end: until, extensions: leafExtensions('DNS:good.tlslens.test') });
  expiredLeaf = pki.issue({ name: 'expired', subject: '/CN=good.tlslens.test', issuer: intermediate, start: '20200101000000Z', end: '20210101000000Z', extensions: leafExtensions('DNS:good.tlslens.test') });
  selfSigned = pki.issue({ name: 'self', subject: '/CN=good.tlslens.test', start: from, end: until, extensions: leafExtensions('DNS:good.tlslens.test') });
});
afterAll(() => pki.cleanup());

/** what a server presents: the leaf's key, and the PEM chain it sends */
function served(leafCert: IssuedCertificate, ...chain: IssuedCertificate[]): TestCertificate {
  const pem = [leafCert, ...chain].map((c) => readFileSync(c.certPath, 'utf8')).join('');
  return { key: readFileSync(leafCert.keyPath), cert: Buffer.from(pem), sha256: '', commonName: 'good.tlslens.test' };
}

async function handshake(cert: TestCertificate, servername: string): Promise<TlsSummary> {
  // the client does not verify: the point is what an observer of the wire concludes
  const run = await runSession(cert, { server: { maxVersion: 'TLSv1.2' }, client: { servername, rejectUnauthorized: false } });
  expect(run.client.error).toBeNull();
  const summary = feedChunks(run.chunks, { extraTrustedRoots: [root.der] }).analyzer.summary({});
  return summary!;
}

describe('certificate chains judged from captured handshakes', () => {
  it('leaf + intermediate under the trusted lab root, right host: valid, anchored at the user-supplied root', async () => {
    const s = await handshake(served(leaf, intermediate), 'good.tlslens.test');
    expect(s.certificates).toHaveLength(2);
    expect(s.validation?.verdict).toBe('valid');
    expect(s.validation?.trustAnchorSource).toBe('user');
    expect(s.validation?.steps.every((step) => step.ok)).toBe(true);
  });

  it('an expired leaf: expired, and the failing step is the leaf\'s validity', async () => {
    const s = await handshake(served(expiredLeaf, intermediate), 'good.tlslens.test');
    expect(s.validation?.verdict).toBe('expired');
    expect(s.validation?.steps.filter((step) => !step.ok).map((step) => [step.code, step.certIndex])).toEqual([['chain.validity', 0]]);
  });

  it('a self-signed leaf: self-signed', async () => {
    const s = await handshake(served(selfSigned), 'good.tlslens.test');
    expect(s.validation?.verdict).toBe('self-signed');
  });

  it('the right chain for another name: wrong-host, by the host name step', async () => {
    const s = await handshake(served(leaf, intermediate), 'other.tlslens.test');
    expect(s.sni).toBe('other.tlslens.test');
    expect(s.validation?.verdict).toBe('wrong-host');
    expect(s.validation?.steps.filter((step) => !step.ok).map((step) => step.code)).toEqual(['chain.hostname']);
  });

  it('the leaf without its intermediate: incomplete', async () => {
    const s = await handshake(served(leaf), 'good.tlslens.test');
    expect(s.certificates).toHaveLength(1);
    expect(s.validation?.verdict).toBe('incomplete');
  });
});
