/**
 * Certificate entries for the summary, from DER via the x509 module. The x509 code is
 * trusted but not relied on: any failure there degrades one entry, never the summary.
 */

import { createHash } from 'node:crypto';
import { STEP, describeCertificate, validateChain, type ChainValidation } from './x509/index';
import type { CertificateEntry } from '../../../contract/report/tls-summary';

export function certificateEntry(der: Uint8Array): CertificateEntry {
  const sha256 = (): string => createHash('sha256').update(der).digest('hex');
  let entry: CertificateEntry;
  try {
    const info = describeCertificate(der);
    entry = { ...info, sha256: info.sha256 || sha256() };
  } catch (e) {
    entry = { subject: '', issuer: '', subjectCN: null, notBefore: '', notAfter: '', sha256: sha256(), error: `certificate not described: ${(e as Error)?.message ?? e}` };
  }
  // kept for re-validation and export, but never serialised into the JSON contract
  Object.defineProperty(entry, 'der', { value: der, enumerable: false, writable: false });
  return entry;
}

export function validateServerChain(chain: Uint8Array[], hostname: string | null, atSeconds: number | null, extraTrustedRoots?: Uint8Array[]): ChainValidation | null {
  if (!chain.length) return null;
  try {
    return validateChain(chain, { hostname, at: new Date((atSeconds ?? Date.now() / 1000) * 1000), extraTrustedRoots });
  } catch (e) {
    return { verdict: 'unparseable', steps: [{ code: STEP.parse, ok: false, message: `validation failed: ${(e as Error)?.message ?? e}` }] };
  }
}
