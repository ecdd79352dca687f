import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../../support/paths';
import { analyzeCapture, analyzeCaptureStreaming, DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_RETIRE_AFTER_SECONDS } from '../../../../main/engine/index';
import { ColumnWidths, formatText, millisecondsText, ParkedTable, TABLE_HEADER, tableLine } from '../../../../main/report/format-text';
import { seededRandom } from '../../../fixtures/builders/bytes';
import { writeParkedTable, writeReport } from '../../../../main/report/write-report';
import { CORPUS_AVAILABLE, listCorpus } from '../../../corpus/corpus';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { flowToPcap, patternBytes, TcpFlow } from '../../../fixtures/builders';

/**
 * `--format text` keeps only the table's columns (no events, no TLS summary): the table must
 * be exactly the one printed from the full reports of the in-memory analysis.
 */
const SAMPLES = SAMPLES_DIR;

/**
 * The table as `tlslens analyze --format text` prints it (rows parked as text as connections
 * retire), checked against the same analysis printed from rows parked as JSON (the live
 * capture's path).
 */
async function tableOnlyText(path: string): Promise<string> {
  const options = { retireAfterSeconds: DEFAULT_RETIRE_AFTER_SECONDS, idleTimeoutSeconds: DEFAULT_IDLE_TIMEOUT_SECONDS, tableOnly: true };
  const table = new ParkedTable();
  const parked = await analyzeCaptureStreaming(path, { ...options, tableRowText: table.park });
  let out = '';
  await writeParkedTable(parked.head, table, parked.session, async (s) => void (out += s));
  // a table-only analysis has no full reports to give, and rows parked as text no JSON rows
  expect(() => [...parked.session.connectionReports()]).toThrow(/table rows only/);
  expect(() => [...parked.session.connectionTableRows()]).toThrow(/parked its table rows as text/);

  const { head, connections, session } = await analyzeCaptureStreaming(path, options);
  let fromJsonRows = '';
  await writeReport(head, connections, 'text', async (s) => void (fromJsonRows += s), undefined, () => session.connectionTableRows());
  expect(out).toBe(fromJsonRows);
  return out;
}

/** The in-memory analysis printed as the CLI prints it: its TCP connections, then its QUIC and DTLS ones. */
function formatTextOfAll({ report, session }: Awaited<ReturnType<typeof analyzeCapture>>): string {
  return formatText({ ...report, connections: [...report.connections, ...session.udpConnectionReports()] });
}

async function differingCaptures(paths: string[]): Promise<string[]> {
  const differing: string[] = [];
  for (const path of paths) {
    const expected = formatTextOfAll(await analyzeCapture(path));
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

  it('connections reported mid-file (spooled) and some still open at the end: the same table, header first', async () => {
    // a closed connection every 100 s of capture time: each is spooled when the next one
    // starts (60 s after its end), so most rows are read from the spool
    const frames = [];
    for (let i = 0; i < 12; i++) {
      const flow = new TcpFlow({ client: { ip: `192.0.2.${i + 1}`, port: 40000 + i }, server: { ip: '198.51.100.1', port: 443 }, start: 1_700_000_000 + 100 * i });
      frames.push(...flow.handshake(), flow.send('client', patternBytes(10 * (i + 1), i)));
      if (i < 10) frames.push(flow.fin('client'), flow.fin('server'), flow.ack('client'));
    }
    const dir = mkdtempSync(join(tmpdir(), 'tlslens-table-'));
    try {
      const path = join(dir, 'spooled.pcap');
      writeFileSync(path, flowToPcap(frames).bytes);
      const text = await tableOnlyText(path);
      expect(text).toBe(formatTextOfAll(await analyzeCapture(path)));
      const lines = text.split('\n');
      const header = lines.findIndex((l) => l.startsWith('#'));
      expect(lines.slice(header + 1, header + 13).map((l) => l.split(/\s+/)[0])).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
      expect(lines[header + 12]).toMatch(/192\.0\.2\.12:40011\s+198\.51\.100\.1:443\s+3\/1\s+.*open/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!CORPUS_AVAILABLE)('every corpus capture: the same table as from the full reports', async () => {
    expect(await differingCaptures(listCorpus().map((e) => e.capture))).toEqual([]);
  }, 120_000);

  it('a table of 250,000 rows: every line padded to the widest cell (no spread over all rows, which overflows the stack)', () => {
    const row = (i: number) => [String(i), `10.0.${(i >> 8) & 255}.${i & 255}:${1024 + (i % 60000)}`, 's:443', '1/1', '1/1', 'SYN - -', '-', 'open', '0', '0', '0', i === 123_456 ? 'TLS 1.3 the-longest-name.example' : ''];
    const widths = new ColumnWidths();
    for (let i = 0; i < 250_000; i++) widths.add(row(i));
    const header = tableLine(TABLE_HEADER, widths);
    const tlsColumn = header.indexOf('TLS');
    expect(tableLine(row(123_456), widths).slice(tlsColumn)).toBe('TLS 1.3 the-longest-name.example');
    expect(header.indexOf('Client')).toBe(tableLine(row(1), widths).indexOf('10.0.'));
    expect(tableLine(row(249_999), widths).startsWith('249999  ')).toBe(true);
    expect(widths.widths[0]).toBe('249999'.length);
  });
});

describe('the RTT column', () => {
  it('reads as toFixed(3) would: RTTs as the engine rounds them, any doubles, half-way points, signs, huge values', () => {
    const rnd = seededRandom(3);
    const values = [0, -0, 0.0005, 1.0005, -0.0004, 2.5e-7, -1.5, 999.9995, 1e6, 123456789.12345, 1e21, -1e300, 0.1 + 0.2, Number.MIN_VALUE];
    for (let i = 0; i < 20_000; i++) {
      const k = Math.floor(rnd() * 1e7);
      values.push(Math.round(k) / 1000, -k / 1000, rnd() * 10 ** Math.floor(rnd() * 12), (k + 0.5) / 1000, -(k + 0.5) / 1000);
    }
    for (const v of values) expect(millisecondsText(v), String(v)).toBe(v.toFixed(3));
  });
});
