import { describe, expect, it } from 'vitest';
import type { Chunk } from '../helpers/feed';
import { decryptChunks } from './helpers/keyed-session';
import { TLS_RSA_WITH_3DES_EDE_CBC_SHA, TLS_RSA_WITH_NULL_SHA256, handmadeTls12Session } from './helpers/handmade-tls12';
import { feedChunks } from '../helpers/feed';
import { clientHelloRecord, handshake, record, serverHelloBody, sslv2ClientHello } from '../helpers/tls-bytes';

/** Issue 19 item 4: what real captures showed decryption missing. */

const MS = '5a'.repeat(48);
/** clientHelloBody's random is the bytes 0, 1, …, 31 */
const HELLO_RANDOM = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('hex');

function tls12Flight(suite: number, clientHello: Uint8Array, version = 0x0303): Chunk[] {
  return [
    { dir: 'c2s', bytes: clientHello, time: 1 },
    { dir: 's2c', bytes: record(22, handshake(2, serverHelloBody({ version, cipherSuite: suite })), version), time: 2 },
    { dir: 'c2s', bytes: record(20, [1], version), time: 3 },
    { dir: 'c2s', bytes: record(22, new Array(48).fill(0x33), version), time: 3 },
  ];
}

describe('decryption gaps', () => {
  it('an SSLv2-format ClientHello: its challenge, right-aligned and zero-padded to 32 bytes, finds the key-log line (RFC 5246 E.2)', () => {
    const challenge = Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const padded = '00'.repeat(16) + Buffer.from(challenge).toString('hex');
    const d = decryptChunks(tls12Flight(0x002f, sslv2ClientHello(0x0301, [0x00002f], challenge), 0x0301), `CLIENT_RANDOM ${padded} ${MS}\n`);
    expect(d.summary.clientHellos[0].sslv2).toBe(true);
    expect(d.summary.decryption!.keysFound).toBe(true);
  });

  for (const [suite, cipher] of [
    [0x0007, 'IDEA_CBC'],
    [0x0005, 'RC4_128'],
    [0x0009, 'DES_CBC'],
    [0x0096, 'SEED_CBC'],
  ] as const) {
    it(`keys found for a ${cipher} suite Node cannot decrypt: the report names the cipher`, () => {
      const d = decryptChunks(tls12Flight(suite, clientHelloRecord({ cipherSuites: [suite] })), `CLIENT_RANDOM ${HELLO_RANDOM} ${MS}\n`);
      expect(d.summary.decryption!.undecryptableCipher).toBe(cipher);
      expect(d.anomalies.find((a) => a.code === 'tls.decrypt-unsupported')?.message).toContain(`${cipher} is not available`);
    });
  }

  it('3DES (TLS_RSA_WITH_3DES_EDE_CBC_SHA) decrypts, its key block is split 20/24/8, and its Finished check passes', () => {
    // no local TLS stack negotiates 3DES any more (OpenSSL 3 builds without weak ciphers): a session made by hand
    const request = Buffer.from('GET /3des HTTP/1.1\r\n\r\n');
    const response = Buffer.from('HTTP/1.1 204 No Content\r\n\r\n');
    const h = handmadeTls12Session(TLS_RSA_WITH_3DES_EDE_CBC_SHA, request, response);
    const d = decryptChunks(h.chunks, h.keylog);
    expect(d.appData.c2s.equals(request)).toBe(true);
    expect(d.appData.s2c.equals(response)).toBe(true);
    const ks = d.summary.decryption!.keySchedule!;
    expect(ks.tls12!.client.macKey!.hex).toHaveLength(40);
    expect(ks.tls12!.client.writeKey!.hex).toBe(h.clientWriteKey.toString('hex'));
    expect(ks.tls12!.client.iv!.hex).toHaveLength(16);
    expect(ks.finished.c2s).toMatchObject({ ok: true, decrypted: h.clientVerifyData.toString('hex') });
    expect(ks.finished.s2c).toMatchObject({ ok: true, decrypted: h.serverVerifyData.toString('hex') });
  });
});

describe('NULL-cipher suites without keys', () => {
  it('the Finished after CCS is read in clear before its MAC (TLS_RSA_WITH_NULL_SHA256), not listed as encrypted', () => {
    const h = handmadeTls12Session(TLS_RSA_WITH_NULL_SHA256, Buffer.from('ping'), Buffer.from('pong'));
    const fed = feedChunks(h.chunks);
    const s = fed.analyzer.summary()!;
    const finished = s.messages.filter((m) => m.name === 'finished');
    expect(finished.map((m) => m.dir)).toEqual(['c2s', 's2c']);
    expect(finished[0].detail).toEqual({ verifyDataLength: 12 });
    expect(s.messages.some((m) => m.name === 'encrypted')).toBe(false);
    expect(s.handshakeComplete).toBe(true);
  });
});

describe('TLS compression (DEFLATE, RFC 3749)', () => {
  it('decrypted records are inflated: the Finished is a Finished (not "type 120"), the request reads as sent, Finished ✓', () => {
    const request = Buffer.from('GET / HTTP/1.0\r\nHost: deflate.test\r\n\r\n');
    const response = Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello hello hello hello');
    const h = handmadeTls12Session(TLS_RSA_WITH_3DES_EDE_CBC_SHA, request, response, true);
    const d = decryptChunks(h.chunks, h.keylog);
    expect(d.appData.c2s.toString('latin1')).toBe(request.toString('latin1'));
    expect(d.appData.s2c.toString('latin1')).toBe(response.toString('latin1'));
    expect(d.summary.messages.filter((m) => m.decrypted && m.kind === 'handshake').map((m) => m.name)).toEqual(['finished', 'finished']);
    expect(d.summary.decryption!.firstAppData.c2s).toMatch(/^GET \/ HTTP\/1\.0\\r\\n/);
    expect(d.summary.decryption!.keySchedule!.finished.c2s?.ok).toBe(true);
    expect(d.summary.decryption!.keySchedule!.finished.s2c?.ok).toBe(true);
    expect(d.anomalies.filter((a) => a.severity !== 'info')).toEqual([]);
  });
});

describe('a decrypted message maps back to its encrypted record', () => {
  it('the Finished names the protected record (header first) it was decrypted from, frame and file offset', () => {
    const h = handmadeTls12Session(TLS_RSA_WITH_3DES_EDE_CBC_SHA, Buffer.from('a'), Buffer.from('b'));
    const d = decryptChunks(h.chunks, h.keylog);
    const finished = d.summary.messages.find((m) => m.name === 'finished' && m.dir === 'c2s')!;
    // chunk 5 (frame 5) is the client's protected Finished record; feedChunks-style offsets: frame × 1000, payload at 54
    expect(finished.protectedRecord).toEqual({ fileOffsets: [{ frame: 5, fileOffset: 5000, payloadOffset: 54, length: h.chunks[4].bytes.length }], length: h.chunks[4].bytes.length - 5 });
    // its plaintext sits past the header and the explicit IV
    expect(finished.fileOffsets[0].payloadOffset).toBe(54 + 5 + 8);
  });
});
