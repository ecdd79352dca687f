/**
 * Key exchange and authentication read from a cipher suite's IANA name
 * ("TLS_<kx>_<auth>_WITH_<cipher>_<mac>"); TLS 1.3 suites carry neither, the
 * negotiated group and PSK mode decide instead.
 */

import { cipherSuiteName } from '../../../contract/names/cipher-suites';
import { isFiniteFieldGroup } from '../../../contract/names/groups';

export interface SuiteParts {
  keyExchange: string | null;
  authentication: string | null;
}

/** TLS 1.3 suites (and the SM4 ones of RFC 8998) name only the AEAD and hash. */
export function isTls13Suite(suite: number): boolean {
  return (suite >> 8 === 0x13) || suite === 0x00c6 || suite === 0x00c7;
}

const KEY_EXCHANGE_FORMS: ReadonlyArray<readonly [RegExp, string, string | null]> = [
  [/^ECDHE_PSK$/, 'ECDHE-PSK', 'PSK'],
  [/^DHE_PSK$/, 'DHE-PSK', 'PSK'],
  [/^RSA_PSK$/, 'RSA-PSK', 'PSK'],
  [/^PSK(_DHE)?$/, 'PSK', 'PSK'],
  [/^ECDHE_(RSA|ECDSA)$/, 'ECDHE', null],
  [/^ECDH_(RSA|ECDSA)$/, 'ECDH', null],
  [/^ECDH_anon$/, 'ECDH_anon', 'anon'],
  [/^DHE_(RSA|DSS)$/, 'DHE', null],
  [/^DH_(RSA|DSS)$/, 'DH', null],
  [/^DH_anon$/, 'DH_anon', 'anon'],
  [/^RSA(_FIPS)?$/, 'RSA', 'RSA'],
  [/^SRP_SHA(_(RSA|DSS))?$/, 'SRP', null],
  [/^KRB5$/, 'KRB5', 'KRB5'],
  [/^ECCPWD$/, 'ECCPWD', 'ECCPWD'],
  [/^GOSTR/, 'GOST', 'GOST'],
  [/^NULL$/, 'NULL', 'NULL'],
];

/** per suite, read once: a connection asks at its ServerKeyExchange and again for its summary */
const partsOfSuite = new Map<number, Readonly<SuiteParts>>();

export function suiteParts(suite: number): Readonly<SuiteParts> {
  let parts = partsOfSuite.get(suite);
  if (!parts) {
    parts = Object.freeze(readSuiteParts(cipherSuiteName(suite)));
    // 16-bit codes: at most 65,536 entries, and only those seen
    partsOfSuite.set(suite, parts);
  }
  return parts;
}

function readSuiteParts(name: string): SuiteParts {
  const m = /^(?:TLS|SSL)_(.+?)_WITH_/.exec(name);
  if (!m) return { keyExchange: null, authentication: null };
  const kx = m[1].replace(/_EXPORT(1024)?$/, '');
  for (const [re, keyExchange, auth] of KEY_EXCHANGE_FORMS) {
    const hit = re.exec(kx);
    if (hit) return { keyExchange, authentication: auth ?? hit[1] ?? (keyExchange === 'SRP' ? 'SRP' : null) };
  }
  return { keyExchange: kx, authentication: null };
}

/**
 * The key exchange a connection used: for TLS 1.3 "(EC)DHE" by group family, "PSK" for
 * psk_ke resumption (a PSK accepted and no key share); otherwise from the suite name.
 */
export function keyExchangeOf(suite: number | null, tls13: boolean, keyShareGroup: number | null, pskSelected: boolean): string | null {
  if (suite === null) return null;
  if (tls13 || isTls13Suite(suite)) {
    if (keyShareGroup === null) return pskSelected ? 'PSK' : null;
    return isFiniteFieldGroup(keyShareGroup) ? 'TLS1.3-DHE' : 'TLS1.3-ECDHE';
  }
  return suiteParts(suite).keyExchange;
}
