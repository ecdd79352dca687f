// The lab PKI for the samples, made with openssl at generation time:
//   TLS Lens Lab Root CA → TLS Lens Lab Issuing CA 1 → www.lab.test (server, SANs) and student01 (client)
//   Untrusted Example Root CA → Untrusted Example Issuing CA → www.lab.test (the "unknown CA" sample)
// samples/lab-ca.pem (the lab root) is kept next to the samples, and samples/NAME.key.pem for the
// samples with RSA key exchange (a lesson decrypts them with the server's key). The CA keys are
// kept only on the machine that made the samples (.lab-pki/, not committed): reusing them lets one
// sample be made again beside the others without a new CA (RFC 5280 chains end at that root).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LAB_HOST = 'www.lab.test';
/** the lab root's subject as RFC 4514 writes it (most specific first), made from the -subj below */
export const LAB_ROOT_SUBJECT = 'CN=TLS Lens Lab Root CA, O=TLS Lens Lab, C=CN';

function openssl(args, cwd) {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const why = err.code === 'ENOENT' ? 'openssl is not installed (apt-get install openssl)' : String(err.stderr || err.message).trim();
    throw new Error(`openssl ${args[0]} failed: ${why}`);
  }
}

function ca(dir, name, subject, issuer, ext) {
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  writeFileSync(join(dir, `${name}.ext`), ext);
  const signer = issuer ? ['-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial'] : ['-signkey', `${name}.key`];
  openssl(['x509', '-req', '-in', `${name}.csr`, ...signer, '-days', '3650', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
}

const ROOT_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n';
const ISSUING_EXT = 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n';
const SERVER_EXT = `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${LAB_HOST},DNS:lab.test\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`;
const CLIENT_EXT = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';

const NAMES = ['root', 'issuing', 'server', 'client', 'rogue-root', 'rogue-issuing', 'rogue-server'];

/** `dir` holds a whole lab PKI (every certificate with its key). */
export function hasLabPki(dir) {
  return NAMES.every((n) => existsSync(join(dir, `${n}.pem`)) && existsSync(join(dir, `${n}.key`)));
}

/** The lab PKI in `dir`: reused when whole (`made: false`), else made there afresh. */
export function labPki(dir) {
  if (hasLabPki(dir)) return { ...readLabPki(dir), made: false };
  mkdirSync(dir, { recursive: true });
  makeLabPki(dir);
  return { ...readLabPki(dir), made: true };
}

/** Makes every certificate in `dir`; returns PEM strings (chains leaf first, without the root). */
export function makeLabPki(dir) {
  ca(dir, 'root', '/C=CN/O=TLS Lens Lab/CN=TLS Lens Lab Root CA', null, ROOT_EXT);
  ca(dir, 'issuing', '/C=CN/O=TLS Lens Lab/CN=TLS Lens Lab Issuing CA 1', 'root', ISSUING_EXT);
  ca(dir, 'server', `/C=CN/O=TLS Lens Lab/CN=${LAB_HOST}`, 'issuing', SERVER_EXT);
  ca(dir, 'client', '/C=CN/O=TLS Lens Lab/OU=Students/CN=student01', 'issuing', CLIENT_EXT);
  ca(dir, 'rogue-root', '/C=US/O=Untrusted Example/CN=Untrusted Example Root CA', null, ROOT_EXT);
  ca(dir, 'rogue-issuing', '/C=US/O=Untrusted Example/CN=Untrusted Example Issuing CA', 'rogue-root', ISSUING_EXT);
  ca(dir, 'rogue-server', `/C=US/O=Untrusted Example/CN=${LAB_HOST}`, 'rogue-issuing', SERVER_EXT);
  return readLabPki(dir);
}

function readLabPki(dir) {
  const pem = (name) => readFileSync(join(dir, `${name}.pem`), 'utf8');
  const key = (name) => readFileSync(join(dir, `${name}.key`), 'utf8');
  return {
    dir,
    root: pem('root'),
    rootPath: join(dir, 'root.pem'),
    server: { key: key('server'), cert: pem('server') + pem('issuing') },
    client: { key: key('client'), cert: pem('client') + pem('issuing') },
    rogue: { key: key('rogue-server'), cert: pem('rogue-server') + pem('rogue-issuing') },
  };
}
