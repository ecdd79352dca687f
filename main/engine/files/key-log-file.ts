/** The NSS key log file (SSLKEYLOGFILE format), read whole before analysis. */
import { readFileSync } from 'node:fs';

/** The file's text, one character per byte (latin1). Throws when it cannot be read. */
export function readKeyLogFile(path: string): string {
  return readFileSync(path, 'latin1');
}
