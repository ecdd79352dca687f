/**
 * `tlslens capture` and `tlslens interfaces`: live capture from the command
 * line through the capture helper. The report at the end has the analyze
 * schema plus a `capture` object (interface, filter, drops); the pcapng path
 * goes to stderr. Ctrl+C stops cleanly and still prints the report.
 */
import { lstatSync } from 'node:fs';
import { CaptureError } from '../../capture/protocol/capture-error';
import { listInterfaces } from '../../capture/client/helper-ops';
import { LiveCapture, type LiveCaptureResult } from '../../capture/client/capture-source';
import type { CaptureInterface } from '../../../contract/capture/interfaces';
import { parseArgs } from './args';
import { ColumnWidths, tableLine } from '../../report/format-text';
import { writeOut, writeReport, type ReportFormat } from '../../report/write-report';

export const CAPTURE_USAGE = `  tlslens capture -i IFACE [-f FILTER] [-w FILE [--force]] [--duration S | --count N] [--snaplen N] [--promisc]
                  [--format json|ndjson|text] [--keylog FILE]
                                             live capture (needs capture rights: see README "Live capture")
  tlslens interfaces [--format json|text]    interfaces to capture on, with addresses and link types`;

const err = (text: string): void => {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
};

function str(options: Record<string, string | true>, ...names: string[]): string | undefined {
  for (const n of names) if (typeof options[n] === 'string') return options[n] as string;
  return undefined;
}

function pathTaken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function positiveNumber(value: string | undefined, name: string, integer: boolean): number | undefined | Error {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) return new Error(`--${name} expects a positive ${integer ? 'whole ' : ''}number, got "${value}"`);
  return n;
}

export async function captureCommand(argv: string[], usage: string): Promise<number> {
  const { positional, options } = parseArgs(argv, new Set(['promisc', 'p', 'force']));
  const iface = str(options, 'i', 'interface');
  const format = (str(options, 'format') ?? 'json') as ReportFormat;
  const duration = positiveNumber(str(options, 'duration', 'a'), 'duration', false);
  const count = positiveNumber(str(options, 'count', 'c'), 'count', true);
  const snaplen = positiveNumber(str(options, 'snaplen', 's'), 'snaplen', true);
  const problems: string[] = [];
  if (!iface) problems.push('expected -i IFACE (tlslens interfaces lists them)');
  if (positional.length > 0) problems.push(`unexpected argument "${positional[0]}"`);
  if (!['json', 'ndjson', 'text'].includes(format)) problems.push(`unknown format "${format}" (json, ndjson or text)`);
  for (const v of [duration, count, snaplen]) if (v instanceof Error) problems.push(v.message);
  if (typeof snaplen === 'number' && snaplen > 65535) problems.push('--snaplen: at most 65535 with the cap binding');
  if (options.i === true || options.f === true || options.w === true) problems.push('-i, -f and -w need a value');
  if (problems.length > 0) {
    err(`tlslens capture: ${problems.join('; ')}\n${usage}`);
    return 2;
  }
  const outputPath = str(options, 'w', 'write');
  // -w never replaces a file by surprise (an earlier capture, or anything else the user owns)
  if (outputPath !== undefined && options.force !== true && pathTaken(outputPath)) {
    err(`tlslens capture: ${outputPath} already exists; add --force to overwrite it`);
    return 1;
  }

  let capture: LiveCapture;
  try {
    capture = await LiveCapture.start({
      interface: iface!,
      filter: str(options, 'f', 'filter'),
      outputPath,
      count: count as number | undefined,
      snapLength: snaplen as number | undefined,
      promiscuous: options.promisc === true || options.p === true ? true : undefined,
      keylogPath: str(options, 'keylog'),
    });
  } catch (e) {
    if (e instanceof CaptureError) {
      err(`tlslens capture: ${e.message}`);
      return 1;
    }
    throw e;
  }

  const info = capture.info;
  err(`Capturing on ${info.interface} (link type ${info.linkType})${info.filter ? `, filter "${info.filter}"` : ''} → ${capture.path}`);
  for (const w of info.warnings) err(`tlslens capture: note: ${w}`);
  err(count || duration ? `Stops after ${[count && `${count} frames`, duration && `${duration} s`].filter(Boolean).join(' or ')}; Ctrl+C stops earlier.` : 'Press Ctrl+C to stop.');

  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) void capture.stop();
    else if (interrupts >= 3) process.exit(130);
    else err('tlslens capture: stopping… (Ctrl+C again to quit without the report)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timer = typeof duration === 'number' ? setTimeout(() => void capture.stop(), duration * 1000) : null;
  const progress = process.stderr.isTTY ? setInterval(() => err(`\x1b[A\x1b[K${statusLine(capture.stats())}`), 1000) : null;
  if (progress) err('');

  let result: LiveCaptureResult;
  try {
    result = await capture.done;
  } finally {
    if (timer) clearTimeout(timer);
    if (progress) clearInterval(progress);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  if (result.error) err(`tlslens capture: ${result.error.message}`);

  const s = result.stats;
  const captureBlock = {
    interface: info.interface,
    filter: info.filter,
    linkType: info.linkType,
    snapLength: info.snapLength,
    promiscuous: info.promiscuous,
    timestampSource: info.timestampSource,
    stoppedBy: result.reason,
    durationMs: s.elapsedMs,
    frames: s.frames,
    bytes: s.bytes,
    drops: s.drops,
    error: result.error,
  };
  const head = { ...capture.reportHead(), capture: captureBlock };
  await writeReport(head, capture.connectionReports(), format, undefined, undefined, () => capture.connectionTableRows());
  if (format === 'ndjson') await writeOut(JSON.stringify({ type: 'capture', capture: captureBlock }) + '\n');
  if (format === 'text') await writeOut(`\nCapture: ${info.interface}${info.filter ? ` "${info.filter}"` : ''}, ${s.frames} frames in ${(s.elapsedMs / 1000).toFixed(1)} s, stopped by ${result.reason}; drops: ${dropText(s.drops)}\n`);
  err(`tlslens capture: ${s.frames} frames (drops: ${dropText(s.drops)}) saved to ${result.path}`);
  return result.error && s.frames === 0 ? 1 : 0;
}

function dropText(d: LiveCaptureResult['stats']['drops']): string {
  return `kernel ${d.kernel ?? 'n/a (cap has no pcap_stats)'}, interface ${d.interface ?? 'n/a'}, app ${d.app}`;
}

function statusLine(s: LiveCaptureResult['stats']): string {
  return `  ${s.frames} frames, ${s.bytes} bytes, ${s.framesPerSecond} frames/s, ${Math.round(s.bytesPerSecond / 1024)} KiB/s, drops: app ${s.drops.app}, interface ${s.drops.interface ?? 'n/a'}`;
}

export async function interfacesCommand(argv: string[], usage: string): Promise<number> {
  const { options } = parseArgs(argv);
  const format = str(options, 'format') ?? 'text';
  if (!['json', 'text'].includes(format)) {
    err(`tlslens interfaces: unknown format "${format}" (json or text)\n${usage}`);
    return 2;
  }
  let list: CaptureInterface[];
  try {
    list = await listInterfaces();
  } catch (e) {
    if (e instanceof CaptureError) {
      err(`tlslens interfaces: ${e.message}`);
      return 1;
    }
    throw e;
  }
  if (format === 'json') {
    await writeOut(JSON.stringify({ interfaces: list }, null, 2) + '\n');
    return 0;
  }
  const header = ['Name', 'Link type', 'Addresses', 'Status'];
  const rows = list.map((i) => [
    i.name + (i.loopback ? ' (loopback)' : ''),
    i.linkTypeName ?? '-',
    i.addresses.map((a) => a.address).join(', ') || (i.description ?? ''),
    i.status === 'ok' ? 'ok' : i.status === 'not-probed' ? 'not a network interface' : `${i.status}${i.error ? ` (${i.error.params.pcapError ?? i.error.code})` : ''}`,
  ]);
  const widths = new ColumnWidths(header);
  for (const row of rows) widths.add(row);
  await writeOut([header, ...rows].map((row) => tableLine(row, widths) + '\n').join(''));
  const denied = list.find((i) => i.status === 'permission-denied');
  if (denied?.error) err(`\n${denied.error.message}`);
  return 0;
}
