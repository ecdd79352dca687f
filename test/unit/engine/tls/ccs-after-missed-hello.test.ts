import { describe, expect, it } from 'vitest';
import { feedChunks, type Chunk } from './helpers/feed';
import { clientHelloRecord, extension, handshake, record } from './helpers/tls-bytes';

/**
 * Issue 21 item 6: after a ChangeCipherSpec a direction's handshake records are protected
 * (RFC 5246 §7.1), whatever the capture missed before it. A client that offers TLS 1.3 may
 * also send a compatibility CCS before any ServerHello (RFC 8446 §D.4), after which only a
 * second ClientHello travels in clear; a missed TLS 1.2 ServerHello must not make the
 * client's encrypted Finished read as plaintext.
 */
const offersTls13 = clientHelloRecord({ cipherSuites: [0x1301, 0xc02f], extensions: [extension(43, [4, 0x03, 0x04, 0x03, 0x03])] });
const clientKeyExchange = record(22, handshake(16, [0, 64, ...new Array(64).fill(0x41)]));
const ccs = record(20, [1]);
/** 40 bytes of ciphertext whose first 8 read as two zero-length hello_requests */
const finishedLikeHelloRequests = record(22, [0, 0, 0, 0, 0, 0, 0, 0, ...new Array(32).fill(0x5a)]);
/** ciphertext that reads as "handshake type 239 declaring 4743792 bytes" */
const finishedLikeHugeMessage = record(22, [0xef, 0x48, 0x62, 0x70, ...new Array(36).fill(0x5a)]);

function clientMessages(chunks: Chunk[]) {
  const fed = feedChunks(chunks);
  const s = fed.analyzer.summary()!;
  return { messages: s.messages.filter((m) => m.dir === 'c2s').map((m) => m.name), types: s.handshakeTypes.c2s, anomalies: fed.anomalies.map((a) => a.code) };
}

describe('a ChangeCipherSpec after a missed ServerHello', () => {
  it('the encrypted Finished of a TLS 1.3-offering client whose TLS 1.2 ServerHello was missed is not read as two hello_requests', () => {
    const r = clientMessages([
      { dir: 'c2s', bytes: offersTls13, time: 1 },
      { dir: 'c2s', bytes: clientKeyExchange, time: 2 },
      { dir: 'c2s', bytes: ccs, time: 2 },
      { dir: 'c2s', bytes: finishedLikeHelloRequests, time: 2 },
    ]);
    expect(r.messages).toEqual(['client_hello', 'client_key_exchange', 'change_cipher_spec', 'encrypted']);
    expect(r.types).toEqual([1, 16, 'encrypted']);
  });

  it('nor as a message of type 239 declaring 4743792 bytes (the Finished dropped)', () => {
    const r = clientMessages([
      { dir: 'c2s', bytes: offersTls13, time: 1 },
      { dir: 'c2s', bytes: clientKeyExchange, time: 2 },
      { dir: 'c2s', bytes: ccs, time: 2 },
      { dir: 'c2s', bytes: finishedLikeHugeMessage, time: 2 },
    ]);
    expect(r.messages).toEqual(['client_hello', 'client_key_exchange', 'change_cipher_spec', 'encrypted']);
    expect(r.anomalies).toEqual([]);
  });

  it('a capture starting after both hellos still takes the Finished after CCS for ciphertext', () => {
    const r = clientMessages([
      { dir: 'c2s', bytes: clientKeyExchange, time: 2 },
      { dir: 'c2s', bytes: ccs, time: 2 },
      { dir: 'c2s', bytes: finishedLikeHelloRequests, time: 2 },
    ]);
    expect(r.messages).toEqual(['client_key_exchange', 'change_cipher_spec', 'encrypted']);
  });

  it('a TLS 1.3 compatibility CCS before a missed HelloRetryRequest still lets the second ClientHello be read', () => {
    const r = clientMessages([
      { dir: 'c2s', bytes: offersTls13, time: 1 },
      { dir: 'c2s', bytes: ccs, time: 2 },
      { dir: 'c2s', bytes: offersTls13, time: 2 },
    ]);
    expect(r.messages).toEqual(['client_hello', 'change_cipher_spec', 'client_hello']);
  });
});
