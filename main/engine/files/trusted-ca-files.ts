/** The user's CA files (`--ca FILE`, a sample's lab CA), read before analysis. */
import { readFileSync } from 'node:fs';
import { parseCaFile } from '../tls/trusted-cas';
import type { Anomaly } from '../types';

/** Reads every file; problems become anomalies (an analysis never fails over a CA file). */
export function readTrustedCaFiles(paths: readonly string[], anomaly: (a: Anomaly) => void): Uint8Array[] {
  const all: Uint8Array[] = [];
  for (const path of paths) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      anomaly({ severity: 'error', code: 'tls.ca-file-unreadable', message: `CA file ${path} cannot be read: ${(err as Error).message}` });
      continue;
    }
    const { roots, unparseable } = parseCaFile(bytes);
    if (roots.length === 0) anomaly({ severity: 'warning', code: 'tls.ca-file-empty', message: `CA file ${path} holds no certificate Node.js can parse (PEM CERTIFICATE blocks or one DER certificate)` });
    else if (unparseable > 0) anomaly({ severity: 'info', code: 'tls.ca-file-ignored', message: `CA file ${path}: ${unparseable} of ${roots.length + unparseable} certificates cannot be parsed and were ignored` });
    all.push(...roots);
  }
  return all;
}
