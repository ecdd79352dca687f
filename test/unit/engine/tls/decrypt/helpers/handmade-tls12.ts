/**
 * A TLS 1.2 handshake and records made by hand for suites no local TLS stack will negotiate
 * (3DES and NULL are compiled out of Debian's and Node's OpenSSL): hellos, an RSA
 * ClientKeyExchange, CCS, Finished and application data, protected as RFC 5246 §6.2.3.2
 * says (MAC-then-encrypt, explicit IV, padding bytes all equal to its length) with
 * node:crypto's cipher and HMAC. The key block comes from the PRF of RFC 5246 §5, written
 * out here apart from the engine's.
 */

import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { constants as zlib, deflateRawSync, deflateSync } from 'node:zlib';
import type { Chunk } from '../../helpers/feed';
import { clientHelloBody, handshake, record, serverHelloBody } from '../../helpers/tls-bytes';

function pSha256(secret: Buffer, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  let a = seed;
  let have = 0;
  while (have < length) {
    a = createHmac('sha256', secret).update(a).digest();
    const block = createHmac('sha256', secret).update(Buffer.concat([a, seed])).digest();
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

const prf = (secret: Buffer, label: string, seed: Buffer, length: number): Buffer => pSha256(secret, Buffer.concat([Buffer.from(label, 'latin1'), seed]), length);

export interface HandmadeSuite {
  code: number;
  /** node:crypto cipher, null for NULL encryption */
  cipher: string | null;
  keyLength: number;
  blockLength: number;
  macHash: 'sha1' | 'sha256';
  macLength: number;
}

export const TLS_RSA_WITH_3DES_EDE_CBC_SHA: HandmadeSuite = { code: 0x000a, cipher: 'des-ede3-cbc', keyLength: 24, blockLength: 8, macHash: 'sha1', macLength: 20 };
export const TLS_RSA_WITH_NULL_SHA256: HandmadeSuite = { code: 0x003b, cipher: null, keyLength: 0, blockLength: 0, macHash: 'sha256', macLength: 32 };

export interface Handmade {
  chunks: Chunk[];
  keylog: string;
  clientVerifyData: Buffer;
  serverVerifyData: Buffer;
  clientWriteKey: Buffer;
}

/**
 * `deflate`: the ServerHello picks compression method 1 and every protected record's content
 * is compressed first (RFC 3749): per direction one stream, each record ending in a sync
 * flush; the first with the zlib header as OpenSSL writes it, the next continuing raw.
 */
export function handmadeTls12Session(suite: HandmadeSuite, request: Buffer, response: Buffer, deflate = false): Handmade {
  const masterSecret = randomBytes(48);
  const clientHello = handshake(1, clientHelloBody({ cipherSuites: [suite.code] }));
  const clientRandom = Buffer.from(clientHello.subarray(6, 38));
  const serverRandom = randomBytes(32);
  const helloBody = serverHelloBody({ cipherSuite: suite.code, random: [...serverRandom] });
  // version 2, random 32, empty session id 1, cipher suite 2: the compression method
  if (deflate) helloBody[37] = 1;
  const serverHello = handshake(2, helloBody);
  const serverHelloDone = handshake(14, []);
  const cke = handshake(16, [0, 128, ...randomBytes(128)]);
  const keyBlock = prf(masterSecret, 'key expansion', Buffer.concat([serverRandom, clientRandom]), 2 * (suite.macLength + suite.keyLength + suite.blockLength));
  let at = 0;
  const take = (n: number) => keyBlock.subarray(at, (at += n));
  const [clientMac, serverMac, clientKey, serverKey] = [take(suite.macLength), take(suite.macLength), take(suite.keyLength), take(suite.keyLength)];

  const transcript = [clientHello, serverHello, serverHelloDone, cke].map((b) => Buffer.from(b));
  const clientVerifyData = prf(masterSecret, 'client finished', createHash('sha256').update(Buffer.concat(transcript)).digest(), 12);
  const clientFinished = handshake(20, [...clientVerifyData]);
  transcript.push(Buffer.from(clientFinished));
  const serverVerifyData = prf(masterSecret, 'server finished', createHash('sha256').update(Buffer.concat(transcript)).digest(), 12);
  const serverFinished = handshake(20, [...serverVerifyData]);

  const seq = { c2s: 0, s2c: 0 };
  const started = { c2s: false, s2c: false };
  const compress = (dir: 'c2s' | 's2c', content: Uint8Array): Buffer => {
    const options = { finishFlush: zlib.Z_SYNC_FLUSH };
    const out = started[dir] ? deflateRawSync(content, options) : deflateSync(content, options);
    started[dir] = true;
    return out;
  };
  const seal = (dir: 'c2s' | 's2c', type: number, plainContent: Uint8Array): Uint8Array => {
    const content = deflate ? compress(dir, plainContent) : plainContent;
    const header = Buffer.alloc(13);
    header.writeBigUInt64BE(BigInt(seq[dir]++), 0);
    header.writeUInt8(type, 8);
    header.writeUInt16BE(0x0303, 9);
    header.writeUInt16BE(content.length, 11);
    const mac = createHmac(suite.macHash, dir === 'c2s' ? clientMac : serverMac).update(header).update(content).digest();
    if (!suite.cipher) return record(type, Buffer.concat([content, mac]));
    const unpadded = content.length + mac.length + 1;
    const pad = (suite.blockLength - (unpadded % suite.blockLength)) % suite.blockLength;
    const plain = Buffer.concat([content, mac, Buffer.alloc(pad + 1, pad)]);
    const iv = randomBytes(suite.blockLength);
    const c = createCipheriv(suite.cipher, dir === 'c2s' ? clientKey : serverKey, iv).setAutoPadding(false);
    return record(type, Buffer.concat([iv, c.update(plain), c.final()]));
  };

  const chunks: Chunk[] = [
    { dir: 'c2s', bytes: record(22, clientHello, 0x0301), time: 1 },
    { dir: 's2c', bytes: record(22, Buffer.concat([serverHello, serverHelloDone])), time: 2 },
    { dir: 'c2s', bytes: record(22, cke), time: 3 },
    { dir: 'c2s', bytes: record(20, [1]), time: 3 },
    { dir: 'c2s', bytes: seal('c2s', 22, clientFinished), time: 3 },
    { dir: 's2c', bytes: record(20, [1]), time: 4 },
    { dir: 's2c', bytes: seal('s2c', 22, serverFinished), time: 4 },
    { dir: 'c2s', bytes: seal('c2s', 23, request), time: 5 },
    { dir: 's2c', bytes: seal('s2c', 23, response), time: 6 },
  ];
  return { chunks, keylog: `CLIENT_RANDOM ${clientRandom.toString('hex')} ${masterSecret.toString('hex')}\n`, clientVerifyData, serverVerifyData, clientWriteKey: Buffer.from(clientKey) };
}
