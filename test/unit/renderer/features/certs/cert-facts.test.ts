/**
 * The certificate cards' badges (expired, not yet valid, wrong host,
 * self-signed), roles and issuer arrows, for chains made with openssl and
 * judged by the engine: the dates come from openssl's own reading of each
 * certificate, the host name failure from the engine's hostname step.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TlsSummary } from '../../../../../contract/api';
import { describeCertificate, validateChain } from '../../../../../main/engine/tls/x509';
import { cardFacts, shownProblems, verdictTone } from '../../../../../renderer/src/features/certs/cert-facts';
import { CA_EXTENSIONS, OpensslPki, leafExtensions, type IssuedCertificate } from '../../../engine/tls/x509/openssl-pki';

let pki: OpensslPki;
let root: IssuedCertificate;
let intermediate: IssuedCertificate;

/** openssl's notAfter/notBefore of a certificate, as epoch seconds */
function opensslDate(cert: IssuedCertificate, which: 'startdate' | 'enddate'): number {
  const out = execFileSync('openssl', ['x509', '-in', cert.certPath, '-noout', `-${which}`], { encoding: 'utf8' });
  return Date.parse(out.trim().replace(/^not(Before|After)=/, '')) / 1000;
}

function tlsOf(chain: IssuedCertificate[], hostname: string, at: number, roots: Uint8Array[] = [root.der]): TlsSummary {
  const certificates = chain.map((c) => ({ ...describeCertificate(c.der) }));
  const validation = validateChain(chain.map((c) => c.der), { hostname, at: new Date(at * 1000), extraTrustedRoots: roots });
  return { certificates, clientCertificates: [], validation } as unknown as TlsSummary;
}

beforeAll(() => {
  pki = new OpensslPki();
  root = pki.issue({ name: 'root', subject: '/CN=Facts Root', keyType: 'rsa', start: '20200101000000Z', end: '20400101000000Z', extensions: CA_EXTENSIONS });
  intermediate = pki.issue({ name: 'int', subject: '/CN=Facts Intermediate', issuer: root, start: '20200601000000Z', end: '20350101000000Z', extensions: CA_EXTENSIONS });
});
afterAll(() => pki.cleanup());

describe('certificate card facts', () => {
  it('expired and not-yet-valid follow openssl’s dates at the capture time; wrong host follows the engine', () => {
    const leaf = pki.issue({ name: 'leaf', subject: '/CN=shop.example.test', issuer: intermediate, start: '20240101000000Z', end: '20260101000000Z', extensions: leafExtensions('DNS:shop.example.test') });
    const chain = [leaf, intermediate, root];
    for (const at of [Date.UTC(2023, 5, 1) / 1000, Date.UTC(2025, 0, 1) / 1000, Date.UTC(2027, 0, 1) / 1000]) {
      for (const host of ['shop.example.test', 'other.example.test']) {
        const tls = tlsOf(chain, host, at);
        const facts = cardFacts(tls, at);
        chain.forEach((cert, i) => {
          const label = `${host} at ${new Date(at * 1000).toISOString()} #${i}`;
          expect(facts[i].problems.includes('expired'), label).toBe(at > opensslDate(cert, 'enddate'));
          expect(facts[i].problems.includes('not-yet-valid'), label).toBe(at < opensslDate(cert, 'startdate'));
        });
        const hostFailed = tls.validation!.steps.some((s) => s.code === 'chain.hostname' && !s.ok);
        expect(facts[0].problems.includes('wrong-host'), `${host}`).toBe(hostFailed);
        expect(hostFailed).toBe(host !== 'shop.example.test');
        expect(facts.slice(1).every((f) => !f.problems.includes('wrong-host'))).toBe(true);
        // every failing step is counted on its certificate's card
        expect(facts.reduce((n, f) => n + f.failedSteps, 0)).toBe(tls.validation!.steps.filter((s) => !s.ok && s.certIndex !== undefined).length);
        expect(verdictTone(tls.validation!.verdict)).toBe(tls.validation!.verdict === 'valid' ? 'good' : 'bad');
      }
    }
  });

  it('roles and issuer arrows: leaf, intermediate, root; a root is not badged self-signed, a self-signed leaf is', () => {
    const leaf = pki.issue({ name: 'leaf2', subject: '/CN=a.example.test', issuer: intermediate, start: '20240101000000Z', end: '20260101000000Z', extensions: leafExtensions('DNS:a.example.test') });
    const at = Date.UTC(2025, 0, 1) / 1000;
    const facts = cardFacts(tlsOf([leaf, intermediate, root], 'a.example.test', at), at);
    expect(facts.map((f) => f.role)).toEqual(['leaf', 'intermediate', 'root']);
    expect(facts.map((f) => f.issuerIsNext)).toEqual([true, true, false]);
    expect(shownProblems(facts[2])).toEqual([]);
    expect(facts[2].problems).toContain('self-signed');

    const self = pki.issue({ name: 'self', subject: '/CN=self.example.test', start: '20240101000000Z', end: '20260101000000Z', extensions: leafExtensions('DNS:self.example.test') });
    const tls = tlsOf([self], 'self.example.test', at, []);
    expect(tls.validation!.verdict).toBe('self-signed');
    const [card] = cardFacts(tls, at);
    expect(card.role).toBe('leaf');
    expect(shownProblems(card)).toEqual(['self-signed']);
    // without its intermediate, the leaf's issuer is not the next card
    expect(cardFacts(tlsOf([leaf, root], 'a.example.test', at), at)[0].issuerIsNext).toBe(false);
  });
});
