/**
 * CSV escaping (RFC 4180 quoting, spreadsheet formula injection) and the
 * worker's exports (CSV / the CLI's JSON), run in-process on built captures.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR } from '../../support/paths';
import type { ConnectionRow, ExportResult } from '../../../contract/api';
import { csvCell, csvHeader, csvLine, CSV_COLUMNS } from '../../../main/worker/export-csv';
import { WorkerAnalysis } from '../../../main/worker/worker-analysis';
import type { FromWorker } from '../../../main/worker/worker-protocol';
import { manyConnections, writeTemp } from '../../fixtures/many-connections';
import { connectionRow } from '../../../main/worker/connection-row';
import { syntheticConnection } from '../../support/synthetic-connection';

/** Split CSV text into records and fields (RFC 4180), to read back what was written. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

describe('CSV cells', () => {
  it('quotes text, doubles quotes, keeps commas and newlines inside the quotes', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines\r\n')).toBe('"two\nlines\r\n"');
    expect(csvCell(42.5)).toBe('42.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(NaN)).toBe('');
  });

  it('neutralises formula injection: a hostile SNI is text, not a formula', () => {
    const hostile = "=cmd|' /C calc'!A0";
    expect(csvCell(hostile)).toBe(`"'=cmd|' /C calc'!A0"`);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).startsWith(`"'${start}`)).toBe(true);
    // a negative number is data, not text from a packet
    expect(csvCell(-1)).toBe('-1');
  });

  it('a row round-trips through a CSV reader, hostile fields included', () => {
    const c = syntheticConnection();
    c.tls!.sni = '=HYPERLINK("http://evil","click"),\n"x"';
    const row: ConnectionRow = connectionRow(c);
    const records = parseCsv(csvHeader() + csvLine(row));
    expect(records).toHaveLength(2);
    expect(records[0]).toEqual(CSV_COLUMNS.map(([name]) => name));
    const sni = records[1][records[0].indexOf('sni')];
    expect(sni).toBe(`'${c.tls!.sni}`);
    expect(records[1][records[0].indexOf('id')]).toBe('7');
    expect(records[1][records[0].indexOf('bytes_s2c')]).toBe('20000');
  });
});

async function analysed(path: string): Promise<WorkerAnalysis> {
  const posted: FromWorker[] = [];
  const worker = new WorkerAnalysis({ path }, (m) => posted.push(m));
  await worker.run();
  expect(posted.some((m) => m.type === 'finished')).toBe(true);
  return worker;
}

async function exportOf(worker: WorkerAnalysis, format: 'csv' | 'json', filter = ''): Promise<Extract<ExportResult, { kind: 'content' }>> {
  const result = await worker.handle({ op: 'export', format, filter, sort: { key: 'id', direction: 'asc' } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as Extract<ExportResult, { kind: 'content' }>;
}

describe('connection exports from the analysis worker', () => {
  it('CSV: one record per connection (filtered as listed); JSON: the CLI schema', async () => {
    const path = writeTemp('many.pcap', manyConnections(40).bytes);
    const worker = await analysed(path);
    const csv = await exportOf(worker, 'csv');
    expect(csv).toMatchObject({ kind: 'content', fileName: 'many-connections.csv', mimeType: 'text/csv', count: 40 });
    expect(parseCsv(csv.content)).toHaveLength(41);
    const narrowed = await exportOf(worker, 'csv', 'port:20005');
    expect(narrowed.count).toBe(1);
    expect(parseCsv(narrowed.content)[1][1]).toBe('10.0.0.5:20005');
    const json = await exportOf(worker, 'json');
    const doc = JSON.parse(json.content);
    expect(doc.schema).toBe('tlslens.analysis/1');
    expect(doc.connections).toHaveLength(40);
    expect(doc.stats.connections).toBe(40);
    expect(doc.file).toMatchObject({ name: 'many.pcap', format: 'pcap' });
    expect(doc.complete).toBe(true);
  });

  const ecdhe = join(CORPUS_DIR, 'zeek', 'ecdhe.pcap');
  it.skipIf(!existsSync(ecdhe))('JSON export and capture summary of corpus zeek/ecdhe.pcap (equality with the CLI: json-export-cli.test.ts)', async () => {
    const worker = await analysed(ecdhe);
    const doc = JSON.parse((await exportOf(worker, 'json')).content);
    expect(doc.connections[0].tls.cipherSuiteName).toBe('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA');
    const summary = await worker.handle({ op: 'summary' });
    expect(summary.ok && summary.value).toMatchObject({ connections: 1, tlsConnections: 1, keyExchanges: [{ key: 'ECDHE', count: 1 }] });
    expect(readFileSync(ecdhe).length).toBe(doc.file.size);
  });
});

describe('exports of damaged captures', () => {
  it('CSV: a start time past what Date holds leaves the ISO cell empty, the epoch seconds stay', () => {
    const row: ConnectionRow = { ...connectionRow(syntheticConnection()), start: 15926523714048.203 };
    const records = parseCsv(csvHeader() + csvLine(row));
    expect(records[1][records[0].indexOf('start')]).toBe('');
    expect(records[1][records[0].indexOf('start_epoch')]).toBe('15926523714048.203');
    expect(parseCsv(csvLine({ ...row, start: 1_700_000_000.5 }))[0][records[0].indexOf('start')]).toBe('2023-11-14T22:13:20.500Z');
  });

  it('an upload cut short: the JSON export names the user’s file, never the temp path, in its anomalies too', async () => {
    const whole = manyConnections(3).bytes;
    const path = writeTemp('upload-1234.pcap', whole.subarray(0, whole.length - 30));
    const posted: FromWorker[] = [];
    const worker = new WorkerAnalysis({ path, displayName: 'mine.pcap' }, (m) => posted.push(m));
    await worker.run();
    const finished = posted.find((m) => m.type === 'finished');
    expect(finished?.type === 'finished' && finished.summary.complete).toBe(false);
    const json = await exportOf(worker, 'json');
    const doc = JSON.parse(json.content);
    expect(doc.anomalies.length).toBeGreaterThan(0);
    expect(doc.anomalies.some((a: { message: string }) => a.message.includes('mine.pcap'))).toBe(true);
    expect(json.content).not.toContain(path);
    expect(json.fileName).toBe('mine-connections.json');
  });
});
