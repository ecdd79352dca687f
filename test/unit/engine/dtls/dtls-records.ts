/** DTLS records and handshake fragments built as RFC 6347 §4.1 and §4.2.2 lay them out. */
import { CLIENT_CRYPTO_FRAME } from '../quic/rfc-vectors';

export function record(type: number, epoch: number, seq: number, payload: Uint8Array | number[], version = 0xfefd): Uint8Array {
  const p = Uint8Array.from(payload);
  const seqBytes = [5, 4, 3, 2, 1, 0].map((i) => Math.floor(seq / 2 ** (8 * i)) % 256);
  return Uint8Array.from([type, version >> 8, version & 0xff, epoch >> 8, epoch & 0xff, ...seqBytes, p.length >> 8, p.length & 0xff, ...p]);
}

const u24 = (n: number) => [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

export function fragment(type: number, messageSeq: number, body: Uint8Array, offset = 0, length = body.length - offset): number[] {
  return [type, ...u24(body.length), messageSeq >> 8, messageSeq & 0xff, ...u24(offset), ...u24(length), ...body.subarray(offset, offset + length)];
}

/**
 * A DTLS 1.2 ClientHello: the TLS ClientHello of RFC 9001 A.2 (SNI example.com), its version
 * set to DTLS 1.2 and a cookie field put after its (empty) session id.
 */
export function dtlsClientHello(cookie: number[]): Uint8Array {
  const tls = CLIENT_CRYPTO_FRAME.subarray(8); // frame header (4) and handshake header (4) dropped
  const sidEnd = 2 + 32 + 1 + tls[34];
  return Uint8Array.from([0xfe, 0xfd, ...tls.subarray(2, sidEnd), cookie.length, ...cookie, ...tls.subarray(sidEnd)]);
}

export const HELLO_VERIFY_REQUEST = (cookie: number[]) => Uint8Array.from([0xfe, 0xff, cookie.length, ...cookie]);
