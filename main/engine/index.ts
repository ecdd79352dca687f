/**
 * The engine's façade: what the CLI, the analysis worker and tests call.
 * Pure TypeScript on Node; no Electron.
 */
import { basename } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import { readCaptureFile, type ReadCaptureOptions, type ReadCaptureResult } from './io/read-file';
import { Analyzer, type AnalyzerOptions } from './model/analyzer';
import { buildReportHead, connectionReport, type AnalysisReport, type ConnectionReport, type ReportHead } from './model/report';
import type { TcpConnection } from './tcp/connection';
import { TlsConnectionAnalyzer } from './tls/connection';
import type { TlsSummary } from './tls/summary-types';

export type { AnalysisReport, ConnectionReport, ReportHead } from './model/report';
export type { TcpConnection } from './tcp/connection';
export { Analyzer } from './model/analyzer';
export { readBytesAt } from './io/read-file';
export type { TlsSummary } from './tls/summary-types';

const FREEZE_OPTIONS = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } };

export interface SessionOptions {
  /** NSS key log file (SSLKEYLOGFILE format), kept for decryption */
  keylogPath?: string;
  onConnection?: AnalyzerOptions['onConnection'];
}

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

  constructor(readonly options: SessionOptions = {}) {
    this.analyzer = new Analyzer({
      onConnection: options.onConnection,
      onStreamsEnded: (c) => this.freezeTls(c),
      createConsumer: () => new TlsConnectionAnalyzer({ onAnomaly: (a) => this.analyzer.anomaly(a) }),
    });
  }

  private freezeTls(connection: TcpConnection): void {
    const summary = this.liveTlsSummary(connection);
    // brotli at quality 1 packs ~3x, twice as fast as deflate; zlib hands back a view of a
    // larger chunk, so copy it to its own small buffer
    this.frozenTls.set(connection, summary ? Buffer.from(brotliCompressSync(JSON.stringify(summary), FREEZE_OPTIONS)) : null);
    connection.releaseConsumer();
  }

  /** Whether TLS was seen on the connection (cheap: no summary is built). */
  hasTls(connection: TcpConnection): boolean {
    if (this.frozenTls.has(connection)) return this.frozenTls.get(connection) !== null;
    return (connection.consumer as TlsConnectionAnalyzer | null)?.detected ?? false;
  }

  /** TLS summary of a connection, or null when it carries no TLS. */
  tlsSummary(connection: TcpConnection): TlsSummary | null {
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

  /** Read a whole file through the analyzer (streamed). */
  async readFile(path: string, options: ReadCaptureOptions = {}): Promise<ReadCaptureResult> {
    const read = await readCaptureFile(path, this.analyzer, options);
    this.analyzer.finish();
    return read;
  }

  /** The report without its connections (see connectionReports). */
  reportHead(file: AnalysisReport['file'], read: { complete: boolean; cancelled: boolean }): ReportHead {
    return buildReportHead(this.analyzer, file, read, (c) => this.hasTls(c));
  }

  /** Connection reports one at a time, so a writer never holds them all. */
  *connectionReports(): Generator<ConnectionReport> {
    for (const c of this.analyzer.connections) yield this.connectionReport(c);
  }

  report(file: AnalysisReport['file'], read: { complete: boolean; cancelled: boolean }): AnalysisReport {
    return { ...this.reportHead(file, read), connections: [...this.connectionReports()] };
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
  return { head: session.reportHead(fileInfo(path, read), readOutcome(read)), connections: session.connectionReports(), session };
}
