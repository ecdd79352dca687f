/** A server's RSA private key file (PEM, PKCS#1 or PKCS#8), read whole before analysis. */
import { readFileSync } from 'node:fs';

/** The file's bytes. Throws when it cannot be read. */
export function readRsaKeyFile(path: string): Buffer {
  return readFileSync(path);
}
