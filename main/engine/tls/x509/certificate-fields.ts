/**
 * Best-effort reading of the certificate fields we need straight from the DER.
 * Node covers most of them once it has parsed a certificate, but not the
 * signature algorithm, the keyUsage bits or basicConstraints' pathLen, and
 * nothing at all for a certificate OpenSSL rejects: we still want to show
 * whatever is readable there. Parsing stops at the first structural problem
 * and keeps what it had; every problem is reported in `problems`.
 */
import {
  DerError,
  TAG,
  children,
  content,
  decodeOid,
  decodeString,
  decodeTime,
  expectTag,
  readTlv,
  toHex,
  type Tlv,
} from './der';
import { ipv6GroupsToString } from '../../net/address';
import { ACCESS_METHOD_CA_ISSUERS, CURVES, EXTENSIONS, NAME_ATTRIBUTES, OID_COMMON_NAME } from './oids';

export interface NameAttribute {
  oid: string;
  /** short name ('CN', 'O', ...) or the dotted OID when unknown */
  type: string;
  value: string;
}

/** Relative distinguished names in certificate order (most general first, usually C=...). */
export type DistinguishedName = NameAttribute[][];

export interface SubjectAltNames {
  dns: string[];
  /** textual IPv4 / IPv6 (RFC 5952 compressed) */
  ip: string[];
  /** other name forms, prefixed like OpenSSL prints them ('email:', 'URI:', 'DirName:', 'othername:') */
  other: string[];
}

/** keyUsage bit numbers from RFC 5280 4.2.1.3. */
export const KEY_USAGE_BITS = {
  digitalSignature: 0,
  keyEncipherment: 2,
  keyCertSign: 5,
} as const;

export interface CertificateFields {
  /** lowercase hex of the serial's two's-complement bytes, without a leading 00 sign octet */
  serialNumber?: string;
  signatureAlgorithmOid?: string;
  issuer?: DistinguishedName;
  notBefore?: Date;
  notAfter?: Date;
  subject?: DistinguishedName;
  /** the whole SubjectPublicKeyInfo TLV (a view into the input): identifies "the same key" across certificates */
  subjectPublicKeyInfo?: Uint8Array;
  keyAlgorithmOid?: string;
  curveOid?: string;
  rsaModulusBits?: number;
  basicConstraints?: { ca: boolean; pathLen: number | null };
  /** set bit numbers of the keyUsage extension; absent when there is no such extension */
  keyUsage?: Set<number>;
  extendedKeyUsage?: string[];
  subjectAltNames?: SubjectAltNames;
  /** AIA caIssuers URLs: where a fetching client would download the issuer (we never do) */
  caIssuers: string[];
  problems: string[];
}

export function parseCertificateFields(der: Uint8Array): CertificateFields {
  const fields: CertificateFields = { caIssuers: [], problems: [] };
  try {
    const certificate = expectTag(readTlv(der, 0), TAG.SEQUENCE, 'Certificate');
    if (certificate.end !== der.length) fields.problems.push(`${der.length - certificate.end} bytes after the certificate`);
    const [tbs, signatureAlgorithm] = children(der, certificate);
    expectTag(tbs, TAG.SEQUENCE, 'tbsCertificate');
    if (signatureAlgorithm) fields.signatureAlgorithmOid = readAlgorithmOid(der, signatureAlgorithm);
    readTbs(der, tbs, fields);
  } catch (err) {
    fields.problems.push(describeError(err));
  }
  return fields;
}

function readTbs(der: Uint8Array, tbs: Tlv, fields: CertificateFields): void {
  const items = children(der, tbs);
  let i = 0;
  if (items[i]?.tag === 0xa0) i++; // [0] EXPLICIT version
  const serial = expectTag(items[i++], TAG.INTEGER, 'serialNumber');
  fields.serialNumber = serialHex(content(der, serial));
  const innerSignatureAlgorithm = items[i++];
  fields.signatureAlgorithmOid ??= readAlgorithmOid(der, innerSignatureAlgorithm);
  fields.issuer = readName(der, expectTag(items[i++], TAG.SEQUENCE, 'issuer'));
  const validity = children(der, expectTag(items[i++], TAG.SEQUENCE, 'validity'));
  if (validity.length < 2) throw new DerError('validity without notBefore and notAfter');
  // A malformed date should not hide the subject, key and extensions that follow.
  try {
    fields.notBefore = decodeTime(der, validity[0]);
    fields.notAfter = decodeTime(der, validity[1]);
  } catch (err) {
    fields.problems.push(`validity: ${describeError(err)}`);
  }
  fields.subject = readName(der, expectTag(items[i++], TAG.SEQUENCE, 'subject'));
  readPublicKeyInfo(der, expectTag(items[i++], TAG.SEQUENCE, 'subjectPublicKeyInfo'), fields);
  for (; i < items.length; i++) {
    if (items[i].tag === 0xa3) readExtensions(der, items[i], fields);
  }
}

function readAlgorithmOid(der: Uint8Array, algorithm: Tlv | undefined): string {
  const parts = children(der, expectTag(algorithm, TAG.SEQUENCE, 'AlgorithmIdentifier'));
  return decodeOid(der, expectTag(parts[0], TAG.OID, 'algorithm'));
}

function serialHex(bytes: Uint8Array): string {
  const unsigned = bytes.length > 1 && bytes[0] === 0 ? bytes.subarray(1) : bytes;
  return toHex(unsigned);
}

function readName(der: Uint8Array, name: Tlv): DistinguishedName {
  return children(der, name).map((rdn) =>
    children(der, expectTag(rdn, TAG.SET, 'RelativeDistinguishedName')).map((ava) => {
      const [type, value] = children(der, expectTag(ava, TAG.SEQUENCE, 'AttributeTypeAndValue'));
      const oid = decodeOid(der, expectTag(type, TAG.OID, 'attribute type'));
      if (!value) throw new DerError('attribute without a value');
      return { oid, type: NAME_ATTRIBUTES[oid] ?? oid, value: decodeString(der, value) };
    }),
  );
}

function readPublicKeyInfo(der: Uint8Array, spki: Tlv, fields: CertificateFields): void {
  fields.subjectPublicKeyInfo = der.subarray(spki.start, spki.end);
  const [algorithm, key] = children(der, spki);
  const algorithmParts = children(der, expectTag(algorithm, TAG.SEQUENCE, 'key algorithm'));
  fields.keyAlgorithmOid = decodeOid(der, expectTag(algorithmParts[0], TAG.OID, 'key algorithm OID'));
  const parameters = algorithmParts[1];
  if (parameters?.tag === TAG.OID) fields.curveOid = decodeOid(der, parameters);
  if (fields.keyAlgorithmOid === '1.2.840.113549.1.1.1' && key?.tag === TAG.BIT_STRING) {
    // BIT STRING content: one "unused bits" octet, then RSAPublicKey ::= SEQUENCE { n, e }.
    const rsaKey = readTlv(der, key.contentStart + 1, key.end);
    const modulus = children(der, expectTag(rsaKey, TAG.SEQUENCE, 'RSAPublicKey'))[0];
    fields.rsaModulusBits = integerBits(content(der, expectTag(modulus, TAG.INTEGER, 'modulus')));
  }
}

function integerBits(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i) * 8 - Math.clz32(bytes[i]) + 24;
}

function readExtensions(der: Uint8Array, wrapper: Tlv, fields: CertificateFields): void {
  const list = expectTag(children(der, wrapper)[0], TAG.SEQUENCE, 'Extensions');
  for (const extension of children(der, list)) {
    const parts = children(der, expectTag(extension, TAG.SEQUENCE, 'Extension'));
    const oid = decodeOid(der, expectTag(parts[0], TAG.OID, 'extnID'));
    const valueWrapper = expectTag(parts[parts.length - 1], TAG.OCTET_STRING, 'extnValue');
    // One malformed extension should not hide the others.
    try {
      readExtension(der, oid, valueWrapper, fields);
    } catch (err) {
      fields.problems.push(`extension ${oid}: ${describeError(err)}`);
    }
  }
}

function readExtension(der: Uint8Array, oid: string, wrapper: Tlv, fields: CertificateFields): void {
  const inner = () => readTlv(der, wrapper.contentStart, wrapper.end);
  switch (oid) {
    case EXTENSIONS.basicConstraints: {
      let ca = false;
      let pathLen: number | null = null;
      for (const item of children(der, expectTag(inner(), TAG.SEQUENCE, 'BasicConstraints'))) {
        if (item.tag === TAG.BOOLEAN) ca = content(der, item)[0] !== 0;
        else if (item.tag === TAG.INTEGER) pathLen = smallInteger(content(der, item));
      }
      fields.basicConstraints = { ca, pathLen };
      return;
    }
    case EXTENSIONS.keyUsage: {
      const bits = content(der, expectTag(inner(), TAG.BIT_STRING, 'KeyUsage'));
      const set = new Set<number>();
      for (let byte = 1; byte < bits.length; byte++) {
        for (let bit = 0; bit < 8; bit++) if (bits[byte] & (0x80 >> bit)) set.add((byte - 1) * 8 + bit);
      }
      fields.keyUsage = set;
      return;
    }
    case EXTENSIONS.extendedKeyUsage:
      fields.extendedKeyUsage = children(der, expectTag(inner(), TAG.SEQUENCE, 'ExtKeyUsageSyntax')).map((p) =>
        decodeOid(der, expectTag(p, TAG.OID, 'KeyPurposeId')),
      );
      return;
    case EXTENSIONS.subjectAltName:
      fields.subjectAltNames = readGeneralNames(der, expectTag(inner(), TAG.SEQUENCE, 'GeneralNames'));
      return;
    case EXTENSIONS.authorityInfoAccess:
      for (const access of children(der, expectTag(inner(), TAG.SEQUENCE, 'AuthorityInfoAccess'))) {
        const [method, location] = children(der, expectTag(access, TAG.SEQUENCE, 'AccessDescription'));
        // [6] IA5String uniformResourceIdentifier
        if (decodeOid(der, expectTag(method, TAG.OID, 'accessMethod')) === ACCESS_METHOD_CA_ISSUERS && location?.tag === 0x86) {
          fields.caIssuers.push(Buffer.from(content(der, location)).toString('latin1'));
        }
      }
      return;
    default:
      // Unknown extensions (possibly hundreds of KB, e.g. logotypes) are skipped without decoding.
      return;
  }
}

function smallInteger(bytes: Uint8Array): number {
  let value = 0;
  for (const b of bytes.subarray(0, 6)) value = value * 256 + b;
  return value;
}

function readGeneralNames(der: Uint8Array, names: Tlv): SubjectAltNames {
  const out: SubjectAltNames = { dns: [], ip: [], other: [] };
  for (const name of children(der, names)) {
    const body = content(der, name);
    switch (name.tag) {
      case 0x82: // [2] dNSName
        out.dns.push(Buffer.from(body).toString('latin1'));
        break;
      case 0x87: // [7] iPAddress
        out.ip.push(formatIp(body));
        break;
      case 0x81: // [1] rfc822Name
        out.other.push('email:' + Buffer.from(body).toString('latin1'));
        break;
      case 0x86: // [6] uniformResourceIdentifier
        out.other.push('URI:' + Buffer.from(body).toString('latin1'));
        break;
      case 0xa4: // [4] directoryName
        out.other.push('DirName:' + formatName(readName(der, readTlv(der, name.contentStart, name.end))));
        break;
      default:
        out.other.push(`othername:[${name.tag & 0x1f}]`);
    }
  }
  return out;
}

export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return '#' + toHex(bytes);
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  return ipv6GroupsToString(groups);
}

/**
 * RFC 4514 string, most specific RDN first ("CN=leaf, O=Org, C=US"), the way
 * browsers' certificate viewers read.
 */
export function formatName(name: DistinguishedName): string {
  return [...name]
    .reverse()
    .map((rdn) => rdn.map((ava) => `${ava.type}=${escapeValue(ava.value)}`).join('+'))
    .join(', ');
}

function escapeValue(value: string): string {
  if (value.startsWith('#') && /^#[0-9a-f]+$/.test(value)) return value; // already a hex-encoded value
  return value
    .replace(/[\\",+;<>]/g, (c) => '\\' + c)
    .replace(/\0/g, '\\00')
    .replace(/^[ #]/, (c) => '\\' + c)
    .replace(/ $/, '\\ ');
}

/** The most specific (last) CN, as browsers display it. */
export function commonName(name: DistinguishedName | undefined): string | null {
  if (!name) return null;
  for (let i = name.length - 1; i >= 0; i--) {
    for (const ava of name[i]) if (ava.oid === OID_COMMON_NAME) return ava.value;
  }
  return null;
}

export function curveOf(fields: CertificateFields): { name: string; bits: number | null } | null {
  return fields.curveOid ? (CURVES[fields.curveOid] ?? { name: fields.curveOid, bits: null }) : null;
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
