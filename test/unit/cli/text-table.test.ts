import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture, analyzeCaptureStreaming, DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_RETIRE_AFTER_SECONDS } from '../../../main/engine/index';
import { formatText, TextTable } from '../../../main/cli/format-text';
import { writeReport } from '../../../main/cli/write-report';
import { CORPUS_AVAILABLE, listCorpus } from '../../corpus/corpus';

/**
 * `--format text` keeps only the table's columns (no events, no TLS summary): the table must
 * be exactly the one printed from the full reports of the in-memory analysis.
 */
const SAMPLES = join(__dirname, '..', '..', '..', 'samples');

async function tableOnlyText(path: string): Promise<string> {
  const { head, connections, session } = await analyzeCaptureStreaming(path, {
    retireAfterSeconds: DEFAULT_RETIRE_AFTER_SECONDS,
    idleTimeoutSeconds: DEFAULT_IDLE_TIMEOUT_SECONDS,
    tableOnly: true,
  });
  let out = '';
  await writeReport(head, connections, 'text', async (s) => void (out += s), undefined, session.connectionTableRows());
  // a table-only analysis has no full reports to give
  expect(() => [...session.connectionReports()]).toThrow(/table rows only/);
  return out;
}

async function differingCaptures(paths: string[]): Promise<string[]> {
  const differing: string[] = [];
  for (const path of paths) {
    const expected = formatText((await analyzeCapture(path)).report);
    if ((await tableOnlyText(path)) !== expected) differing.push(path);
  }
  return differing;
}

describe('text table from table rows only', () => {
  it('every sample: the same table as from the full reports', async () => {
    const paths = readdirSync(SAMPLES).filter((n) => n.endsWith('.pcapng') || n.endsWith('.pcap')).map((n) => join(SAMPLES, n));
    expect(paths.length).toBeGreaterThan(5);
    expect(await differingCaptures(paths)).toEqual([]);
    // the table does name TLS versions and SNI (the cheap facts), not just TCP
    expect(await tableOnlyText(paths.find((p) => p.includes('04-tls13'))!)).toMatch(/TLS 1\.3 \S+/);
  });

  it.skipIf(!CORPUS_AVAILABLE)('every corpus capture: the same table as from the full reports', async () => {
    expect(await differingCaptures(listCorpus().map((e) => e.capture))).toEqual([]);
  }, 120_000);

  it('a table of 250,000 rows: every line padded to the widest cell (no spread over all rows, which overflows the stack)', () => {
    const table = new TextTable();
    for (let i = 0; i < 250_000; i++) table.add([String(i), `10.0.${i >> 8 & 255}.${i & 255}:${1024 + (i % 60000)}`, 's:443', '1/1', '1/1', 'SYN - -', '-', 'open', '0', '0', '0', i === 123_456 ? 'TLS 1.3 the-longest-name.example' : ''] );
    const lines = [...table.lines()];
    expect(lines).toHaveLength(250_001);
    const tlsColumn = lines[0].indexOf('TLS');
    expect(lines[123_457].slice(tlsColumn)).toBe('TLS 1.3 the-longest-name.example');
    expect(lines[0].indexOf('Client')).toBe(lines[1].indexOf('10.0.'));
    expect(lines[250_000].startsWith('249999  ')).toBe(true);
  });
});
