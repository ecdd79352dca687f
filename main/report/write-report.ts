import type { AnyConnectionReport, AnyTableRow, ReportHead } from '../engine/index';
import { ColumnWidths, formatConnectionRow, formatTextHead, formatTextTail, TABLE_HEADER, tableLine, type ParkedTable } from './format-text';

export type ReportFormat = 'json' | 'ndjson' | 'text';

/** Writes to stdout, waiting for the pipe to drain: a report of 100,000 connections never becomes one string. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

/**
 * `connectionJson`, when given, yields the same connections JSON-encoded: ndjson then copies
 * them instead of encoding each report again. `tableRows`, when given, gives what the text
 * format prints instead of the reports (an analysis that kept only the table's columns); it
 * is called twice (column widths, then lines), so the table is never held whole.
 */
export async function writeReport(
  head: ReportHead,
  connections: Iterable<AnyConnectionReport>,
  format: ReportFormat,
  write = writeOut,
  connectionJson?: Iterable<string>,
  tableRows?: () => Iterable<AnyTableRow>,
): Promise<void> {
  const out = new BatchedWriter(write);
  if (format === 'ndjson') await writeNdjson(head, connectionJson ?? jsonOf(connections), out.write);
  else if (format === 'text') await writeText(head, tableRows ?? readTwice(connections), out.write);
  else await writeJson(head, connections, out.write);
  await out.flush();
}

/** Pieces gathered into writes of ~64 KiB: a write per table line was a fifth of a 250,000-row table's time. */
class BatchedWriter {
  private pieces: string[] = [];
  private chars = 0;

  constructor(private readonly sink: (s: string) => Promise<void>) {}

  readonly write = async (s: string): Promise<void> => {
    this.pieces.push(s);
    this.chars += s.length;
    if (this.chars >= 1 << 16) await this.flush();
  };

  async flush(): Promise<void> {
    if (this.pieces.length === 0) return;
    const text = this.pieces.join('');
    this.pieces = [];
    this.chars = 0;
    await this.sink(text);
  }
}

function* jsonOf(connections: Iterable<AnyConnectionReport>): Generator<string> {
  for (const c of connections) yield JSON.stringify(c);
}

async function writeNdjson(head: ReportHead, connectionJson: Iterable<string>, write: (s: string) => Promise<void>): Promise<void> {
  await write(JSON.stringify({ type: 'file', schema: head.schema, file: head.file, complete: head.complete }) + '\n');
  // '{"id":…' becomes '{"type":"connection","id":…', what JSON.stringify({ type, ...c }) gives
  for (const json of connectionJson) await write(`{"type":"connection",${json.slice(1)}\n`);
  await write(JSON.stringify({ type: 'stats', stats: head.stats, anomalies: head.anomalies, complete: head.complete }) + '\n');
}

const NESTED_PREFIX = '{\n  "c": [\n    ';
const NESTED_SUFFIX = '\n  ]\n}';

/** Exactly what JSON.stringify({...head, connections}, null, 2) gives, written connection by connection. */
async function writeJson(head: ReportHead, connections: Iterable<AnyConnectionReport>, write: (s: string) => Promise<void>): Promise<void> {
  const headText = JSON.stringify({ ...head, connections: [] }, null, 2);
  const cut = headText.lastIndexOf('"connections": []');
  await write(headText.slice(0, cut) + '"connections": [');
  let first = true;
  for (const c of connections) {
    // nested as it sits in the report, so JSON.stringify indents it: a regular expression
    // re-indenting each report's text was a quarter of the json format's encoding time
    const nested = JSON.stringify({ c: [c] }, null, 2);
    await write(`${first ? '' : ','}\n    ${nested.slice(NESTED_PREFIX.length, -NESTED_SUFFIX.length)}`);
    first = false;
  }
  await write(first ? ']\n}\n' : '\n  ]\n}\n');
}

async function writeText(head: ReportHead, rows: () => Iterable<AnyTableRow>, write: (s: string) => Promise<void>): Promise<void> {
  await write(formatTextHead(head));
  // column widths need every row: a first pass measures, a second writes
  const widths = new ColumnWidths();
  for (const c of rows()) widths.add(formatConnectionRow(c));
  await write(tableLine(TABLE_HEADER, widths) + '\n');
  for (const c of rows()) await write(tableLine(formatConnectionRow(c), widths) + '\n');
  await write(formatTextTail(head));
}

/**
 * The text format of a one-pass analysis whose rows were parked as text (ParkedTable): the
 * rows still in memory are measured, then every line is printed in one pass.
 */
export async function writeParkedTable(
  head: ReportHead,
  table: ParkedTable,
  rows: { liveTableRows(): Iterable<AnyTableRow>; tableRowTexts(): Iterable<string> },
  write = writeOut,
): Promise<void> {
  const out = new BatchedWriter(write);
  for (const row of rows.liveTableRows()) table.measure(row);
  await out.write(formatTextHead(head));
  await out.write(tableLine(TABLE_HEADER, table.widths) + '\n');
  for (const text of rows.tableRowTexts()) await out.write(table.line(text) + '\n');
  await out.write(formatTextTail(head));
  await out.flush();
}

/** Reports given as a one-pass iterable, made readable twice (they are in memory already). */
function readTwice<T>(items: Iterable<T>): () => Iterable<T> {
  const list = Array.isArray(items) ? (items as T[]) : [...items];
  return () => list;
}
