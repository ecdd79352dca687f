import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../support/paths';

export { CORPUS_DIR };
export const CORPUS_AVAILABLE = existsSync(join(CORPUS_DIR, 'truth'));
export const CORPUS_SKIP_REASON = `corpus tier skipped: ${CORPUS_DIR}/truth does not exist (set TLSLENS_CORPUS to a corpus checkout)`;

export interface TruthTcpFlags {
  syn: boolean;
  syn_ack: boolean;
  ack_after_syn_ack: boolean;
  fin_from_client: boolean;
  fin_from_server: boolean;
  rst_from_client: boolean;
  rst_from_server: boolean;
}

export interface TruthDirection {
  record_types: Array<number | string>;
  record_versions: string[];
  handshake_types: Array<number | string>;
  handshake_names: string[];
  handshake_fragments: number;
  alerts: Array<{ direction: string; level: number | null; description: string; code: number | null }>;
}

export interface TruthStream {
  transport: 'tcp' | 'udp';
  stream: number;
  client: string;
  server: string;
  client_determined_by: string;
  frames: number;
  tcp?: TruthTcpFlags;
  directions: { client_to_server: TruthDirection; server_to_client: TruthDirection };
  tls: Record<string, any>;
}

export interface Truth {
  file: string;
  file_info: { packets: number; size: number; interface_encapsulations: string[] };
  frames_dissected: number;
  tls_streams: TruthStream[];
  non_tls_tcp_streams: Array<{ stream: number; client: string; server: string; frames: number }>;
  capture_stats: { tcp_analysis?: Record<string, number> };
}

export interface CorpusEntry {
  /** path relative to the corpus, e.g. "zeek/ecdhe.pcap" */
  name: string;
  capture: string;
  truth: Truth;
}

export function listCorpus(): CorpusEntry[] {
  if (!CORPUS_AVAILABLE) return [];
  const truthRoot = join(CORPUS_DIR, 'truth');
  const out: CorpusEntry[] = [];
  for (const source of readdirSync(truthRoot).sort()) {
    const dir = join(truthRoot, source);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.json')) continue;
      const name = `${source}/${f.slice(0, -5)}`;
      out.push({ name, capture: join(CORPUS_DIR, name), truth: JSON.parse(readFileSync(join(dir, f), 'utf8')) });
    }
  }
  return out;
}

/** Key log for a capture, per the corpus keys.json. */
export function keylogFor(name: string): string | undefined {
  const keysPath = join(CORPUS_DIR, 'keys.json');
  if (!existsSync(keysPath)) return undefined;
  const keys = JSON.parse(readFileSync(keysPath, 'utf8')) as Record<string, { keylog?: string }>;
  const k = keys[name]?.keylog;
  return k ? join(CORPUS_DIR, k) : undefined;
}
