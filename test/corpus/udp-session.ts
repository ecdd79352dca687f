import { AnalysisSession, type UdpConnectionReport } from '../../main/engine/index';
import { keylogFor, type CorpusEntry, type TruthStream } from './corpus';

/** The QUIC/DTLS reports of a corpus capture, read with its key log when the corpus has one (as its truth was made). */
export async function udpReports(entry: CorpusEntry): Promise<UdpConnectionReport[]> {
  const session = new AnalysisSession({ keylogPath: keylogFor(entry.name) });
  await session.readFile(entry.capture);
  return [...session.udpConnectionReports()];
}

/** The truth streams of one UDP kind ("quic" or "dtls"). */
export function truthStreams(entry: CorpusEntry, kind: 'quic' | 'dtls'): Array<TruthStream & Record<string, any>> {
  return (entry.truth.tls_streams as Array<TruthStream & Record<string, any>>).filter((s) => s[kind]);
}

/** Our report for a truth stream: the same two ends, either way round (a mismatch in roles is then a finding of its own). */
export function reportFor(reports: UdpConnectionReport[], s: TruthStream): UdpConnectionReport | undefined {
  return reports.find((r) => (r.client === s.client && r.server === s.server) || (r.client === s.server && r.server === s.client));
}

export type Tally = Map<string, { agree: number; explained: number; total: number }>;

export function count(t: Tally, field: string, outcome: 'agree' | 'explained' | 'differ'): void {
  const row = t.get(field) ?? { agree: 0, explained: 0, total: 0 };
  row.total++;
  if (outcome === 'agree') row.agree++;
  if (outcome === 'explained') row.explained++;
  t.set(field, row);
}

export function printTally(label: string, t: Tally): void {
  const lines = [...t].map(([field, r]) => `  ${field}: ${r.agree}/${r.total} agree${r.explained ? `, ${r.explained} explained` : ''}`);
  if (lines.length) console.log(`${label}\n${lines.join('\n')}`);
}
