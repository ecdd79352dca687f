import { beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type TestCertificate } from '../helpers/node-tls-session';
import { decryptChunks, recordKeyedSession } from './helpers/keyed-session';

/**
 * Issue 21 item 12: TLS 1.3 moved the server's ALPN choice from the ServerHello into the
 * encrypted EncryptedExtensions (RFC 8446 §4.3.1). With keys it is read, so `alpnSelected`
 * must say it; without keys it stays unknown (null).
 */
let cert: TestCertificate;
beforeAll(() => {
  cert = makeCertificate('alpn13.test');
});

describe('TLS 1.3 ALPN with keys', () => {
  it('alpnSelected is the protocol of the decrypted EncryptedExtensions, not null', async () => {
    const s = await recordKeyedSession(cert, {
      server: { ALPNProtocols: ['h2', 'http/1.1'], minVersion: 'TLSv1.3' },
      client: { ALPNProtocols: ['http/1.1'] },
      request: Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      response: Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'),
    });
    expect(s.protocol).toBe('TLSv1.3');
    const withKeys = decryptChunks(s.chunks, s.keylog);
    expect(withKeys.summary.messages.some((m) => m.name === 'encrypted_extensions' && m.decrypted)).toBe(true);
    expect(withKeys.summary.alpnOffered).toEqual(['http/1.1']);
    expect(withKeys.summary.alpnSelected).toBe('http/1.1');
    const withoutKeys = decryptChunks(s.chunks, '');
    expect(withoutKeys.summary.alpnSelected).toBeNull();
  });
});
