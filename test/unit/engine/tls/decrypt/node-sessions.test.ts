import { constants } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedChunks, rechunk } from '../helpers/feed';
import { makeCertificate, type TestCertificate } from '../helpers/node-tls-session';
import { decryptChunks, recordKeyedSession, type KeyedSession } from './helpers/keyed-session';
import { KeyStore } from '../../../../../main/engine/tls/decrypt/key-store';

/**
 * Real sessions between Node's TLS client and server, recorded through a proxy, decrypted
 * with the client's own `keylog` lines. The truth is what the two ends actually exchanged.
 */

let cert: TestCertificate;
beforeAll(() => {
  cert = makeCertificate('decrypt.test');
});

/** Several records each way (16 KiB max per record), not all printable. */
function payload(head: string, size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  b.write(head, 0, 'latin1');
  return b;
}
const REQUEST = payload('POST /upload HTTP/1.1\r\nHost: decrypt.test\r\n\r\n', 40_000, 1);
const RESPONSE = payload('HTTP/1.1 200 OK\r\nContent-Length: 69980\r\n\r\n', 70_000, 2);

function session(client: Record<string, unknown>, server: Record<string, unknown> = client, extra: { request?: Buffer; renegotiate?: boolean } = {}): Promise<KeyedSession> {
  return recordKeyedSession(cert, { client, server, request: extra.request ?? REQUEST, response: RESPONSE, renegotiate: extra.renegotiate });
}

function expectFullyDecrypted(s: KeyedSession, d: ReturnType<typeof decryptChunks>): void {
  expect(d.anomalies.filter((a) => a.code.startsWith('tls.decrypt'))).toEqual([]);
  expect(s.serverReceived.equals(REQUEST)).toBe(true);
  expect(d.appData.c2s.equals(s.serverReceived)).toBe(true);
  expect(d.appData.s2c.equals(s.clientReceived)).toBe(true);
  const dec = d.summary.decryption!;
  expect(dec).toMatchObject({ keysFound: true, source: 'keylog', failedRecords: 0, appProtocol: 'http/1.1' });
  expect(dec.firstAppData.c2s).toMatch(/^POST \/upload HTTP\/1\.1\\r\\nHost: decrypt\.test\\r\\n\\r\\n\\x/);
  expect(dec.firstAppData.s2c).toMatch(/^HTTP\/1\.1 200 OK\\r\\n/);
  // 256 raw bytes at most, escaped as plain ASCII
  expect(dec.firstAppData.c2s).toMatch(/^[\x20-\x7e]+$/);
  // both sides closed with a close_notify that was read, not inferred
  const alerts = d.summary.alerts.map((a) => [a.dir, a.descriptionName, a.encrypted, a.inferred, a.decrypted]);
  expect(alerts).toEqual(expect.arrayContaining([['c2s', 'close_notify', false, false, true], ['s2c', 'close_notify', false, false, true]]));
}

describe('TLS 1.2 decryption with Node key logs', () => {
  const suites: Array<[string, Record<string, unknown>]> = [
    ['AES-128-GCM', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }],
    ['AES-256-GCM (SHA-384 PRF)', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' }],
    ['ChaCha20-Poly1305', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-CHACHA20-POLY1305' }],
    ['AES-128-CBC-SHA, encrypt-then-MAC (OpenSSL default)', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA' }],
    ['AES-128-CBC-SHA, MAC-then-encrypt', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA', secureOptions: constants.SSL_OP_NO_ENCRYPT_THEN_MAC }],
    ['AES-256-CBC-SHA384, MAC-then-encrypt', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES256-SHA384', secureOptions: constants.SSL_OP_NO_ENCRYPT_THEN_MAC }],
    ['TLS 1.1 AES-256-CBC-SHA (explicit IV, MD5/SHA-1 PRF)', { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'AES256-SHA:@SECLEVEL=0', secureOptions: constants.SSL_OP_NO_ENCRYPT_THEN_MAC }],
    ['TLS 1.0 AES-128-CBC-SHA (chained IV)', { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'AES128-SHA:@SECLEVEL=0', secureOptions: constants.SSL_OP_NO_ENCRYPT_THEN_MAC }],
  ];
  for (const [name, options] of suites) {
    it(name, async () => {
      const s = await session(options);
      const d = decryptChunks(s.chunks, s.keylog);
      expectFullyDecrypted(s, d);
      // the Finished after each ChangeCipherSpec is read (tshark lists it as 20, without keys "encrypted")
      expect(d.summary.handshakeTypes.c2s).toEqual([1, 16, 20]);
      expect(d.summary.handshakeTypes.s2c.at(-1)).toBe(20);
      expect(d.summary.decryption!.innerTypes).toEqual({ c2s: [], s2c: [] });
      const finished = d.summary.messages.filter((m) => m.kind === 'handshake' && m.type === 20);
      expect(finished.map((m) => [m.dir, m.decrypted, m.length])).toEqual([
        [finished[0].dir, true, 12],
        [finished[1].dir, true, 12],
      ]);
      // a record cut into many TCP segments decrypts the same
      const again = decryptChunks(rechunk(s.chunks, [1, 7, 300, 1460]), s.keylog);
      expect(again.appData.c2s.equals(d.appData.c2s)).toBe(true);
      // the key schedule's sources name other frames and offsets; its values are the same
      expect({ ...again.summary.decryption, keySchedule: null }).toEqual({ ...d.summary.decryption, keySchedule: null });
      expect(again.summary.decryption!.keySchedule!.tls12!.keyBlock).toEqual(d.summary.decryption!.keySchedule!.tls12!.keyBlock);
    });
  }

  it('renegotiation: the second handshake is decrypted with the first keys, then its own', async () => {
    const request = Buffer.from('GET / HTTP/1.1\r\nHost: decrypt.test\r\n\r\n');
    const s = await session({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }, { maxVersion: 'TLSv1.2' }, { renegotiate: true, request });
    expect(s.keylog.match(/^CLIENT_RANDOM /gm)).toHaveLength(2);
    const d = decryptChunks(s.chunks, s.keylog);
    expect(d.anomalies.filter((a) => a.code.startsWith('tls.decrypt'))).toEqual([]);
    // (Node's client sends the request again after the renegotiation: what the server got is the truth)
    expect(d.appData.c2s.equals(s.serverReceived)).toBe(true);
    expect(d.appData.s2c.equals(s.clientReceived)).toBe(true);
    // HelloRequest, then a second (resumed) handshake, all of it under the first session's keys;
    // the second Finished of each side under the keys of the second client random
    expect(d.summary.handshakeTypes.c2s).toEqual([1, 16, 20, 1, 20]);
    expect(d.summary.handshakeTypes.s2c.slice(-4)).toEqual([20, 0, 2, 20]);
    expect(d.summary.clientHellos).toHaveLength(2);
    expect(d.summary.decryption).toMatchObject({ failedRecords: 0, appProtocol: 'http/1.1' });
  });

  it('RSA key exchange from `RSA <encrypted pre-master secret> <pre-master secret>` lines alone (extended master secret)', async () => {
    const s = await session({ maxVersion: 'TLSv1.2', ciphers: 'AES256-GCM-SHA384' });
    const rsaOnly = s.keylog.split('\n').filter((l) => l.startsWith('RSA ')).join('\n');
    expect(rsaOnly).not.toBe('');
    const d = decryptChunks(s.chunks, rsaOnly);
    expect(d.summary.serverHellos[0].extendedMasterSecret).toBe(true);
    expectFullyDecrypted(s, d);
  });

  it('`RSA Session-ID:… Master-Key:…` lines, keyed by the ServerHello session id', async () => {
    // without tickets the server names the session by id
    const s = await session({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }, { maxVersion: 'TLSv1.2', secureOptions: constants.SSL_OP_NO_TICKET });
    const plain = feedChunks(s.chunks).analyzer.summary()!;
    const sessionId = plain.serverHellos[0].sessionId;
    expect(sessionId).not.toBe('');
    const ms = /^CLIENT_RANDOM \S+ (\S+)$/m.exec(s.keylog)![1];
    expectFullyDecrypted(s, decryptChunks(s.chunks, `RSA Session-ID:${sessionId} Master-Key:${ms}\n`));
  });
});

describe('TLS 1.3 decryption with Node key logs', () => {
  const suites = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_CCM_SHA256'];
  for (const suite of suites) {
    it(suite, async () => {
      const s = await session({ minVersion: 'TLSv1.3', ciphers: suite });
      expect(s.cipher).toBe(suite);
      const d = decryptChunks(s.chunks, s.keylog);
      expectFullyDecrypted(s, d);
      // the encrypted handshake, read: EncryptedExtensions, Certificate, CertificateVerify, Finished, tickets
      expect(d.summary.handshakeTypes).toEqual({ c2s: [1, 20], s2c: [2, 8, 11, 15, 20, 4, 4] });
      expect(d.summary.certificates.map((c) => c.subjectCN)).toEqual(['decrypt.test']);
      expect(d.summary.validation).not.toBeNull();
      const inner = d.summary.decryption!.innerTypes;
      expect(inner.c2s[0]).toBe(22);
      expect(inner.c2s.at(-1)).toBe(21);
      expect(inner.s2c.filter((t) => t === 22).length).toBeGreaterThan(0);
      expect(inner.s2c.at(-1)).toBe(21);
      // records keep their wire type; the inner type rides on the message
      const ee = d.summary.messages.find((m) => m.type === 8)!;
      expect(ee).toMatchObject({ recordType: 23, innerType: 22, decrypted: true, kind: 'handshake' });
      expect(d.summary.records.s2c.filter((t) => t === 22)).toHaveLength(1);
      expect(d.summary.handshakeComplete).toBe(true);
      expect(d.summary.timings.clientHelloToFirstFinishedMs).not.toBeNull();
    });
  }

  it('HTTP/2 client preface → appProtocol "h2"', async () => {
    const preface = Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]);
    const s = await recordKeyedSession(cert, { client: { minVersion: 'TLSv1.3' }, request: preface, response: Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]) });
    const d = decryptChunks(s.chunks, s.keylog);
    expect(d.summary.decryption!.appProtocol).toBe('h2');
    expect(d.appData.c2s.equals(preface)).toBe(true);
  });
});

describe('wrong or missing keys', () => {
  for (const [name, options] of [
    ['TLS 1.2', { maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }],
    ['TLS 1.3', { minVersion: 'TLSv1.3' }],
  ] as const) {
    it(`${name}: a wrong secret gives tls.decrypt-failed once per direction, never throws, and the keyless view`, async () => {
      const s = await session(options);
      // flip the last hex digit of every secret
      const wrong = s.keylog.replace(/([0-9a-f])(\r?\n|$)/g, (_, d: string, end: string) => ((parseInt(d, 16) ^ 1).toString(16) + end));
      const d = decryptChunks(s.chunks, wrong);
      const failed = d.anomalies.filter((a) => a.code === 'tls.decrypt-failed');
      expect(failed).toHaveLength(2);
      expect(failed[0].frame).toBeGreaterThan(0);
      expect(d.summary.decryption).toMatchObject({ keysFound: true, decryptedRecords: 0, appProtocol: null, firstAppData: { c2s: null, s2c: null } });
      expect(d.summary.decryption!.failedRecords).toBeGreaterThan(2);
      // everything else is what the analysis without keys says
      const keyless = feedChunks(s.chunks).analyzer.summary()!;
      expect({ ...d.summary, decryption: null, anomalies: [], anomalyCount: 0 }).toEqual({ ...keyless, decryption: null, anomalies: [], anomalyCount: 0 });
    });
  }

  it('keys for other connections: keysFound false, output as without keys', async () => {
    const s = await session({ minVersion: 'TLSv1.3' });
    const other = await session({ minVersion: 'TLSv1.3' });
    const d = decryptChunks(s.chunks, other.keylog);
    expect(d.anomalies).toEqual(feedChunks(s.chunks).anomalies);
    expect(d.summary.decryption).toEqual({ keysFound: false, source: null, decryptedRecords: 0, failedRecords: 0, innerTypes: { c2s: [], s2c: [] }, appProtocol: null, firstAppData: { c2s: null, s2c: null }, keySchedule: null });
    expect({ ...d.summary, decryption: null }).toEqual(feedChunks(s.chunks).analyzer.summary());
  });
});

describe('keys that arrive after the records (a DSB written after the traffic)', () => {
  it('held records are decrypted when the keys come', async () => {
    const s = await session({ minVersion: 'TLSv1.3' });
    const keys = new KeyStore();
    keys.expectMore();
    // the keys arrive in the middle of the connection: feed, add keys half way
    const half = Math.floor(s.chunks.length / 2);
    const d1 = decryptChunksWithLateKeys(s, keys, half);
    expect(d1.appData.c2s.equals(REQUEST)).toBe(true);
    expect(d1.summary.decryption).toMatchObject({ keysFound: true, source: 'dsb', failedRecords: 0 });
    expect(d1.summary.handshakeTypes.s2c).toEqual([2, 8, 11, 15, 20, 4, 4]);
  });

  it('keys that never come: the records are released as they were, nothing lost', async () => {
    const s = await session({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' });
    const keys = new KeyStore();
    keys.expectMore();
    const d = decryptChunks(s.chunks, '', keys); // closes the store at the end
    const keyless = feedChunks(s.chunks);
    expect({ ...d.summary, decryption: null }).toEqual(keyless.analyzer.summary());
    expect(d.anomalies).toEqual(keyless.anomalies);
  });
});

/** Like decryptChunks, but the key log arrives (as a DSB would) just before chunk `at`. */
function decryptChunksWithLateKeys(s: KeyedSession, keys: KeyStore, at: number): ReturnType<typeof decryptChunks> {
  return decryptChunks(s.chunks, '', keys, (i) => {
    if (i === at) keys.addKeyLog(s.keylog, 'dsb');
  });
}
