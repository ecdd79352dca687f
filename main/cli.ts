#!/usr/bin/env node
/**
 * Headless TLS Lens: `tlslens analyze FILE [--format json|ndjson|text] [--keylog FILE]`.
 * Must never import electron: it runs on plain Node.
 */
import { existsSync } from 'node:fs';
import { analyzeCapture } from './engine/index';
import { parseArgs } from './cli/args';
import { formatText } from './cli/format-text';
import type { AnalysisReport } from './engine/model/report';

const USAGE = `Usage:
  tlslens analyze FILE [--format json|ndjson|text] [--keylog FILE]
  tlslens --help

Formats: json (one object: file, stats, anomalies, connections), ndjson (one line per
record: a "file" line, one "connection" line each, a "stats" line), text (a table).
Exit code: 0 when anything could be read (even from a damaged file, with anomalies),
1 when nothing could be read, 2 for usage errors.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === 'analyze') return analyzeCommand(rest);
  process.stderr.write(`tlslens: unknown command "${command}"\n${USAGE}\n`);
  return 2;
}

async function analyzeCommand(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv);
  const file = positional[0];
  const format = typeof options.format === 'string' ? options.format : 'json';
  if (!file || positional.length > 1) {
    process.stderr.write(`tlslens analyze: expected exactly one capture file\n${USAGE}\n`);
    return 2;
  }
  if (!['json', 'ndjson', 'text'].includes(format)) {
    process.stderr.write(`tlslens analyze: unknown format "${format}" (json, ndjson or text)\n`);
    return 2;
  }
  const keylog = typeof options.keylog === 'string' ? options.keylog : undefined;
  if (keylog && !existsSync(keylog)) {
    process.stderr.write(`tlslens analyze: key log file ${keylog} does not exist\n`);
    return 2;
  }
  let report: AnalysisReport;
  try {
    ({ report } = await analyzeCapture(file, { keylogPath: keylog }));
  } catch (err) {
    process.stderr.write(`tlslens analyze: cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  for (const a of report.anomalies) {
    if (a.severity === 'error') process.stderr.write(`tlslens: ${a.message}\n`);
  }
  if (format === 'text') await write(formatText(report));
  else if (format === 'ndjson') await writeNdjson(report);
  else await writeJson(report);
  return report.stats.frames === 0 && !report.complete ? 1 : 0;
}

/** One line per record, written as it goes: a capture with 100,000 connections never becomes one string. */
async function writeNdjson(report: AnalysisReport): Promise<void> {
  const { connections, ...head } = report;
  await write(JSON.stringify({ type: 'file', schema: head.schema, file: head.file, complete: head.complete }) + '\n');
  for (const c of connections) await write(JSON.stringify({ type: 'connection', ...c }) + '\n');
  await write(JSON.stringify({ type: 'stats', stats: head.stats, anomalies: head.anomalies, complete: head.complete }) + '\n');
}

/** The same object JSON.stringify(report, null, 2) gives, written connection by connection. */
async function writeJson(report: AnalysisReport): Promise<void> {
  const { connections, ...head } = report;
  const headText = JSON.stringify({ ...head, connections: [] }, null, 2);
  const cut = headText.lastIndexOf('"connections": []');
  await write(headText.slice(0, cut) + '"connections": [');
  for (let i = 0; i < connections.length; i++) {
    const text = JSON.stringify(connections[i], null, 2).replace(/\n/g, '\n    ');
    await write(`${i === 0 ? '' : ','}\n    ${text}`);
  }
  await write(connections.length > 0 ? '\n  ]\n}\n' : ']\n}\n');
}

function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    // large outputs through a pipe: wait for the drain before exiting
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

const invokedDirectly = process.argv[1] && /cli\.(js|ts|mjs)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`tlslens: internal error: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 70;
    },
  );
}
