/** The engine's own answer, from the CLI (`tlslens analyze --format json`), to compare the UI against. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { AnalysisReport } from '../../../main/engine/model/report';
import type { TlsSummary } from '../../../contract/report/tls-summary';
import { ROOT } from './paths';

export type Reference = Omit<AnalysisReport, 'connections'> & { connections: Array<AnalysisReport['connections'][number] & { tls: TlsSummary | null }> };

export function analyzeWithCli(file: string): Reference {
  // exit code 0 even for a damaged file (results up to the damage), so execFileSync does not throw
  const json = execFileSync(process.execPath, [join(ROOT, 'bin', 'tlslens.mjs'), 'analyze', file, '--format', 'json'], { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(json.toString('utf8')) as Reference;
}

type RefConnection = Reference['connections'][number];

/**
 * The connection a test looks at: the one at `preferred` (the index the corpus
 * capture was written against) when it exists and suits, else the last one that
 * suits, so a capture with fewer connections (a sample) plays the same part.
 */
export function pickConnection(reference: Reference, preferred: number, suits: (c: RefConnection) => boolean = () => true): RefConnection {
  const at = reference.connections[preferred];
  if (at && suits(at)) return at;
  const found = reference.connections.filter(suits).pop();
  if (!found) throw new Error(`no connection of ${reference.file.name} suits this test`);
  return found;
}
