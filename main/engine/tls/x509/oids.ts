/**
 * The few OIDs the certificate views need by name. Node does not expose a
 * certificate's signature algorithm, so we read its OID from the DER and name
 * it here with OpenSSL's long-standing short names (what users see in
 * `openssl x509 -text`). Anything unknown is shown as its dotted form.
 */

export const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10040.4.3': 'dsaWithSHA1',
  '2.16.840.1.101.3.4.3.1': 'dsa_with_SHA224',
  '2.16.840.1.101.3.4.3.2': 'dsa_with_SHA256',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
  '1.2.156.10197.1.501': 'SM2-with-SM3',
};

/** Signature algorithms browsers stopped accepting, and from when (used against the capture time). */
export const WEAK_SIGNATURE_ALGORITHMS: Readonly<Record<string, { since: Date; reason: string }>> = {
  // MD2/MD5: collisions practical since 2008 (rogue CA); long rejected everywhere.
  '1.2.840.113549.1.1.2': { since: new Date('2009-01-01T00:00:00Z'), reason: 'MD2' },
  '1.2.840.113549.1.1.4': { since: new Date('2009-01-01T00:00:00Z'), reason: 'MD5' },
  // SHA-1: Chrome 56 and Firefox 51 (January 2017) stopped accepting it for publicly trusted chains.
  '1.2.840.113549.1.1.5': { since: new Date('2017-01-01T00:00:00Z'), reason: 'SHA-1' },
  '1.2.840.10040.4.3': { since: new Date('2017-01-01T00:00:00Z'), reason: 'SHA-1' },
  '1.2.840.10045.4.1': { since: new Date('2017-01-01T00:00:00Z'), reason: 'SHA-1' },
};

/** Public-key algorithm OIDs (SubjectPublicKeyInfo) → the names Node uses for `asymmetricKeyType`. */
export const KEY_TYPES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
  '1.2.840.10040.4.1': 'dsa',
  '1.2.840.10045.2.1': 'ec',
  '1.3.101.110': 'x25519',
  '1.3.101.111': 'x448',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
  '1.2.840.113549.1.3.1': 'dh',
};

/** Named curves, with OpenSSL's names (as Node reports `namedCurve`) and their sizes. */
export const CURVES: Readonly<Record<string, { name: string; bits: number }>> = {
  '1.2.840.10045.3.1.7': { name: 'prime256v1', bits: 256 },
  '1.3.132.0.34': { name: 'secp384r1', bits: 384 },
  '1.3.132.0.35': { name: 'secp521r1', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.2.840.10045.3.1.1': { name: 'prime192v1', bits: 192 },
  '1.3.132.0.33': { name: 'secp224r1', bits: 224 },
  '1.3.36.3.3.2.8.1.1.7': { name: 'brainpoolP256r1', bits: 256 },
  '1.3.36.3.3.2.8.1.1.11': { name: 'brainpoolP384r1', bits: 384 },
  '1.3.36.3.3.2.8.1.1.13': { name: 'brainpoolP512r1', bits: 512 },
  '1.2.156.10197.1.301': { name: 'SM2', bits: 256 },
};

export const CURVE_BITS_BY_NAME: Readonly<Record<string, number>> = Object.fromEntries(
  Object.values(CURVES).map((c) => [c.name, c.bits]),
);

/** Attribute types of distinguished names, with the RFC 4514 / OpenSSL short names. */
export const NAME_ATTRIBUTES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

export const OID_COMMON_NAME = '2.5.4.3';

export const EXTENSIONS = {
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

export const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

export const ACCESS_METHOD_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';
