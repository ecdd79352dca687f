/**
 * What record protection a cipher suite uses, read from its IANA name so every suite
 * built from a supported cipher and MAC is covered without a hand-kept table. Suites
 * whose cipher node:crypto (OpenSSL 3) lacks — RC4, DES, IDEA, export ciphers — are
 * reported as unsupported instead of failing at decryption time.
 */

import { getCiphers } from 'node:crypto';
import { cipherSuiteName } from '../../../../contract/names/cipher-suites';
import type { HashName } from './kdf';

export type CipherMode = 'gcm' | 'ccm' | 'chacha' | 'cbc' | 'null';

export interface CipherSpec {
  mode: CipherMode;
  /** node:crypto cipher name; null for NULL encryption */
  cipher: string | null;
  keyLength: number;
  /** key-block IV bytes: the implicit nonce part (AEAD) or the TLS 1.0 initial CBC IV */
  fixedIvLength: number;
  /** per-record explicit nonce of TLS ≤1.2 AEAD records (GCM/CCM: 8, ChaCha20: 0) */
  explicitNonceLength: number;
  blockLength: number;
  tagLength: number;
  /** record MAC of CBC / NULL suites; null for AEAD */
  mac: HashName | null;
  macLength: number;
  /** TLS 1.2 PRF hash, TLS 1.3 HKDF hash */
  prfHash: 'sha256' | 'sha384';
}

const MAC_HASH: Record<string, HashName> = { MD5: 'md5', SHA: 'sha1', SHA256: 'sha256', SHA384: 'sha384' };
const MAC_LENGTH: Record<HashName, number> = { md5: 16, sha1: 20, sha256: 32, sha384: 48 };

let available: Set<string> | null = null;
function nodeHas(cipher: string): boolean {
  available ??= new Set(getCiphers());
  return available.has(cipher);
}

/** The record protection of `suite`, or null when we cannot decrypt it. */
export function cipherSpec(suite: number): CipherSpec | null {
  const name = cipherSuiteName(suite);
  // TLS 1.3 names carry no key exchange: "TLS_AES_128_GCM_SHA256"
  const body = /_WITH_(.+)$/.exec(name)?.[1] ?? /^TLS_((?:AES|CHACHA20).+)$/.exec(name)?.[1];
  if (!body) return null;
  const spec = parseBody(body);
  if (!spec || (spec.cipher && !nodeHas(spec.cipher))) return null;
  return spec;
}

function parseBody(body: string): CipherSpec | null {
  let m = /^(AES|CAMELLIA|ARIA)_(128|256)_(GCM|CCM|CCM_8|CBC)(?:_(SHA|SHA256|SHA384))?$/.exec(body);
  if (m) {
    const [, family, bits, mode, hash] = m;
    const keyLength = Number(bits) / 8;
    const base = `${family.toLowerCase()}-${bits}`;
    if (mode === 'CBC') {
      if (!hash) return null;
      return cbc(`${base}-cbc`, keyLength, 16, MAC_HASH[hash]);
    }
    const prfHash = hash === 'SHA384' ? 'sha384' : 'sha256';
    const tagLength = mode === 'CCM_8' ? 8 : 16;
    const aeadMode = mode === 'GCM' ? 'gcm' : 'ccm';
    return { mode: aeadMode, cipher: `${base}-${aeadMode}`, keyLength, fixedIvLength: 4, explicitNonceLength: 8, blockLength: 0, tagLength, mac: null, macLength: 0, prfHash };
  }
  if (body === 'CHACHA20_POLY1305_SHA256') {
    return { mode: 'chacha', cipher: 'chacha20-poly1305', keyLength: 32, fixedIvLength: 12, explicitNonceLength: 0, blockLength: 0, tagLength: 16, mac: null, macLength: 0, prfHash: 'sha256' };
  }
  m = /^3DES_EDE_CBC_(SHA)$/.exec(body);
  if (m) return cbc('des-ede3-cbc', 24, 8, 'sha1');
  m = /^NULL_(MD5|SHA|SHA256|SHA384)$/.exec(body);
  if (m) {
    const mac = MAC_HASH[m[1]];
    return { mode: 'null', cipher: null, keyLength: 0, fixedIvLength: 0, explicitNonceLength: 0, blockLength: 0, tagLength: 0, mac, macLength: MAC_LENGTH[mac], prfHash: mac === 'sha384' ? 'sha384' : 'sha256' };
  }
  return null;
}

function cbc(cipher: string, keyLength: number, blockLength: number, mac: HashName): CipherSpec {
  return { mode: 'cbc', cipher, keyLength, fixedIvLength: blockLength, explicitNonceLength: 0, blockLength, tagLength: 0, mac, macLength: MAC_LENGTH[mac], prfHash: mac === 'sha384' ? 'sha384' : 'sha256' };
}

/** TLS 1.3 AEAD nonces are always 12 bytes (RFC 8446 §5.3). */
export const TLS13_IV_LENGTH = 12;
