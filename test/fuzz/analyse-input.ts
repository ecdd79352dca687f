/**
 * One fuzz input through the engine, in-process, as the CLI runs it: the json and ndjson
 * formats from one analysis (their writer, into memory), the text format from the table-only
 * analysis. Then the checks every input must pass.
 */
import { analyzeCaptureStreaming, DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_RETIRE_AFTER_SECONDS, type AnalysisReport, type AnyConnectionReport, type ConnectionReport } from '../../main/engine/index';
import { writeParkedTable, writeReport } from '../../main/report/write-report';
import { ParkedTable } from '../../main/report/format-text';

/** each analysis of a fuzz input must end within this (the inputs are a few KiB to a few hundred) */
export const TIME_BOUND_MS = 5000;

export interface Outcome {
  /** what broke: empty when the input passed every check */
  violations: string[];
  ms: number;
}

async function collect(write: (out: (s: string) => Promise<void>) => Promise<void>): Promise<string> {
  const parts: string[] = [];
  await write(async (s) => void parts.push(s));
  return parts.join('');
}

export async function analyseInput(path: string, keylogPath?: string): Promise<Outcome> {
  const started = performance.now();
  const violations: string[] = [];
  try {
    const options = { keylogPath, retireAfterSeconds: DEFAULT_RETIRE_AFTER_SECONDS, idleTimeoutSeconds: DEFAULT_IDLE_TIMEOUT_SECONDS };
    const full = await analyzeCaptureStreaming(path, options);
    const connections: AnyConnectionReport[] = [...full.connections];
    const json = await collect((w) => writeReport(full.head, connections, 'json', w));
    const ndjson = await collect((w) => writeReport(full.head, connections, 'ndjson', w));
    full.session.dispose();
    const fullMs = performance.now() - started;
    if (fullMs > TIME_BOUND_MS) violations.push(`time: json analysis took ${fullMs.toFixed(0)} ms (bound ${TIME_BOUND_MS})`);
    let report: AnalysisReport | null = null;
    try {
      report = JSON.parse(json) as AnalysisReport;
    } catch (err) {
      violations.push(`json: does not parse (${(err as Error).message})`);
    }
    const lines = ndjson.split('\n').filter((l) => l.length > 0);
    for (const [i, line] of lines.entries()) {
      try {
        JSON.parse(line);
      } catch (err) {
        violations.push(`ndjson: line ${i + 1} does not parse (${(err as Error).message})`);
        break;
      }
    }
    if (lines.length !== connections.length + 2) violations.push(`ndjson: ${lines.length} lines for ${connections.length} connections`);
    const tableStarted = performance.now();
    const table = new ParkedTable();
    const text = await analyzeCaptureStreaming(path, { ...options, tableOnly: true, tableRowText: table.park });
    const textOut = await collect((w) => writeParkedTable(text.head, table, text.session, w));
    text.session.dispose();
    const tableMs = performance.now() - tableStarted;
    if (tableMs > TIME_BOUND_MS) violations.push(`time: text analysis took ${tableMs.toFixed(0)} ms (bound ${TIME_BOUND_MS})`);
    if (report) {
      violations.push(...reportViolations(report));
      const rows = textOut.split('\n').filter((l) => /^\d+\s/.test(l)).length;
      if (rows !== report.connections.length) violations.push(`text: ${rows} table rows for ${report.connections.length} connections`);
      if (text.head.stats.frames !== report.stats.frames) violations.push(`text: ${text.head.stats.frames} frames, json ${report.stats.frames}`);
    }
  } catch (err) {
    violations.push(`throw: ${(err as Error).stack ?? String(err)}`);
  }
  return { violations, ms: performance.now() - started };
}

/** the invariants of a report, whatever the input */
export function reportViolations(r: AnalysisReport): string[] {
  const out: string[] = [];
  const s = r.stats;
  const backwards = (s.anomalies['capture.time-backwards'] ?? 0) > 0;
  const analysed = Object.values(s.linkTypes).reduce((a, n) => a + n, 0);
  if (analysed + s.skippedFrames !== s.frames) out.push(`counts: link types ${analysed} + skipped ${s.skippedFrames} != frames ${s.frames}`);
  const ipFailures = (s.anomalies['ip.truncated'] ?? 0) + (s.anomalies['ip.malformed'] ?? 0) + (s.anomalies['ip.esp'] ?? 0);
  if (s.ipv4 + s.ipv6 + s.nonIp + ipFailures !== analysed) out.push(`counts: ipv4 ${s.ipv4} + ipv6 ${s.ipv6} + non-IP ${s.nonIp} + IP failures ${ipFailures} != ${analysed} frames`);
  if (s.tcp + s.udp + s.otherTransport + s.ipFragments !== s.ipv4 + s.ipv6) out.push(`counts: transports ${s.tcp + s.udp + s.otherTransport + s.ipFragments} != IP packets ${s.ipv4 + s.ipv6}`);
  const anomalyTotal = Object.values(s.anomalies).reduce((a, n) => a + n, 0);
  if (anomalyTotal !== s.anomalyCount) out.push(`counts: anomalies by code ${anomalyTotal} != anomalyCount ${s.anomalyCount}`);
  // QUIC and DTLS reports follow the TCP ones; stats.connections counts the TCP ones
  const all = r.connections as AnyConnectionReport[];
  const tcp = all.filter((c): c is ConnectionReport => c.transport !== 'quic' && c.transport !== 'dtls');
  if (s.connections !== tcp.length) out.push(`counts: stats.connections ${s.connections} != ${tcp.length} TCP connections listed`);
  const tcpFrames = tcp.reduce((n, c) => n + c.frames.c2s + c.frames.s2c, 0);
  if (tcpFrames > s.tcp) out.push(`counts: connections hold ${tcpFrames} frames, ${s.tcp} TCP frames read`);
  if (s.firstTime !== null && s.lastTime !== null && s.lastTime < s.firstTime) out.push('time: lastTime before firstTime');
  const frameNumbers: number[] = [];
  collectFrameNumbers(r.anomalies, frameNumbers);
  for (const c of all) {
    if (c.transport !== 'quic' && c.transport !== 'dtls') continue;
    collectFrameNumbers(c, frameNumbers);
    if (!backwards && negativeDurations(c).length > 0) out.push(`connection ${c.id}: negative ${negativeDurations(c).join(', ')} and no capture.time-backwards anomaly`);
  }
  for (const c of tcp) {
    const where = `connection ${c.id}`;
    for (const dir of ['c2s', 's2c'] as const) {
      if (c.payloadBytes[dir] > c.bytes[dir]) out.push(`${where}: ${dir} payloadBytes ${c.payloadBytes[dir]} > bytes ${c.bytes[dir]}`);
    }
    for (let i = 1; i < c.events.length; i++) {
      if (c.events[i].frame < c.events[i - 1].frame) {
        out.push(`${where}: event ${i} (${c.events[i].kind}, frame ${c.events[i].frame}) after frame ${c.events[i - 1].frame}`);
        break;
      }
    }
    collectFrameNumbers(c, frameNumbers);
    if (!backwards) {
      const negative = negativeDurations(c);
      if (negative.length > 0) out.push(`${where}: negative ${negative.join(', ')} and no capture.time-backwards anomaly`);
    }
  }
  const beyond = frameNumbers.filter((n) => n < 1 || n > s.frames);
  if (beyond.length > 0) out.push(`frames: frame number ${beyond[0]} outside 1..${s.frames} (${beyond.length} such)`);
  return out;
}

const FRAME_KEYS = new Set(['frame', 'firstFrame', 'lastFrame']);

function collectFrameNumbers(value: unknown, out: number[], key = ''): void {
  if (Array.isArray(value)) {
    if (key === 'frames') for (const x of value) if (typeof x === 'number') out.push(x);
    for (const x of value) if (x !== null && typeof x === 'object') collectFrameNumbers(x, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (FRAME_KEYS.has(k) && typeof v === 'number') out.push(v);
    else if (v !== null && typeof v === 'object') collectFrameNumbers(v, out, k);
  }
}

/** duration fields (…Ms) below zero, anywhere in the connection */
function negativeDurations(value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'number' && k.endsWith('Ms') && v < 0) out.push(`${path}${k} ${v}`);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...negativeDurations(v, `${path}${k}.`));
  }
  return out;
}
