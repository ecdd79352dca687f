/**
 * One certificate as the validator works with it: Node's parse (for the
 * cryptography) next to our own DER fields (for what Node does not expose),
 * plus the keys used to match issuers to subjects. Built once per DER.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { commonName, formatName, parseCertificateFields, type CertificateFields, type SubjectAltNames } from './certificate-fields';
import { memoizeBy } from '../../util/memo';

export interface LoadedCertificate {
  /** exactly the certificate's DER (Node's re-read of the bytes when it parsed them) */
  der: Uint8Array;
  /** null when OpenSSL refused the bytes; see parseError */
  x509: X509Certificate | null;
  parseError: string | null;
  fields: CertificateFields;
  /** one-line RFC 4514 names for messages ('' when unreadable) */
  subjectText: string;
  issuerText: string;
  /**
   * Normalised names for issuer ↔ subject matching. Both come from OpenSSL's
   * printing of the parsed names, so PrintableString vs UTF8String encodings
   * of the same text compare equal; case and runs of spaces are folded as in
   * RFC 5280 7.1's simplified comparison.
   */
  subjectKey: string;
  issuerKey: string;
  /** validity period; null when neither our DER reading nor Node could read it */
  notBefore: Date | null;
  notAfter: Date | null;
  sha1: string;
  sha256: string;
  /** sha256 of the SubjectPublicKeyInfo, '' when unknown */
  keyId: string;
}

/**
 * Servers send the same chain to every client: a capture with 10,000 connections to one site
 * holds 10,000 copies of three certificates. Parsing each copy once is what makes large
 * captures fast (OpenSSL parsing dominated the profile); the cache is bounded.
 */
const LOADED_CACHE_LIMIT = 4096;
const loadByDigest = memoizeBy((input: Uint8Array) => hash('sha256', input), (input: Uint8Array) => loadUncached(input), LOADED_CACHE_LIMIT);
/** the same bytes asked for again (the summary describes a chain, then validates it): no digest needed */
const loadedByArray = new WeakMap<Uint8Array, LoadedCertificate>();

export function loadCertificate(input: Uint8Array, parsed?: X509Certificate): LoadedCertificate {
  if (parsed) return loadUncached(input, parsed);
  let loaded = loadedByArray.get(input);
  if (!loaded) {
    loaded = loadByDigest(input);
    loadedByArray.set(input, loaded);
  }
  return loaded;
}

function loadUncached(input: Uint8Array, parsed?: X509Certificate): LoadedCertificate {
  let x509: X509Certificate | null = parsed ?? null;
  let parseError: string | null = null;
  if (!x509) {
    try {
      x509 = new X509Certificate(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    } catch (err) {
      parseError = err instanceof Error ? err.message : String(err);
    }
  }
  const der = x509 ? new Uint8Array(x509.raw.buffer, x509.raw.byteOffset, x509.raw.byteLength) : input;
  const fields = parseCertificateFields(der);
  const subjectText = fields.subject ? formatName(fields.subject) : x509 ? nodeNameText(x509.subject) : '';
  const issuerText = fields.issuer ? formatName(fields.issuer) : x509 ? nodeNameText(x509.issuer) : '';
  return {
    der,
    x509,
    parseError,
    fields,
    subjectText,
    issuerText,
    subjectKey: x509 ? nameKey(x509.subject) : '',
    issuerKey: x509 ? nameKey(x509.issuer) : '',
    notBefore: validDate(fields.notBefore) ?? validDate(x509 ? new Date(x509.validFrom) : undefined),
    notAfter: validDate(fields.notAfter) ?? validDate(x509 ? new Date(x509.validTo) : undefined),
    sha1: hash('sha1', der),
    sha256: hash('sha256', der),
    keyId: fields.subjectPublicKeyInfo ? hash('sha256', fields.subjectPublicKeyInfo) : '',
  };
}

/** the same pair is checked for every connection that sent this chain */
const verifiedPair = memoizeBy(
  ([child, issuer]: [LoadedCertificate, LoadedCertificate]) => `${child.sha256}|${issuer.sha256}`,
  ([child, issuer]: [LoadedCertificate, LoadedCertificate]): boolean => {
    try {
      return child.x509!.verify(issuer.x509!.publicKey);
    } catch {
      return false;
    }
  },
  LOADED_CACHE_LIMIT,
);

/** Whether `issuer`'s key verifies `child`'s signature; never throws (exotic key types just fail). */
export function signatureVerifies(child: LoadedCertificate, issuer: LoadedCertificate): boolean {
  if (!child.x509 || !issuer.x509) return false;
  return verifiedPair([child, issuer]);
}

const selfSignedCache = new WeakMap<LoadedCertificate, boolean>();

/** Self-issued (same name) and signed by its own key. */
export function isSelfSigned(cert: LoadedCertificate): boolean {
  let result = selfSignedCache.get(cert);
  if (result === undefined) {
    result = cert.x509 !== null && cert.subjectKey === cert.issuerKey && signatureVerifies(cert, cert);
    selfSignedCache.set(cert, result);
  }
  return result;
}

/**
 * subjectAltName entries: from our DER reading, or, when that stopped before
 * the extensions, from Node's text form (DNS and IP entries only).
 */
export function subjectAltNamesOf(cert: LoadedCertificate): SubjectAltNames {
  if (cert.fields.subjectAltNames) return cert.fields.subjectAltNames;
  const out: SubjectAltNames = { dns: [], ip: [], other: [] };
  for (const entry of cert.x509?.subjectAltName?.split(', ') ?? []) {
    if (entry.startsWith('DNS:')) out.dns.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) out.ip.push(entry.slice(11));
    else out.other.push(entry);
  }
  return out;
}

/** Why OpenSSL refused the certificate, in words a user can act on ('' when it did not). */
export function parseFailureText(cert: LoadedCertificate): string {
  if (cert.parseError === null) return '';
  const reasons = parseErrorReason(cert);
  return `not a certificate OpenSSL can parse${reasons ? ': ' + reasons : ''}`;
}

/** Why a certificate did not parse, as the parsers said it (technical English); '' when they said nothing useful. */
export function parseErrorReason(cert: LoadedCertificate): string {
  if (cert.parseError === null) return '';
  // Node tries PEM last, so its message ("PEM routines::no start line") says nothing useful about DER.
  const reasons = [...cert.fields.problems];
  if (!/PEM routines/.test(cert.parseError)) reasons.push(cert.parseError);
  return reasons.join('; ');
}

/** Short label for messages: the CN when there is one, else the whole subject. */
export function label(cert: LoadedCertificate): string {
  const cn = commonName(cert.fields.subject);
  return `"${cn ?? (cert.subjectText || 'unnamed certificate')}"`;
}

/** The CN when there is one, else the whole subject; '' when it has neither (step arguments). */
export function nameOf(cert: LoadedCertificate): string {
  return commonName(cert.fields.subject) ?? cert.subjectText ?? '';
}

function validDate(date: Date | undefined): Date | null {
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

function hash(algorithm: 'sha1' | 'sha256', bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

function nameKey(opensslName: string | undefined): string {
  return (opensslName ?? '').toLowerCase().replace(/[ \t]+/g, ' ').trim();
}

/** OpenSSL prints one attribute per line, most general first; we show the most specific first. */
function nodeNameText(opensslName: string | undefined): string {
  return (opensslName ?? '').split('\n').filter(Boolean).reverse().join(', ');
}
