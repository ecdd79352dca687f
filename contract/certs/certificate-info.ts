/** The facts of one certificate the certificate panel shows. */
export interface CertificateInfo {
  /** RFC 4514, most specific first: "CN=example.com, O=Example, C=US" */
  subject: string;
  issuer: string;
  subjectCN: string | null;
  issuerCN: string | null;
  /** dNSName entries as written, IP addresses in text form, other kinds prefixed ("email:", "URI:", "DirName:") */
  sans: string[];
  /** ISO 8601 ('' when unreadable) */
  notBefore: string;
  notAfter: string;
  /** lowercase hex, no leading sign octet */
  serialNumber: string;
  /** Node's asymmetricKeyType: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'dsa' | ... */
  keyType: string | null;
  keyBits: number | null;
  /** EC curve in OpenSSL naming ('prime256v1', 'secp384r1'); null for other key types */
  curve?: string | null;
  /** OpenSSL's name ('sha256WithRSAEncryption', 'ecdsa-with-SHA256'), or the dotted OID when unknown */
  signatureAlgorithm: string | null;
  /** lowercase hex, no colons, over the DER */
  sha1: string;
  sha256: string;
  /** same name as issuer and signed by its own key */
  selfSigned: boolean;
  isCA: boolean;
  /** set when OpenSSL could not parse the certificate; the other fields are then best effort */
  error?: string;
}
