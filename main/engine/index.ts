/**
 * The engine's façade: what the CLI, the analysis worker and tests call.
 * Pure TypeScript on Node; no Electron.
 */
import { basename } from 'node:path';
import { readCaptureFile, type ReadCaptureOptions, type ReadCaptureResult } from './io/read-file';
import { Analyzer, type AnalyzerOptions } from './model/analyzer';
import { buildReport, connectionReport, type AnalysisReport, type ConnectionReport } from './model/report';
import type { TcpConnection } from './tcp/connection';
import { TlsConnectionAnalyzer } from './tls/connection';
import type { TlsSummary } from './tls/summary-types';

export type { AnalysisReport, ConnectionReport } from './model/report';
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

  report(file: AnalysisReport['file'], read: { complete: boolean; cancelled: boolean }): AnalysisReport {
    return buildReport(this.analyzer, file, read, (c) => this.tlsSummary(c));
  }
}

export interface AnalyzeCaptureOptions extends ReadCaptureOptions, SessionOptions {}

/** Analyse a capture file into a report; throws only when the file cannot be opened. */
export async function analyzeCapture(path: string, options: AnalyzeCaptureOptions = {}): Promise<{ report: AnalysisReport; session: AnalysisSession }> {
  const session = new AnalysisSession(options);
  const read = await session.readFile(path, options);
  const report = session.report(
    { path, name: basename(path), size: read.totalBytes, format: read.format },
    { complete: !read.halted && !read.cancelled && read.bytesRead === read.totalBytes, cancelled: read.cancelled },
  );
  return { report, session };
}
