/**
 * The engine's façade: what the CLI, the analysis worker and tests call.
 * Pure TypeScript on Node; no Electron.
 */
import { basename } from 'node:path';
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

  constructor(readonly options: SessionOptions = {}) {
    this.analyzer = new Analyzer({
      onConnection: options.onConnection,
      createConsumer: () => new TlsConnectionAnalyzer({ onAnomaly: (a) => this.analyzer.anomaly(a) }),
    });
  }

  /** TLS summary of a connection, or null when it carries no TLS. */
  tlsSummary(connection: TcpConnection): TlsSummary | null {
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
    return buildReportHead(this.analyzer, file, read, (c) => (c.consumer as TlsConnectionAnalyzer | null)?.detected ?? false);
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
