import { beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type TestCertificate } from '../helpers/node-tls-session';
import { decryptChunks, recordKeyedSession } from './helpers/keyed-session';

/**
 * The key schedule shown per decrypted connection: every value with its source, and the
 * Finished check (verify_data computed from the keys and transcript = the decrypted one).
 * Node/OpenSSL sessions of our own; their keylog events are the key source.
 */
let cert: TestCertificate;
beforeAll(() => {
  cert = makeCertificate('schedule.test');
});

const request = Buffer.from('GET /schedule HTTP/1.1\r\nHost: schedule.test\r\n\r\n');
const response = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');

describe('key schedule of a decrypted connection', () => {
  it('TLS 1.2 ECDHE: randoms from the hellos, master secret from its key-log line, key block split, both Finished ✓', async () => {
    const s = await recordKeyedSession(cert, { server: { maxVersion: 'TLSv1.2' }, client: { ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' }, request, response });
    const d = decryptChunks(s.chunks, s.keylog);
    const ks = d.summary.decryption!.keySchedule!;
    expect(ks.tls13).toBeNull();
    const t = ks.tls12!;
    expect(t.clientRandom.hex).toBe(d.summary.clientHellos[0].random);
    expect(t.clientRandom.source).toMatchObject({ kind: 'capture', frame: 1, length: 32, field: 'ClientHello.random' });
    expect(t.masterSecret.source).toMatchObject({ kind: 'keylog', label: 'CLIENT_RANDOM', line: 1 });
    expect(s.keylog).toContain(t.masterSecret.hex);
    expect(t.preMaster).toMatchObject({ kind: 'ecdhe', group: 'x25519' });
    // AES-128-GCM: no MAC keys, 16-byte write keys, 4-byte implicit IVs (RFC 5288 §3)
    expect(t.client.macKey).toBeNull();
    expect(t.client.writeKey!.hex).toHaveLength(32);
    expect(t.server.iv!.hex).toHaveLength(8);
    expect(t.keyBlock.hex).toBe(t.client.writeKey!.hex + t.server.writeKey!.hex + t.client.iv!.hex + t.server.iv!.hex);
    expect(ks.finished.c2s).toMatchObject({ ok: true });
    expect(ks.finished.s2c).toMatchObject({ ok: true });
    expect(ks.finished.c2s!.computed).toBe(ks.finished.c2s!.decrypted);
  });

  it('TLS 1.2 CBC with extended master secret: MAC keys sized by the suite, Finished ✓', async () => {
    const s = await recordKeyedSession(cert, { server: { maxVersion: 'TLSv1.2' }, client: { ciphers: 'ECDHE-RSA-AES256-SHA384' }, request, response });
    const d = decryptChunks(s.chunks, s.keylog);
    const t = d.summary.decryption!.keySchedule!.tls12!;
    expect(t.extendedMasterSecret).toBe(true);
    expect(t.client.macKey!.hex).toHaveLength(96);
    expect(t.client.writeKey!.hex).toHaveLength(64);
    expect(d.summary.decryption!.keySchedule!.finished.s2c?.ok).toBe(true);
  });

  it('TLS 1.3: traffic secrets from their key-log lines with key and IV, the keyless early secret, both Finished ✓', async () => {
    const s = await recordKeyedSession(cert, { server: { minVersion: 'TLSv1.3' }, client: { ciphers: 'TLS_AES_128_GCM_SHA256' }, request, response });
    const d = decryptChunks(s.chunks, s.keylog);
    const ks = d.summary.decryption!.keySchedule!;
    const t = ks.tls13!;
    expect(t.hash).toBe('sha256');
    // HKDF-Extract(0, 0) with SHA-256 (RFC 8448 §3 shows the same value)
    expect(t.earlySecret!.hex).toBe('33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a');
    expect(t.clientHandshake!.secret.source).toMatchObject({ kind: 'keylog', label: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET' });
    expect(t.clientHandshake!.key.hex).toHaveLength(32);
    expect(t.clientHandshake!.iv.hex).toHaveLength(24);
    expect(t.serverApplication).toHaveLength(1);
    expect(t.exporter?.source).toMatchObject({ kind: 'keylog', label: 'EXPORTER_SECRET' });
    expect(ks.finished.s2c).toMatchObject({ ok: true });
    expect(ks.finished.c2s).toMatchObject({ ok: true });
  });

  it('no keys for the connection: no key schedule', async () => {
    const s = await recordKeyedSession(cert, { server: { minVersion: 'TLSv1.3' }, request, response });
    const d = decryptChunks(s.chunks, `CLIENT_RANDOM ${'00'.repeat(32)} ${'11'.repeat(48)}\n`);
    expect(d.summary.decryption!.keySchedule).toBeNull();
  });
});
