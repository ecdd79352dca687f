/**
 * describeCertificate: the certificate panel's facts. Never throws; for bytes
 * OpenSSL refuses it fills what our own DER reading gets and sets `error`.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import { commonName, curveOf, type CertificateFields, type SubjectAltNames } from './certificate-fields';
import { isSelfSigned, loadCertificate, parseFailureText, subjectAltNamesOf, type LoadedCertificate } from './certificate';
import type { CertificateInfo } from '../../../../contract/certs/certificate-info';
import { CURVE_BITS_BY_NAME, KEY_TYPES, SIGNATURE_ALGORITHMS } from './oids';

export type { CertificateInfo };

const described = new WeakMap<LoadedCertificate, CertificateInfo>();

export function describeCertificate(der: Uint8Array): CertificateInfo {
  try {
    const loaded = loadCertificate(der);
    let info = described.get(loaded);
    if (!info) {
      info = describeLoaded(loaded);
      described.set(loaded, info);
    }
    // a copy: callers own what they are given
    return { ...info, sans: [...info.sans] };
  } catch (err) {
    // loadCertificate is written not to throw; this is the last line of the "never throws" promise.
    return emptyInfo(der, err instanceof Error ? err.message : String(err));
  }
}

export function describeLoaded(cert: LoadedCertificate): CertificateInfo {
  const { fields, x509 } = cert;
  const key = describeKey(fields, x509);
  const info: CertificateInfo = {
    subject: cert.subjectText,
    issuer: cert.issuerText,
    subjectCN: commonName(fields.subject) ?? nodeCommonName(x509?.subject),
    issuerCN: commonName(fields.issuer) ?? nodeCommonName(x509?.issuer),
    sans: flattenSans(subjectAltNamesOf(cert)),
    notBefore: cert.notBefore?.toISOString() ?? '',
    notAfter: cert.notAfter?.toISOString() ?? '',
    serialNumber: fields.serialNumber ?? x509?.serialNumber.toLowerCase() ?? '',
    keyType: key.type,
    keyBits: key.bits,
    curve: key.curve,
    signatureAlgorithm: fields.signatureAlgorithmOid
      ? (SIGNATURE_ALGORITHMS[fields.signatureAlgorithmOid] ?? fields.signatureAlgorithmOid)
      : null,
    sha1: cert.sha1,
    sha256: cert.sha256,
    selfSigned: isSelfSigned(cert),
    isCA: fields.basicConstraints?.ca ?? x509?.ca ?? false,
  };
  if (cert.parseError !== null) info.error = parseFailureText(cert);
  return info;
}

function describeKey(
  fields: CertificateFields,
  x509: X509Certificate | null,
): { type: string | null; bits: number | null; curve: string | null } {
  let type: string | null = null;
  let details: { modulusLength?: number; namedCurve?: string } = {};
  try {
    const publicKey = x509?.publicKey;
    type = publicKey?.asymmetricKeyType ?? null;
    details = publicKey?.asymmetricKeyDetails ?? {};
  } catch {
    // Key types OpenSSL cannot load (e.g. GOST) still have an SPKI OID we can name.
  }
  type ??= fields.keyAlgorithmOid ? (KEY_TYPES[fields.keyAlgorithmOid] ?? fields.keyAlgorithmOid) : null;
  const ownCurve = curveOf(fields);
  const curve = type === 'ec' ? (details.namedCurve ?? ownCurve?.name ?? null) : null;
  let bits: number | null = null;
  if (type === 'rsa' || type === 'rsa-pss' || type === 'dsa' || type === 'dh') {
    bits = details.modulusLength ?? fields.rsaModulusBits ?? null;
  } else if (type === 'ec') {
    bits = (curve !== null ? CURVE_BITS_BY_NAME[curve] : undefined) ?? ownCurve?.bits ?? null;
  } else if (type === 'ed25519' || type === 'x25519') {
    bits = 256;
  } else if (type === 'ed448' || type === 'x448') {
    bits = 456;
  }
  return { type, bits, curve };
}

function flattenSans(sans: SubjectAltNames): string[] {
  return [...sans.dns, ...sans.ip, ...sans.other];
}

function nodeCommonName(opensslName: string | undefined): string | null {
  const lines = (opensslName ?? '').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].startsWith('CN=')) return lines[i].slice(3);
  return null;
}

function emptyInfo(der: Uint8Array, error: string): CertificateInfo {
  const digest = (algorithm: string): string => {
    try {
      return createHash(algorithm).update(der).digest('hex');
    } catch {
      return '';
    }
  };
  return {
    subject: '',
    issuer: '',
    subjectCN: null,
    issuerCN: null,
    sans: [],
    notBefore: '',
    notAfter: '',
    serialNumber: '',
    keyType: null,
    keyBits: null,
    curve: null,
    signatureAlgorithm: null,
    sha1: digest('sha1'),
    sha256: digest('sha256'),
    selfSigned: false,
    isCA: false,
    error,
  };
}
