/**
 * Test PKI made with the openssl CLI, so the expected outcome of each test is
 * what openssl was told to make, not what our own code thinks. `openssl ca`
 * is used (rather than `x509 -req`) because it takes explicit start and end
 * dates, which keeps every test independent of today's date.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IssuedCertificate {
  name: string;
  keyType: KeyType;
  keyPath: string;
  certPath: string;
  der: Uint8Array;
}

export interface CertificateSpec {
  /** file stem, unique within the PKI */
  name: string;
  /** openssl -subj form, e.g. "/C=ZZ/O=Test/CN=leaf" */
  subject: string;
  /** absent: self-signed */
  issuer?: IssuedCertificate;
  /** an impostor carrying the issuer's name with another key, which signs instead: a forged signature */
  impostor?: IssuedCertificate;
  /** key algorithm (default EC P-256, fast to generate) */
  keyType?: KeyType;
  /** reuse that certificate's key pair (same name + key under two issuers = a cross-sign) */
  keyFrom?: IssuedCertificate;
  /** YYYYMMDDHHMMSSZ */
  start: string;
  end: string;
  /** lines of the extension section, e.g. "basicConstraints = critical,CA:TRUE" */
  extensions: string[];
  digest?: 'sha256' | 'sha1';
}

const CA_CONFIG = `
[ca]
default_ca = CA_default
[CA_default]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
preserve = yes
unique_subject = no
copy_extensions = none
email_in_dn = no
[policy_any]
commonName = optional
organizationName = optional
countryName = optional
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
`;

export const CA_EXTENSIONS = [
  'basicConstraints = critical,CA:TRUE',
  'keyUsage = critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier = hash',
];

export function leafExtensions(san: string | null, extra: string[] = []): string[] {
  return [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature',
    'extendedKeyUsage = serverAuth',
    ...(san ? [`subjectAltName = ${san}`] : []),
    ...extra,
  ];
}

export class OpensslPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'tlslens-x509-'));

  constructor() {
    writeFileSync(join(this.dir, 'ca.cnf'), CA_CONFIG);
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(join(this.dir, 'serial'), '1000\n');
  }

  issue(spec: CertificateSpec): IssuedCertificate {
    const keyPath = join(this.dir, `${spec.name}.key`);
    const certPath = join(this.dir, `${spec.name}.pem`);
    const csrPath = join(this.dir, `${spec.name}.csr`);
    const extPath = join(this.dir, `${spec.name}.ext`);
    const keyType = spec.keyFrom?.keyType ?? spec.keyType ?? 'ec';
    if (spec.keyFrom) writeFileSync(keyPath, readFileSync(spec.keyFrom.keyPath));
    else this.run(['genpkey', ...keyArgs(keyType), '-out', keyPath]);
    this.run(['req', '-new', '-config', 'ca.cnf', '-key', keyPath, '-subj', spec.subject, '-out', csrPath]);
    writeFileSync(extPath, `[ext]\n${spec.extensions.join('\n')}\n`);
    const signer = spec.impostor ?? spec.issuer;
    const signing = signer ? ['-cert', signer.certPath, '-keyfile', signer.keyPath] : ['-selfsign', '-keyfile', keyPath];
    // Ed25519 signs with its own built-in hash; openssl ca needs "-md default" for it.
    const signerIsEd25519 = (signer ? signer.keyType : keyType) === 'ed25519';
    this.run([
      'ca', '-batch', '-config', 'ca.cnf', '-notext', ...signing,
      '-in', csrPath, '-out', certPath,
      '-startdate', spec.start, '-enddate', spec.end,
      '-md', signerIsEd25519 ? 'default' : (spec.digest ?? 'sha256'),
      '-extfile', extPath, '-extensions', 'ext',
    ]);
    return { name: spec.name, keyType, keyPath, certPath, der: pemToDer(readFileSync(certPath, 'utf8')) };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private run(args: string[]): void {
    execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  }
}

export type KeyType = 'ec' | 'rsa' | 'ed25519';

function keyArgs(type: KeyType): string[] {
  if (type === 'rsa') return ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
  if (type === 'ed25519') return ['-algorithm', 'ED25519'];
  return ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
}

/** openssl's RFC 2253 form of the subject, with ", " between RDNs like ours (the test names contain no commas). */
export function rfc2253Subject(cert: IssuedCertificate): string {
  const out = execFileSync('openssl', ['x509', '-in', cert.certPath, '-noout', '-subject', '-nameopt', 'RFC2253'], { encoding: 'utf8' });
  return out.trim().replace(/^subject=/, '').split(',').join(', ');
}

export function pemToDer(pem: string): Uint8Array {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem);
  if (!body) throw new Error('no certificate in PEM');
  return new Uint8Array(Buffer.from(body[1].replace(/\s+/g, ''), 'base64'));
}
