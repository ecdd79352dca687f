#!/usr/bin/env node
/**
 * Headless TLS Lens: `tlslens analyze FILE [--format json|ndjson|text] [--keylog FILE] [--rsa-key FILE] [--ca FILE]`,
 * browser mode (`tlslens serve`), and `tlslens FILE` to open the app with a capture.
 * Must never import electron: it runs on plain Node.
 */
import { existsSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { analyzeCaptureStreaming, DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_RETIRE_AFTER_SECONDS } from '../../engine/index';
import { parseArgs } from './args';
import { heapBudget } from './heap-budget';
import { writeParkedTable, writeReport, type ReportFormat } from '../../report/write-report';
import { ParkedTable } from '../../report/format-text';
import { serveCommand } from './serve-command';
import { openDesktop } from './open-desktop';
import { CAPTURE_USAGE, captureCommand, interfacesCommand } from './capture-command';

const USAGE = `Usage:
  tlslens analyze FILE [--format json|ndjson|text] [--keylog FILE] [--rsa-key FILE[,FILE…]] [--ca FILE[,FILE…]] [--idle-timeout S]
                                             --ca: CA certificates (PEM/DER) to trust besides Node's bundled roots
                                             --idle-timeout: a connection silent for S capture seconds is ended
                                             and reported (default ${DEFAULT_IDLE_TIMEOUT_SECONDS}; 0: never, all stay in memory)
  tlslens serve [--port N] [--open] [FILE]   browser mode on 127.0.0.1 (prints the address)
  tlslens FILE                               the desktop app with FILE (browser mode without Electron)
${CAPTURE_USAGE}
  tlslens --help

Formats: json (one object: file, stats, anomalies, connections), ndjson (one line per
record: a "file" line, one "connection" line each, a "stats" line), text (a table).
Exit code: 0 when anything could be read (even from a damaged file, with anomalies),
1 when nothing could be read, 2 for usage errors; a reader that stops early (| head)
ends the command quietly, with 0.`;

let watchingStdout = false;

export async function main(argv: string[]): Promise<number> {
  if (!watchingStdout) {
    watchingStdout = true;
    // `tlslens analyze big.pcap | head`: a closed pipe is the reader's choice, not an error;
    // stop at once and quietly instead of dying on an unhandled 'error' event
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(0);
    });
  }
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 2;
  }
  if (command === 'analyze') return analyzeCommand(rest);
  if (command === 'serve') return serveCommand(rest, USAGE);
  if (command === 'capture') return captureCommand(rest, USAGE);
  if (command === 'interfaces') return interfacesCommand(rest, USAGE);
  if (rest.length === 0 && isFile(command)) return openDesktop(command, USAGE);
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
  const rsaKeyPaths = typeof options['rsa-key'] === 'string' ? options['rsa-key'].split(',').filter(Boolean) : [];
  const missingKey = rsaKeyPaths.find((p) => !existsSync(p));
  if (options['rsa-key'] === true || missingKey) {
    process.stderr.write(options['rsa-key'] === true ? 'tlslens analyze: --rsa-key needs a file\n' : `tlslens analyze: RSA key file ${missingKey} does not exist\n`);
    return 2;
  }
  const trustedCaPaths = typeof options.ca === 'string' ? options.ca.split(',').filter(Boolean) : [];
  const missingCa = trustedCaPaths.find((p) => !existsSync(p));
  if (options.ca === true || missingCa) {
    process.stderr.write(options.ca === true ? 'tlslens analyze: --ca needs a file\n' : `tlslens analyze: CA file ${missingCa} does not exist\n`);
    return 2;
  }
  const idleTimeoutSeconds = options['idle-timeout'] === undefined ? DEFAULT_IDLE_TIMEOUT_SECONDS : Number(options['idle-timeout']);
  if (!Number.isFinite(idleTimeoutSeconds) || idleTimeoutSeconds < 0) {
    process.stderr.write(`tlslens analyze: --idle-timeout needs a number of seconds (0 to keep idle connections to the end)\n`);
    return 2;
  }
  // The analysis keeps a few tens of MB alive but makes hundreds of MB of short-lived report
  // text; V8 lets the heap grow to several times what is alive before collecting. A smaller
  // growth step keeps the peak near what is held (600 MB bench: ~300 → ~210 MB, ~10 % slower).
  // The table writes no report text and keeps less alive: a larger step costs little there
  // (600 MB bench, 4 alternating runs each: 80 % → 6.4 s, 166 MB; 150 % → 5.9 s, 193 MB).
  setFlagsFromString(`--heap-growing-percent=${format === 'text' ? 150 : 80}`);
  let analysis: Awaited<ReturnType<typeof analyzeCaptureStreaming>>;
  const table = format === 'text' ? new ParkedTable() : undefined;
  try {
    // the table keeps little and makes no report text; the JSON formats' garbage is bounded
    const onProgress = format === 'text' ? undefined : heapBudget();
    analysis = await analyzeCaptureStreaming(file, { keylogPath: keylog, rsaKeyPaths, trustedCaPaths, retireAfterSeconds: DEFAULT_RETIRE_AFTER_SECONDS, idleTimeoutSeconds, tableOnly: format === 'text', tableRowText: table?.park, onProgress });
  } catch (err) {
    process.stderr.write(`tlslens analyze: cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  const { head, connections, session } = analysis;
  for (const a of head.anomalies) {
    if (a.severity === 'error') process.stderr.write(`tlslens: ${a.message}\n`);
  }
  try {
    if (table) await writeParkedTable(head, table, session);
    else await writeReport(head, connections, format as ReportFormat, undefined, format === 'ndjson' ? session.connectionReportJson() : undefined);
  } finally {
    session.dispose();
  }
  return head.stats.frames === 0 && !head.complete ? 1 : 0;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
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
