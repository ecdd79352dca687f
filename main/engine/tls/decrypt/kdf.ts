/**
 * The key-derivation functions TLS decryption needs, on node:crypto's HMAC:
 * the TLS 1.0/1.1 PRF (MD5 ⊕ SHA-1, RFC 2246 §5), the TLS 1.2 PRF (P_SHA256 / P_SHA384,
 * RFC 5246 §5) and TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1). node:crypto's hkdfSync
 * always runs HKDF-Extract first, which TLS 1.3 traffic secrets must not go through, so
 * HKDF-Expand is written out here (RFC 5869 §2.3).
 */

import { createHmac } from 'node:crypto';
import { concatBytes } from '../../util/bytes';

export type HashName = 'md5' | 'sha1' | 'sha256' | 'sha384';

export const HASH_LENGTH: Record<HashName, number> = { md5: 16, sha1: 20, sha256: 32, sha384: 48 };

function hmac(hash: HashName, key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const h = createHmac(hash, key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** P_hash(secret, seed) of RFC 5246 §5, cut to `length` bytes. */
function pHash(hash: HashName, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let a: Uint8Array = seed;
  for (let at = 0; at < length; ) {
    a = hmac(hash, secret, a);
    const block = hmac(hash, secret, a, seed);
    out.set(block.subarray(0, Math.min(block.length, length - at)), at);
    at += block.length;
  }
  return out;
}

/**
 * PRF(secret, label, seed). `hash` null selects the TLS 1.0/1.1 construction: the secret's
 * two (possibly overlapping) halves drive P_MD5 and P_SHA1, whose outputs are XORed.
 */
export function tlsPrf(hash: 'sha256' | 'sha384' | null, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  const labelSeed = concatBytes(new TextEncoder().encode(label), seed);
  if (hash) return pHash(hash, secret, labelSeed, length);
  const half = Math.ceil(secret.length / 2);
  const md5 = pHash('md5', secret.subarray(0, half), labelSeed, length);
  const sha1 = pHash('sha1', secret.subarray(secret.length - half), labelSeed, length);
  for (let i = 0; i < length; i++) md5[i] ^= sha1[i];
  return md5;
}

/** HKDF-Expand(prk, info, length) of RFC 5869. */
export function hkdfExpand(hash: HashName, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, at = 0; at < length; i++) {
    t = hmac(hash, prk, t, info, Uint8Array.of(i));
    out.set(t.subarray(0, Math.min(t.length, length - at)), at);
    at += t.length;
  }
  return out;
}

/** HKDF-Expand-Label(secret, label, context, length): the HkdfLabel struct with the "tls13 " prefix. */
export function hkdfExpandLabel(hash: HashName, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  const fullLabel = new TextEncoder().encode(`tls13 ${label}`);
  const info = new Uint8Array(2 + 1 + fullLabel.length + 1 + context.length);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = fullLabel.length;
  info.set(fullLabel, 3);
  info[3 + fullLabel.length] = context.length;
  info.set(context, 4 + fullLabel.length);
  return hkdfExpand(hash, secret, info, length);
}


export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
