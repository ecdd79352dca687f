/**
 * From logged secrets to record keys. TLS ≤1.2: the key block of RFC 5246 §6.3 (MAC keys,
 * write keys, IVs, in that order, client before server). TLS 1.3: each traffic secret gives
 * its direction's key and IV (RFC 8446 §7.3), and KeyUpdate moves to the next secret (§7.2).
 */

import { HASH_LENGTH, hkdfExpandLabel, tlsPrf } from './kdf';
import { concatBytes } from '../../util/bytes';
import { CbcDecryptor, Tls12AeadDecryptor, Tls13Decryptor, type DirectionKeys, type RecordDecryptor } from './record-cipher';
import { TLS13_IV_LENGTH, type CipherSpec } from './suites';

export const TLS_1_0 = 0x0301;
export const TLS_1_1 = 0x0302;
export const TLS_1_2 = 0x0303;

export interface Tls12Session {
  spec: CipherSpec;
  version: number;
  masterSecret: Uint8Array;
  clientRandom: Uint8Array;
  serverRandom: Uint8Array;
  encryptThenMac: boolean;
}

export function tls12KeyBlock(s: Tls12Session): { client: DirectionKeys; server: DirectionKeys } {
  const { spec } = s;
  const ivLength = spec.fixedIvLength;
  const length = 2 * (spec.macLength + spec.keyLength + ivLength);
  // TLS 1.0/1.1 use the MD5/SHA-1 PRF whatever the suite says
  const block = tlsPrf(s.version >= TLS_1_2 ? spec.prfHash : null, s.masterSecret, 'key expansion', concatBytes(s.serverRandom, s.clientRandom), length);
  let at = 0;
  const take = (n: number): Uint8Array => block.subarray(at, (at += n));
  const clientMac = take(spec.macLength);
  const serverMac = take(spec.macLength);
  const clientKey = take(spec.keyLength);
  const serverKey = take(spec.keyLength);
  const clientIv = take(ivLength);
  const serverIv = take(ivLength);
  return { client: { key: clientKey, iv: clientIv, macKey: clientMac }, server: { key: serverKey, iv: serverIv, macKey: serverMac } };
}

export function tls12Decryptor(s: Tls12Session, keys: DirectionKeys): RecordDecryptor {
  if (s.spec.mode === 'cbc' || s.spec.mode === 'null') return new CbcDecryptor(s.spec, keys, s.version >= TLS_1_1, s.encryptThenMac && s.spec.mode === 'cbc');
  return new Tls12AeadDecryptor(s.spec, keys);
}

export function tls13TrafficKeys(spec: CipherSpec, secret: Uint8Array): DirectionKeys {
  const none = new Uint8Array(0);
  return {
    key: hkdfExpandLabel(spec.prfHash, secret, 'key', none, spec.keyLength),
    iv: hkdfExpandLabel(spec.prfHash, secret, 'iv', none, TLS13_IV_LENGTH),
    macKey: none,
  };
}

export function tls13Decryptor(spec: CipherSpec, secret: Uint8Array): RecordDecryptor {
  return new Tls13Decryptor(spec, tls13TrafficKeys(spec, secret));
}

/** application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length) */
export function nextTrafficSecret(spec: CipherSpec, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(spec.prfHash, secret, 'traffic upd', new Uint8Array(0), HASH_LENGTH[spec.prfHash]);
}
