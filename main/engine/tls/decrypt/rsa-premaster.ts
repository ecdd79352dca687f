/**
 * RSA key exchange with the server's private key, as Wireshark's RSA keys list does: the
 * ClientKeyExchange carries the pre-master secret encrypted with RSAES-PKCS1-v1_5
 * (RFC 5246 §7.4.7.1). Node ≥ 20 refuses PKCS#1 v1.5 decryption through privateDecrypt
 * (CVE-2023-46809, the Marvin attack), and `--security-revert` is no answer: the raw RSA
 * operation (RSA_NO_PADDING) is done by OpenSSL and the padding is checked here, RFC 8017
 * §7.2.2 step 3, reading every byte whatever it finds so the time taken does not depend on
 * where the padding is wrong. A passive analyzer is no decryption oracle, but the key is the
 * user's server key and the habit costs nothing.
 */

import { constants, createPrivateKey, privateDecrypt, type KeyObject } from 'node:crypto';

/** A TLS pre-master secret: client_version (2 bytes) + 46 random bytes. */
export const PRE_MASTER_LENGTH = 48;

export function readRsaPrivateKey(pem: string | Uint8Array): { key: KeyObject; bits: number } | { error: string } {
  let key: KeyObject;
  try {
    // PKCS#1 ("BEGIN RSA PRIVATE KEY") and PKCS#8 ("BEGIN PRIVATE KEY") PEM alike
    key = createPrivateKey({ key: typeof pem === 'string' ? pem : Buffer.from(pem), format: 'pem' });
  } catch (e) {
    return { error: `not a PEM private key (${(e as Error).message})` };
  }
  if (key.asymmetricKeyType !== 'rsa') return { error: `a ${key.asymmetricKeyType} key, not an RSA key` };
  return { key, bits: key.asymmetricKeyDetails?.modulusLength ?? 0 };
}

/**
 * EM = 0x00 ‖ 0x02 ‖ PS (≥ 8 non-zero bytes) ‖ 0x00 ‖ M (RFC 8017 §7.2.2 step 3): M, or null
 * when the encoding is not valid. The loop visits every byte and only ORs and selects.
 */
export function pkcs1v15Unpad(em: Uint8Array): Uint8Array | null {
  let bad = em.length < 11 ? 1 : 0;
  bad |= em[0] ?? 1;
  bad |= (em[1] ?? 0) ^ 2;
  let separator = 0;
  let found = 0;
  for (let i = 2; i < em.length; i++) {
    const isZero = em[i] === 0 ? 1 : 0;
    const first = isZero & (found ^ 1);
    separator |= first * i;
    found |= isZero;
  }
  bad |= found ^ 1;
  // PS must be at least 8 bytes: the separator sits at index 10 or later
  bad |= separator < 10 ? 1 : 0;
  return bad ? null : em.subarray(separator + 1);
}

/** The raw RSA decryption (c^d mod n) of `encrypted` under `key`, padding left in place. */
function rawDecrypt(key: KeyObject, encrypted: Uint8Array): Uint8Array | null {
  const k = (key.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
  if (encrypted.length !== k) return null;
  try {
    return new Uint8Array(privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, encrypted));
  } catch {
    return null;
  }
}

/** The 48-byte pre-master secret, tried with each key whose modulus fits; null when none decrypts it. */
export function decryptPreMaster(keys: readonly KeyObject[], encrypted: Uint8Array): Uint8Array | null {
  for (const key of keys) {
    const em = rawDecrypt(key, encrypted);
    const m = em && pkcs1v15Unpad(em);
    if (m && m.length === PRE_MASTER_LENGTH) return Uint8Array.from(m);
  }
  return null;
}
