/**
 * The certificate view words every validation step in the chosen language
 * from the step's structured args. The catalogs are checked against the
 * engine's own list of step codes and variants (STEP_VARIANTS), and the
 * sentences against real validations: chains made with openssl (every kind
 * of failure) and the corpus captures, with the engine's English message as
 * the independent statement of the facts the sentence must carry.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../../../../support/paths';
import { STEP, STEP_VARIANTS, validateChain, type ValidationStep } from '../../../../../main/engine/tls/x509';
import { WorkerAnalysis } from '../../../../../main/worker/worker-analysis';
import type { FromWorker } from '../../../../../main/worker/worker-protocol';
import type { ConnectionDetails, Language } from '../../../../../contract/api';
import { stepDetail } from '../../../../../renderer/src/features/certs/step-text';
import { en } from '../../../../../contract/i18n/en';
import { translator } from '../../../../../contract/i18n/translate';
import { zhCN } from '../../../../../contract/i18n/zh-CN';
import { CA_EXTENSIONS, OpensslPki, leafExtensions, type IssuedCertificate } from '../../../engine/tls/x509/openssl-pki';

const LANGUAGES: Language[] = ['en', 'zh-CN'];
const HAN = /\p{Script=Han}/u;

describe('step sentences: catalogs against the engine', () => {
  it('every step code has its variants listed by the engine', () => {
    expect(Object.keys(STEP_VARIANTS).sort()).toEqual(Object.values(STEP).sort());
  });

  it('both catalogs have a sentence for every (code, variant) the engine can produce', () => {
    for (const [code, variants] of Object.entries(STEP_VARIANTS)) {
      for (const variant of variants) {
        const key = `views.stepText.${code}.${variant}`;
        expect(Object.keys(en), key).toContain(key);
        expect(Object.keys(zhCN), key).toContain(key);
      }
    }
  });
});

/** What a sentence must carry: the quoted names, URLs, dates and times, and numbers the engine's message states. */
function factsOf(message: string): string[] {
  const facts = new Set<string>();
  for (const m of message.matchAll(/"([^"]+)"/g)) facts.add(m[1]);
  for (const m of message.matchAll(/https?:\/\/\S+?(?=:?\s|$)/g)) facts.add(m[0].replace(/[.,]$/, ''));
  for (const m of message.matchAll(/(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/g)) {
    facts.add(m[1]);
    if (m[2]) facts.add(m[2]);
  }
  for (const m of message.matchAll(/#(\d+)/g)) facts.add(m[1]);
  return [...facts];
}

function checkWording(step: ValidationStep, where: string): void {
  for (const language of LANGUAGES) {
    const detail = stepDetail(step, translator(language), language);
    const label = `${where} ${step.code}/${step.args?.variant} ${language}: ${detail.text}`;
    expect(detail.language, label).toBe(language);
    expect(detail.text, label).not.toMatch(/\{\w+\}/);
    expect(detail.text, label).not.toContain('undefined');
    if (language === 'zh-CN') expect(HAN.test(detail.text), label).toBe(true);
    for (const fact of factsOf(step.message)) expect(detail.text, `${label}\n  missing "${fact}" from: ${step.message}`).toContain(fact);
  }
}

describe('step sentences for chains made with openssl', () => {
  let pki: OpensslPki;
  let root: IssuedCertificate;
  let intermediate: IssuedCertificate;
  const AT = new Date('2025-01-01T00:00:00Z');
  const seen = new Set<string>();
  const leafOf = (name: string, san: string | null, over: Partial<Parameters<OpensslPki['issue']>[0]> = {}) =>
    pki.issue({ name, subject: `/O=TLS Lens Test/CN=${name}.example.test`, issuer: intermediate, start: '20240101000000Z', end: '20260101000000Z', extensions: leafExtensions(san), ...over });
  const check = (name: string, chain: Uint8Array[], hostname: string | null, at: Date = AT, roots: Uint8Array[] = [root.der]) => {
    const result = validateChain(chain, { hostname, at, extraTrustedRoots: roots });
    for (const step of result.steps) {
      seen.add(`${step.code}.${step.args?.variant}`);
      checkWording(step, name);
    }
  };

  beforeAll(() => {
    pki = new OpensslPki();
    root = pki.issue({ name: 'root', subject: '/C=ZZ/O=TLS Lens Test/CN=Test Root CA', keyType: 'rsa', start: '20200101000000Z', end: '20400101000000Z', extensions: CA_EXTENSIONS });
    intermediate = pki.issue({ name: 'int', subject: '/C=ZZ/O=TLS Lens Test/CN=Test Intermediate CA', issuer: root, start: '20200601000000Z', end: '20350101000000Z', extensions: CA_EXTENSIONS });
  });
  afterAll(() => pki.cleanup());

  it('valid, expired, not yet valid, wrong host, no SNI, CN only, out of order, duplicates, sent root', () => {
    const leaf = leafOf('leaf', 'DNS:example.test,DNS:www.example.test');
    check('valid', [leaf.der, intermediate.der], 'example.test');
    check('sent root', [leaf.der, intermediate.der, root.der], 'example.test');
    check('expired', [leaf.der, intermediate.der], 'example.test', new Date('2026-06-01T00:00:00Z'));
    check('not yet valid', [leaf.der, intermediate.der], 'example.test', new Date('2023-06-01T00:00:00Z'));
    check('wrong host', [leaf.der, intermediate.der], 'other.test');
    check('no SNI', [leaf.der, intermediate.der], null);
    check('no time', [leaf.der, intermediate.der], 'example.test', new Date(Number.NaN));
    check('misordered + duplicate', [leaf.der, root.der, intermediate.der, intermediate.der], 'example.test');
    const cnOnly = leafOf('cn-only', null, { subject: '/O=TLS Lens Test/CN=example.test' });
    check('CN only', [cnOnly.der, intermediate.der], 'example.test');
    check('no names, CN differs', [cnOnly.der, intermediate.der], 'other.test');
  });

  it('self-signed, unknown CA, missing intermediate with AIA, bad signature, not a CA, no keyCertSign, pathLen, SHA-1, no serverAuth', () => {
    const selfSigned = pki.issue({ name: 'self', subject: '/CN=self.example.test', start: '20240101000000Z', end: '20260101000000Z', extensions: leafExtensions('DNS:self.example.test') });
    check('self-signed leaf', [selfSigned.der], 'self.example.test');
    const leaf = leafOf('leaf2', 'DNS:example.test');
    check('untrusted root sent', [leaf.der, intermediate.der, root.der], 'example.test', AT, []);
    check('unknown CA', [leaf.der, intermediate.der], 'example.test', AT, []);
    const aia = leafOf('aia', 'DNS:example.test', { extensions: leafExtensions('DNS:example.test', ['authorityInfoAccess = caIssuers;URI:http://ca.example.test/int.crt']) });
    check('missing intermediate', [aia.der], 'example.test');
    const impostor = pki.issue({ name: 'impostor', subject: '/C=ZZ/O=TLS Lens Test/CN=Test Intermediate CA', start: '20200101000000Z', end: '20400101000000Z', extensions: CA_EXTENSIONS });
    const forged = leafOf('forged', 'DNS:example.test', { impostor });
    check('bad signature', [forged.der, intermediate.der], 'example.test');
    const notCa = pki.issue({ name: 'not-ca', subject: '/CN=Not A CA', issuer: root, start: '20200101000000Z', end: '20400101000000Z', extensions: ['basicConstraints = critical,CA:FALSE'] });
    check('not a CA', [leafOf('under-not-ca', 'DNS:example.test', { issuer: notCa }).der, notCa.der], 'example.test');
    const noSign = pki.issue({ name: 'no-sign', subject: '/CN=No Cert Sign', issuer: root, start: '20200101000000Z', end: '20400101000000Z', extensions: ['basicConstraints = critical,CA:TRUE', 'keyUsage = critical,digitalSignature'] });
    check('no keyCertSign', [leafOf('under-no-sign', 'DNS:example.test', { issuer: noSign }).der, noSign.der], 'example.test');
    const zero = pki.issue({ name: 'zero', subject: '/CN=PathLen Zero', issuer: root, start: '20200101000000Z', end: '20400101000000Z', extensions: ['basicConstraints = critical,CA:TRUE,pathlen:0', 'keyUsage = critical,keyCertSign'] });
    const below = pki.issue({ name: 'below', subject: '/CN=Below Zero', issuer: zero, start: '20200101000000Z', end: '20400101000000Z', extensions: CA_EXTENSIONS });
    check('pathLen', [leafOf('deep', 'DNS:example.test', { issuer: below }).der, below.der, zero.der], 'example.test');
    const sha1 = leafOf('sha1', 'DNS:example.test', { digest: 'sha1', start: '20150101000000Z', end: '20300101000000Z' });
    check('SHA-1 then', [sha1.der, intermediate.der], 'example.test', new Date('2016-01-01T00:00:00Z'));
    check('SHA-1 now', [sha1.der, intermediate.der], 'example.test');
    const clientOnly = leafOf('client-only', 'DNS:example.test', {
      extensions: ['basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature', 'extendedKeyUsage = clientAuth', 'subjectAltName = DNS:example.test'],
    });
    check('no serverAuth', [clientOnly.der, intermediate.der], 'example.test');
  });

  it('empty, unparseable, too many certificates', () => {
    check('empty', [], 'example.test');
    check('unparseable', [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])], 'example.test');
    const leaf = leafOf('leaf3', 'DNS:example.test');
    check('too many', [leaf.der, ...Array.from({ length: 17 }, () => intermediate.der)], 'example.test');
  });

  it('the scenarios above reached most of the sentences', () => {
    // sentences no openssl-made chain reaches here: a self-signed root at the end of a longer chain
    // is reached by 'untrusted root sent'; an expired/future trusted root needs a bundled root out of its dates
    const all = Object.entries(STEP_VARIANTS).flatMap(([code, variants]) => variants.map((v) => `${code}.${v}`));
    const missed = all.filter((k) => !seen.has(k));
    expect(missed.length, `never produced: ${missed.join(', ')}`).toBeLessThanOrEqual(3);
  });
});

const CORPUS = CORPUS_DIR;
const corpusFiles = ['zeek/ecdhe.pcap', 'zeek/google-cert-repeat.pcap', 'zeek/ecdsa-cert.pcap', 'zeek/client-certificate.pcap', 'foxio-ja4/browsers-x509.pcapng', 'arkime/openssl-tls1_2.pcap']
  .map((f) => join(CORPUS, f))
  .filter(existsSync);

describe('step sentences for the corpus captures (the engine run as the app runs it)', () => {
  it.skipIf(corpusFiles.length === 0).each(corpusFiles)('%s', async (path) => {
    const posted: FromWorker[] = [];
    const worker = new WorkerAnalysis({ path }, (m) => posted.push(m));
    await worker.run();
    const finished = posted.find((m) => m.type === 'finished');
    expect(finished).toBeDefined();
    let steps = 0;
    for (let id = 0; ; id++) {
      const r = await worker.handle({ op: 'details', connectionId: id });
      if (!r.ok) break;
      const details = r.value as Omit<ConnectionDetails, 'analysisId'>;
      for (const step of details.connection.tls?.validation?.steps ?? []) {
        steps++;
        checkWording(step, `${path} #${id}`);
      }
    }
    expect(steps).toBeGreaterThan(0);
  });
});
