import { constants, publicEncrypt, createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type TestCertificate } from '../helpers/node-tls-session';
import { decryptChunks, recordKeyedSession } from './helpers/keyed-session';
import { KeyStore } from '../../../../../main/engine/tls/decrypt/key-store';
import { decryptPreMaster, pkcs1v15Unpad } from '../../../../../main/engine/tls/decrypt/rsa-premaster';

/**
 * RSA key exchange with the server's private key (issue 19 item 1): Node ≥ 20 refuses
 * RSA_PKCS1_PADDING in privateDecrypt (CVE-2023-46809), so the raw RSA result is unpadded
 * per RFC 8017 §7.2.2 step 3 by our own code.
 */
let cert: TestCertificate;
beforeAll(() => {
  cert = makeCertificate('rsa-kx.test');
});

/** EM = 00 02 PS 00 M, PS of `ps` non-zero bytes */
function em(ps: number, m: number[], k = 64): Uint8Array {
  const out = new Uint8Array(k);
  out[1] = 2;
  for (let i = 0; i < ps; i++) out[2 + i] = 0x5a;
  out.set(m, 3 + ps);
  return out.subarray(0, 3 + ps + m.length);
}

describe('RSAES-PKCS1-v1_5 unpadding (RFC 8017 §7.2.2)', () => {
  it('takes M after the first zero that follows at least 8 padding bytes', () => {
    expect(Array.from(pkcs1v15Unpad(em(8, [3, 3, 7]))!)).toEqual([3, 3, 7]);
    expect(Array.from(pkcs1v15Unpad(em(20, [0, 1]))!)).toEqual([0, 1]);
  });
  it('refuses a first byte other than 00, a block type other than 02, a padding string under 8 bytes, no separator', () => {
    const a = em(8, [1]);
    a[0] = 1;
    expect(pkcs1v15Unpad(a)).toBeNull();
    const b = em(8, [1]);
    b[1] = 1;
    expect(pkcs1v15Unpad(b)).toBeNull();
    expect(pkcs1v15Unpad(em(7, [1, 2]))).toBeNull();
    expect(pkcs1v15Unpad(Uint8Array.from([0, 2, ...new Array(30).fill(9)]))).toBeNull();
  });
  it('decrypts a pre-master secret encrypted with the certificate key, and nothing under a wrong length', () => {
    const store = new KeyStore();
    expect(store.addRsaKey(cert.key)).toEqual({ bits: 2048 });
    const pms = Uint8Array.from([3, 3, ...new Array(46).fill(0).map((_, i) => i + 1)]);
    const encrypted = publicEncrypt({ key: createPublicKey(cert.cert), padding: constants.RSA_PKCS1_PADDING }, pms);
    expect(Array.from(decryptPreMaster(store.rsaKeys, encrypted)!)).toEqual(Array.from(pms));
    expect(decryptPreMaster(store.rsaKeys, encrypted.subarray(1))).toBeNull();
  });
  it('tells a key that is not RSA or not a key', () => {
    expect(new KeyStore().addRsaKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toHaveProperty('error');
    expect(new KeyStore().addRsaKey(makeCertificate('ec.test', 'ec').key)).toEqual({ error: 'a ec key, not an RSA key' });
  });
});

describe('TLS 1.2 RSA key exchange decrypted with the server key, no key log', () => {
  it('opens the records, shows the encrypted and decrypted pre-master secret, and both Finished check ✓', async () => {
    const request = Buffer.from('GET /rsa HTTP/1.1\r\nHost: rsa-kx.test\r\n\r\n');
    const response = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nrsa');
    const s = await recordKeyedSession(cert, { server: { maxVersion: 'TLSv1.2' }, client: { ciphers: 'AES128-GCM-SHA256' }, request, response });
    expect(s.cipher).toBe('TLS_RSA_WITH_AES_128_GCM_SHA256');
    const keys = new KeyStore();
    keys.addRsaKey(cert.key);
    const d = decryptChunks(s.chunks, '', keys);
    expect(d.appData.c2s.equals(s.serverReceived)).toBe(true);
    expect(d.appData.s2c.equals(s.clientReceived)).toBe(true);
    const ks = d.summary.decryption!.keySchedule!;
    const pm = ks.tls12!.preMaster!;
    expect(pm.kind).toBe('rsa');
    if (pm.kind !== 'rsa') return;
    expect(pm.encrypted.hex).toHaveLength(512);
    expect(pm.encrypted.source).toMatchObject({ kind: 'capture', field: 'ClientKeyExchange.encrypted_pre_master_secret', length: 256 });
    expect(pm.decrypted!.source.kind).toBe('rsa-key');
    expect(pm.decrypted!.hex).toHaveLength(96);
    expect(pm.clientVersion).toBe('0x0303');
    // the master secret Node logged is the one computed here from the decrypted pre-master secret
    expect(s.keylog).toContain(`CLIENT_RANDOM ${d.summary.clientHellos[0].random} ${ks.tls12!.masterSecret.hex}`);
    expect(ks.tls12!.masterSecret.source.kind).toBe('computed');
    expect(ks.finished.c2s?.ok).toBe(true);
    expect(ks.finished.s2c?.ok).toBe(true);
  });
});
