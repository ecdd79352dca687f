import { describe, expect, it } from 'vitest';
import { initialKeys, initialSecrets, isOpenFailure, nextGeneration, openPacket, packetKeys } from '../../../../main/engine/quic/protection';
import { isHeaderFailure, parseLongHeader, parseShortHeader } from '../../../../main/engine/quic/header';
import { retryTagValid } from '../../../../main/engine/quic/retry';
import { parseFrames } from '../../../../main/engine/quic/frames';
import { quicVersionInfo, QUIC_V1, QUIC_V2 } from '../../../../main/engine/quic/versions';
import { CLIENT_CRYPTO_FRAME, CLIENT_DCID, SERVER_PAYLOAD, V1, V2 } from './rfc-vectors';

const v1 = quicVersionInfo(QUIC_V1)!;
const v2 = quicVersionInfo(QUIC_V2)!;

function header(bytes: Uint8Array) {
  const h = parseLongHeader(bytes, 0, bytes.length);
  if (isHeaderFailure(h)) throw new Error(h.detail);
  return h;
}

describe('Initial keys derived from the client DCID agree with the RFC samples', () => {
  it('v1 (RFC 9001 A.1)', () => {
    expect(initialSecrets(v1, CLIENT_DCID).client).toEqual(V1.clientInitialSecret);
    expect(initialSecrets(v1, CLIENT_DCID).server).toEqual(V1.serverInitialSecret);
    const k = initialKeys(v1, CLIENT_DCID);
    expect([k.client.key, k.client.iv, k.client.hp]).toEqual([V1.clientKey, V1.clientIv, V1.clientHp]);
    expect([k.server.key, k.server.iv, k.server.hp]).toEqual([V1.serverKey, V1.serverIv, V1.serverHp]);
  });

  it('v2 uses its own salt and the quicv2 labels (RFC 9369 A.1)', () => {
    const k = initialKeys(v2, CLIENT_DCID);
    expect([k.client.key, k.client.iv, k.client.hp]).toEqual([V2.clientKey, V2.clientIv, V2.clientHp]);
    expect([k.server.key, k.server.iv, k.server.hp]).toEqual([V2.serverKey, V2.serverIv, V2.serverHp]);
  });
});

describe.each([
  ['v1', v1, V1],
  ['v2', v2, V2],
] as const)('%s sample packets open without any logged key', (_name, info, sample) => {
  it('client Initial: header protection removed, packet number 2, the CRYPTO frame then PADDING', () => {
    const h = header(sample.clientInitial);
    expect(h.type).toBe('initial');
    expect(Buffer.from(h.dcid).toString('hex')).toBe('8394c8f03e515708');
    const opened = openPacket(sample.clientInitial, h, initialKeys(info, CLIENT_DCID).client, -1);
    if (isOpenFailure(opened)) throw new Error(opened.detail);
    expect(opened.packetNumber).toBe(2);
    expect(opened.plaintext.length).toBe(1162);
    expect(opened.plaintext.subarray(0, CLIENT_CRYPTO_FRAME.length)).toEqual(CLIENT_CRYPTO_FRAME);
    const walk = parseFrames(opened.plaintext);
    expect(walk.problem).toBeNull();
    expect(walk.frames.map((f) => f.name)).toEqual(['CRYPTO', 'PADDING']);
    expect(walk.frames[1].length).toBe(1162 - CLIENT_CRYPTO_FRAME.length);
  });

  it('server Initial: 2-byte packet number 1, ACK then CRYPTO', () => {
    const h = header(sample.serverInitial);
    const opened = openPacket(sample.serverInitial, h, initialKeys(info, CLIENT_DCID).server, -1);
    if (isOpenFailure(opened)) throw new Error(opened.detail);
    expect(opened.packetNumber).toBe(1);
    expect(opened.plaintext).toEqual(SERVER_PAYLOAD);
    expect(parseFrames(opened.plaintext).frames.map((f) => f.name)).toEqual(['ACK', 'CRYPTO']);
  });

  it('a flipped ciphertext byte fails authentication instead of giving garbage', () => {
    const damaged = sample.serverInitial.slice();
    damaged[damaged.length - 20] ^= 1;
    const opened = openPacket(damaged, header(damaged), initialKeys(info, CLIENT_DCID).server, -1);
    expect(isOpenFailure(opened) && opened.reason).toBe('auth-failed');
  });

  it('Retry: its integrity tag checks against the original DCID, and not against another', () => {
    const h = header(sample.retry);
    expect(h.type).toBe('retry');
    expect(Buffer.from(h.token!).toString('latin1')).toBe('token');
    expect(retryTagValid(info, CLIENT_DCID, sample.retry)).toBe(true);
    expect(retryTagValid(info, Uint8Array.of(1, 2, 3, 4), sample.retry)).toBe(false);
  });

  it('ChaCha20 short header: PING in packet 654360564, and the key update secret', () => {
    const keys = packetKeys(info, 0x1303, V1.chachaSecret)!;
    const h = parseShortHeader(sample.chachaPacket, 0, sample.chachaPacket.length, 0);
    if (isHeaderFailure(h)) throw new Error(h.detail);
    const opened = openPacket(sample.chachaPacket, h, keys, 654360563);
    if (isOpenFailure(opened)) throw new Error(opened.detail);
    expect(opened.packetNumber).toBe(654360564);
    expect(Array.from(opened.plaintext)).toEqual([0x01]);
    expect(parseFrames(opened.plaintext).frames.map((f) => f.name)).toEqual(['PING']);
    expect(nextGeneration(keys).secret).toEqual(sample.chachaKu);
  });
});
