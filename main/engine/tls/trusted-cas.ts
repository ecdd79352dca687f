/**
 * Extra trust anchors for one analysis: CA files the user supplies (`--ca FILE`, a sample's
 * lab CA), PEM (one or more CERTIFICATE blocks) or a single DER certificate. Chains that end
 * at one of them validate, with the verdict saying the anchor was user-supplied. The files
 * are read by files/trusted-ca-files.ts.
 */
import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

/** DER certificates in a PEM or DER file's bytes; entries Node cannot parse are left out and counted. */
export function parseCaFile(bytes: Buffer): { roots: Uint8Array[]; unparseable: number } {
  const ders: Buffer[] = [];
  const text = bytes.toString('latin1');
  for (const m of text.matchAll(PEM_BLOCK)) ders.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  if (ders.length === 0 && bytes[0] === 0x30) ders.push(bytes);
  const roots: Uint8Array[] = [];
  let unparseable = 0;
  for (const der of ders) {
    try {
      new X509Certificate(der);
      roots.push(new Uint8Array(der));
    } catch {
      unparseable++;
    }
  }
  return { roots, unparseable };
}
