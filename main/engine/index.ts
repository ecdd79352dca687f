/**
 * The engine's façade: what the CLI, the analysis worker and tests call.
 * Pure TypeScript on Node; no Electron.
 */
import { readFileSync, promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import { readCaptureFile, type ReadCaptureOptions, type ReadCaptureResult } from './io/read-file';
import { Analyzer, type AnalyzerOptions, type ForgetReason } from './model/analyzer';
import { buildReportHead, connectionReport, connectionTableRow, type AnalysisReport, type ConnectionReport, type ConnectionTableRow, type ReportHead } from './model/report';
import type { TcpConnection } from './tcp/connection';
import { TlsConnectionAnalyzer } from './tls/connection';
import type { TableTlsFacts, TlsSummary } from './tls/summary-types';
import { KeyStore } from './tls/decrypt/key-store';
import { readTrustedCaFiles } from './tls/trusted-cas';
import type { CaptureSink } from './types';
import { ReportSpool } from './model/report-spool';

export type { AnalysisReport, ConnectionReport, ConnectionTableRow, ReportHead } from './model/report';
export type { TcpConnection } from './tcp/connection';
export { Analyzer } from './model/analyzer';
export { readBytesAt } from './io/read-file';
export type { TlsSummary } from './tls/summary-types';

const FREEZE_OPTIONS = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } };

export interface SessionOptions {
  /** NSS key log file (SSLKEYLOGFILE format): read once, before analysis, to decrypt TLS */
  keylogPath?: string;
  /** server RSA private keys (PEM, PKCS#1 or PKCS#8): RSA key exchange pre-master secrets are decrypted with them */
  rsaKeyPaths?: string[];
  /** CA files (PEM or DER) to trust besides Node's bundled roots: read once, before analysis */
  trustedCaPaths?: string[];
  onConnection?: AnalyzerOptions['onConnection'];
  /**
   * Bounded memory for one-pass readers (the CLI): a connection whose streams ended is
   * reported this many seconds of capture time after its last packet, parked in a spool file
   * and forgotten. connectionReports() still gives every connection, in id order.
   */
  retireAfterSeconds?: number;
  /**
   * With retireAfterSeconds: a connection that has not ended but sent nothing for this many
   * seconds of capture time is ended as the end of the input would end it, reported and
   * forgotten (Zeek's inactivity timeout); later frames of it are counted as tcp.after-report.
   * Undefined or 0: connections that never close stay in memory to the end.
   */
  idleTimeoutSeconds?: number;
  /**
   * Only the table is wanted (the CLI's --format text): retired connections are kept as table
   * rows, read with connectionTableRows(); no TLS summary (certificate validation) is built.
   */
  tableOnly?: boolean;
  /**
   * With tableOnly: the text a retired connection's row is parked as, instead of its JSON
   * (the CLI formats and measures its cells once, as the connection retires); read them back
   * with tableRowTexts(). connectionTableRows() then has no rows to give.
   */
  tableRowText?: (row: ConnectionTableRow) => string;
}

/** Capture seconds after a connection's last packet before the CLI reports and forgets it. */
export const DEFAULT_RETIRE_AFTER_SECONDS = 60;
/**
 * Capture seconds of silence after which the CLI ends and reports a connection that never
 * closed: longer than Zeek's 5-minute TCP inactivity timeout and than the idle timeouts of
 * browsers and servers, so a connection still in use is hardly ever cut.
 */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 600;
/** ... and only if this many frames passed since its last one (one frame with a wild clock must not end them all) */
const IDLE_MIN_FRAMES = 1000;
/**
 * Table rows parked in memory (about 100 characters each) before the spool writes them to its
 * file: ~150,000 rows, ~20 MB, where a report would be ~13 KB and goes to the file at once.
 */
const TABLE_ROW_CHARS_IN_MEMORY = 16 * 1024 * 1024;
/** Ended connections waiting for retirement beyond this are frozen meanwhile (memory guard). */
const MAX_UNFROZEN_WAITING = 512;
/** ... or this many frames after it ended, whatever the clock says */
const RETIRE_AFTER_FRAMES = 20_000;

/**
 * One analysis: an Analyzer wired with the protocol layers, plus the function
 * that turns a connection into its report. File reading and live capture both
 * drive `analyzer` (a CaptureSink).
 */
export class AnalysisSession {
  readonly analyzer: Analyzer;
  /**
   * TLS summaries of connections whose streams ended, deflated JSON (null: no TLS). The live
   * analyzer is then dropped: a capture of 100,000 handshakes keeps ~2 KB each, not a parse tree.
   */
  private readonly frozenTls = new WeakMap<TcpConnection, Buffer | null>();
  /** table only: the TLS facts of connections whose streams ended (their analyzers are dropped) */
  private readonly tableFacts = new WeakMap<TcpConnection, TableTlsFacts | null>();
  /** secrets from the key log file and the capture's Decryption Secrets Blocks */
  readonly keys = new KeyStore();
  /** roots from the user's CA files (options.trustedCaPaths), DER */
  private trustedRoots: Uint8Array[] | undefined;
  /** ended connections whose TLS analyzer still holds records waiting for keys: frozen once it lets go */
  private readonly freezeLater = new Map<TlsConnectionAnalyzer, TcpConnection>();
  /** what file readers drive: the analyzer, plus DSBs into the key store and capture time for late-key waits */
  private readonly sink: CaptureSink;
  /** ended connections waiting for their retirement time, oldest first (from `retireHead`) */
  private retireQueue: Array<{ connection: TcpConnection; frames: number }> = [];
  private retireHead = 0;
  private spool: ReportSpool | null = null;
  private retiredTls = 0;
  private inputEnded = false;
  /** capture time of the last search for idle connections */
  private lastIdleSweep = -Infinity;
  /**
   * With an idle timeout: the connections whose streams have not ended, in id order, which
   * are all a search for idle ones needs to look at (the array of connections also holds
   * every ended one waiting for retirement: ~500 per search on the 600 MB bench, 2 % of it).
   */
  private readonly open = new Set<TcpConnection>();

  constructor(readonly options: SessionOptions = {}) {
    this.analyzer = new Analyzer({
      onConnection: (c) => {
        if (this.idleTimeout > 0) this.open.add(c);
        options.onConnection?.(c);
      },
      keepEvents: !options.tableOnly,
      onStreamsEnded: (c) => {
        this.open.delete(c);
        this.streamsEnded(c);
      },
      afterFrame: (time) => {
        this.keys.tick(time);
        if (this.retireQueue.length > this.retireHead) this.retireDue(time);
        if (this.idleTimeout > 0 && (time - this.lastIdleSweep >= this.idleTimeout / 4 || time < this.lastIdleSweep)) this.retireIdle(time);
      },
      createConsumer: () => {
        const tls: TlsConnectionAnalyzer = new TlsConnectionAnalyzer({
          onAnomaly: (a) => this.analyzer.anomaly(a),
          // no key source at all: connections are analysed exactly as without decryption
          decryption: this.keys.active ? { keys: this.keys } : undefined,
          extraTrustedRoots: this.trustedRoots,
          onHeldReleased: () => this.heldReleased(tls),
          tableFactsOnly: options.tableOnly,
        });
        return tls;
      },
    });
    if (options.keylogPath) this.loadKeyLog(options.keylogPath);
    for (const path of options.rsaKeyPaths ?? []) this.loadRsaKey(path);
    if (options.trustedCaPaths?.length) this.trustedRoots = readTrustedCaFiles(options.trustedCaPaths, (a) => this.analyzer.anomaly(a));
    const analyzer = this.analyzer;
    const keys = this.keys;
    this.sink = {
      // late-bound: callers (the worker) may wrap analyzer.frame
      frame: (f) => analyzer.frame(f),
      interface: (i) => analyzer.interface(i),
      secrets: (s) => {
        analyzer.secrets(s);
        const counts = keys.addDsb(s);
        if (counts && counts.ignored > 0) analyzer.anomaly({ severity: 'info', code: 'tls.keylog-ignored-lines', message: `decryption secrets block at file offset ${s.fileOffset}: ${counts.ignored} of ${counts.lines} lines are not key log lines`, fileOffset: s.fileOffset });
      },
      anomaly: (a) => analyzer.anomaly(a),
    };
  }

  private loadKeyLog(path: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'latin1');
    } catch (err) {
      this.analyzer.anomaly({ severity: 'error', code: 'tls.keylog-unreadable', message: `key log ${path} cannot be read: ${(err as Error).message}` });
      return;
    }
    const counts = this.keys.addKeyLog(text, 'keylog');
    if (counts.ignored > 0) {
      this.analyzer.anomaly({ severity: 'info', code: 'tls.keylog-ignored-lines', message: `key log ${path}: ${counts.ignored} of ${counts.lines} lines are not key log lines (first: line ${counts.firstIgnoredLine})` });
    }
    if (counts.used === 0) this.analyzer.anomaly({ severity: 'warning', code: 'tls.keylog-empty', message: `key log ${path} holds no usable secrets` });
  }

  private loadRsaKey(path: string): void {
    let pem: Buffer;
    try {
      pem = readFileSync(path);
    } catch (err) {
      this.analyzer.anomaly({ severity: 'error', code: 'tls.rsa-key-unreadable', message: `RSA key ${path} cannot be read: ${(err as Error).message}` });
      return;
    }
    const added = this.keys.addRsaKey(pem);
    if ('error' in added) this.analyzer.anomaly({ severity: 'error', code: 'tls.rsa-key-unusable', message: `RSA key ${path}: ${added.error}` });
  }

  private heldReleased(tls: TlsConnectionAnalyzer): void {
    const connection = this.freezeLater.get(tls);
    if (!connection) return;
    this.freezeLater.delete(tls);
    this.streamsEnded(connection);
  }

  private streamsEnded(connection: TcpConnection): void {
    if (this.options.retireAfterSeconds === undefined) return this.freezeTls(connection);
    const tls = connection.consumer as TlsConnectionAnalyzer | null;
    if (tls?.holding) {
      this.freezeLater.set(tls, connection);
      return;
    }
    // a connection retired soon needs no freezing; a long wait would hold many live analyzers
    // (at the end of the input nothing waits any more: the reports are written next). The
    // table's facts cost nothing to keep, and the analyzer kept until retirement would be
    // copied by the collector for nothing.
    if (this.options.tableOnly || (!this.inputEnded && this.retireQueue.length - this.retireHead >= MAX_UNFROZEN_WAITING)) this.freezeTls(connection);
    this.retireQueue.push({ connection, frames: this.analyzer.stats.frames });
  }

  private retireDue(now: number): void {
    const after = this.options.retireAfterSeconds!;
    const frames = this.analyzer.stats.frames;
    let requeued = 0;
    while (this.retireHead < this.retireQueue.length) {
      const entry = this.retireQueue[this.retireHead];
      const c = entry.connection;
      // capture clocks jump (a host's clock set, merged files): frames counted since the end
      // decide as well, and a connection dated after this frame waits at the back of the queue
      const due = now - c.end >= after || frames - entry.frames >= RETIRE_AFTER_FRAMES;
      if (!due) {
        if (c.end <= now || requeued++ >= 8) break;
        this.retireHead++;
        this.retireQueue.push(entry);
        continue;
      }
      this.retireHead++;
      this.retire(c);
    }
    if (this.retireHead > 4096 && this.retireHead * 2 > this.retireQueue.length) {
      this.retireQueue = this.retireQueue.slice(this.retireHead);
      this.retireHead = 0;
    }
  }

  private get idleTimeout(): number {
    return this.options.retireAfterSeconds === undefined ? 0 : (this.options.idleTimeoutSeconds ?? 0);
  }

  /** Ends, reports and forgets the connections silent for the idle timeout (swept now and then, not per frame). */
  private retireIdle(now: number): void {
    // a clock that went back starts the count again rather than ending connections early
    const wentBack = now < this.lastIdleSweep;
    this.lastIdleSweep = now;
    if (wentBack) return;
    const frames = this.analyzer.stats.frames;
    const idle: TcpConnection[] = [];
    for (const c of this.open) {
      if (c.forgotten || c.streamsEnded || now - c.end < this.idleTimeout || frames - c.lastFrame.frame < IDLE_MIN_FRAMES) continue;
      // records still waiting for keys a later DSB may bring: keep the connection
      if ((c.consumer as TlsConnectionAnalyzer | null)?.holding) continue;
      idle.push(c);
    }
    for (const c of idle) {
      this.analyzer.endIdle(c);
      this.retire(c, 'idle');
    }
  }

  private retire(connection: TcpConnection, why: ForgetReason = 'ended'): void {
    const report = this.options.tableOnly
      ? this.connectionTableRow(connection)
      : connectionReport(connection, (c) => {
          const summary = this.finalTlsSummary(c);
          // what the end of the file will say unless a DSB still brings keys (see tlsSummary)
          if (summary && this.keys.secretsAdded === 0) summary.decryption = null;
          return summary;
        });
    if (report.tls) this.retiredTls++;
    const text = this.options.tableOnly && this.options.tableRowText ? this.options.tableRowText(report as ConnectionTableRow) : JSON.stringify(report);
    (this.spool ??= new ReportSpool(this.options.tableOnly ? { memoryChars: TABLE_ROW_CHARS_IN_MEMORY } : {})).add(connection.id, text);
    this.frozenTls.delete(connection);
    this.tableFacts.delete(connection);
    this.open.delete(connection);
    this.analyzer.forget(connection, why);
  }

  private freezeTls(connection: TcpConnection): void {
    const tls = connection.consumer as TlsConnectionAnalyzer | null;
    if (tls?.holding) {
      this.freezeLater.set(tls, connection);
      return;
    }
    if (this.options.tableOnly) {
      this.tableFacts.set(connection, tls?.tableFacts() ?? null);
    } else {
      const summary = this.liveTlsSummary(connection);
      // brotli at quality 1 packs ~3x, twice as fast as deflate; zlib hands back a view of a
      // larger chunk, so copy it to its own small buffer
      this.frozenTls.set(connection, summary ? Buffer.from(brotliCompressSync(JSON.stringify(summary), FREEZE_OPTIONS)) : null);
    }
    connection.releaseConsumer();
  }

  /** Whether TLS was seen on the connection (cheap: no summary is built). */
  hasTls(connection: TcpConnection): boolean {
    if (this.tableFacts.has(connection)) return this.tableFacts.get(connection) !== null;
    if (this.frozenTls.has(connection)) return this.frozenTls.get(connection) !== null;
    return (connection.consumer as TlsConnectionAnalyzer | null)?.detected ?? false;
  }

  /** TLS summary of a connection, or null when it carries no TLS. */
  tlsSummary(connection: TcpConnection): TlsSummary | null {
    const summary = this.finalTlsSummary(connection);
    // summaries frozen while a pcapng might still have brought keys: it brought none
    if (summary && !this.keys.active) summary.decryption = null;
    return summary;
  }

  private finalTlsSummary(connection: TcpConnection): TlsSummary | null {
    if (!this.frozenTls.has(connection)) return this.liveTlsSummary(connection);
    const frozen = this.frozenTls.get(connection);
    if (!frozen) return null;
    const summary = JSON.parse(brotliDecompressSync(frozen).toString('utf8')) as TlsSummary;
    // a RST may follow the end of both streams; the TCP layer's times are the live ones
    summary.timings.rst = (connection.rstFromClient ?? connection.rstFromServer)?.time ?? summary.timings.rst;
    return summary;
  }

  private liveTlsSummary(connection: TcpConnection): TlsSummary | null {
    const tls = connection.consumer as TlsConnectionAnalyzer | null;
    if (!tls) return null;
    return tls.summary({
      finFromClient: connection.finFromClient?.time,
      finFromServer: connection.finFromServer?.time,
      rstTime: (connection.rstFromClient ?? connection.rstFromServer)?.time,
      tcpStart: connection.start,
    });
  }

  /** Report of one connection, as the CLI's JSON has it. */
  connectionReport(connection: TcpConnection): ConnectionReport {
    return connectionReport(connection, (c) => this.tlsSummary(c));
  }

  /**
   * Read a whole file through the analyzer (streamed). A pcapng may carry its keys in DSBs
   * anywhere in the file, so a connection may hold its encrypted records until they come
   * (bounded: decrypt/pending-records.ts); the end of the file releases what is still held.
   */
  async readFile(path: string, options: ReadCaptureOptions = {}): Promise<ReadCaptureResult> {
    if (await isPcapng(path)) this.keys.expectMore();
    try {
      const read = await readCaptureFile(path, this.sink, options);
      this.inputEnded = true;
      this.analyzer.finish();
      return read;
    } finally {
      this.keys.close();
    }
  }

  /** The report without its connections (see connectionReports). */
  reportHead(file: AnalysisReport['file'], read: { complete: boolean; cancelled: boolean }): ReportHead {
    return buildReportHead(this.analyzer, file, read, (c) => this.hasTls(c), this.retiredTls);
  }

  /** Connection reports one at a time, so a writer never holds them all. */
  *connectionReports(): Generator<ConnectionReport> {
    this.assertFullReports();
    for (const item of this.connectionsInIdOrder()) yield typeof item === 'string' ? (JSON.parse(item) as ConnectionReport) : this.connectionReport(item);
  }

  /** The same, JSON-encoded (compact): retired connections come straight from the spool. */
  *connectionReportJson(): Generator<string> {
    this.assertFullReports();
    for (const item of this.connectionsInIdOrder()) yield typeof item === 'string' ? item : JSON.stringify(this.connectionReport(item));
  }

  /**
   * Table rows one at a time (with options.tableOnly, the only way to read the connections).
   * A spooled item is a row or a whole report, which has every column of one. The rows can
   * be read more than once (a table measures its columns first); dispose() ends that.
   */
  *connectionTableRows(): Generator<ConnectionTableRow> {
    if (this.options.tableRowText) throw new Error('this analysis parked its table rows as text (tableRowTexts)');
    for (const item of this.connectionsInIdOrder(false)) yield typeof item === 'string' ? (JSON.parse(item) as ConnectionTableRow) : this.connectionTableRow(item);
  }

  /** The rows of the connections not retired yet (still in memory), in id order: what tableRowTexts() will encode last. */
  *liveTableRows(): Generator<ConnectionTableRow> {
    for (const c of this.analyzer.liveConnections()) yield this.connectionTableRow(c);
  }

  /**
   * With options.tableRowText: every row's text in id order, once (the spool is closed after):
   * retired rows as parked, the others encoded now by the same function.
   */
  *tableRowTexts(): Generator<string> {
    const encode = this.options.tableRowText;
    if (!encode) throw new Error('tableRowTexts needs options.tableRowText');
    for (const item of this.connectionsInIdOrder()) yield typeof item === 'string' ? item : encode(this.connectionTableRow(item));
  }

  private connectionTableRow(connection: TcpConnection): ConnectionTableRow {
    let facts: TableTlsFacts | null;
    if (this.tableFacts.has(connection)) {
      facts = this.tableFacts.get(connection)!;
    } else if (this.frozenTls.has(connection)) {
      // a frozen connection kept its summary, not its analyzer
      const frozen = this.frozenTls.get(connection);
      facts = frozen ? (JSON.parse(brotliDecompressSync(frozen).toString('utf8')) as TableTlsFacts) : null;
    } else {
      facts = (connection.consumer as TlsConnectionAnalyzer | null)?.tableFacts() ?? null;
    }
    return connectionTableRow(connection, facts && { versionName: facts.versionName, sni: facts.sni });
  }

  private assertFullReports(): void {
    // the spool holds table rows, not reports: a caller mixing the two would print half-empty reports
    if (this.options.tableOnly) throw new Error('this analysis kept table rows only (tableOnly)');
  }

  /** Live connections and spooled reports (JSON strings), merged by id; `close`: the spool is closed at the end. */
  private *connectionsInIdOrder(close = true): Generator<TcpConnection | string> {
    const spool = this.spool;
    try {
      const spooled = spool?.ids() ?? [];
      let i = 0;
      for (const c of this.analyzer.liveConnections()) {
        while (i < spooled.length && spooled[i] < c.id) yield spool!.read(spooled[i++]);
        yield c;
      }
      while (i < spooled.length) yield spool!.read(spooled[i++]);
    } finally {
      if (close) {
        spool?.close();
        this.spool = null;
      }
    }
  }

  /** Removes the spool file of an analysis whose reports will not be read. */
  dispose(): void {
    this.spool?.close();
    this.spool = null;
  }

  report(file: AnalysisReport['file'], read: { complete: boolean; cancelled: boolean }): AnalysisReport {
    return { ...this.reportHead(file, read), connections: [...this.connectionReports()] };
  }
}

async function isPcapng(path: string): Promise<boolean> {
  try {
    const fh = await fsp.open(path, 'r');
    try {
      const head = new Uint8Array(4);
      const { bytesRead } = await fh.read(head, 0, 4, 0);
      return bytesRead === 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a;
    } finally {
      await fh.close();
    }
  } catch {
    return false; // readCaptureFile reports why the file cannot be read
  }
}

function fileInfo(path: string, read: ReadCaptureResult): AnalysisReport['file'] {
  return { path, name: basename(path), size: read.totalBytes, format: read.format };
}

function readOutcome(read: ReadCaptureResult): { complete: boolean; cancelled: boolean } {
  return { complete: !read.halted && !read.cancelled && read.bytesRead === read.totalBytes, cancelled: read.cancelled };
}

export interface AnalyzeCaptureOptions extends ReadCaptureOptions, SessionOptions {}

/** Analyse a capture file into a report; throws only when the file cannot be opened. */
export async function analyzeCapture(path: string, options: AnalyzeCaptureOptions = {}): Promise<{ report: AnalysisReport; session: AnalysisSession }> {
  const session = new AnalysisSession(options);
  const read = await session.readFile(path, options);
  return { report: session.report(fileInfo(path, read), readOutcome(read)), session };
}

/** Like analyzeCapture, but the connections come one at a time (the CLI's path for huge captures). */
export async function analyzeCaptureStreaming(path: string, options: AnalyzeCaptureOptions = {}): Promise<{ head: ReportHead; connections: Iterable<ConnectionReport>; session: AnalysisSession }> {
  const session = new AnalysisSession(options);
  const read = await session.readFile(path, options);
  return { head: session.reportHead(fileInfo(path, read), readOutcome(read)), connections: options.tableOnly ? [] : session.connectionReports(), session };
}
