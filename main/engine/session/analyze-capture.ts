/** A capture file analysed in one call: the CLI's, the tests' and the tools' way in. */
import { captureFileInfo } from '../files/capture-file-info';
import type { ReadCaptureOptions, ReadCaptureResult } from '../files/read-capture-file';
import type { AnalysisReport, ReportHead } from '../model/report';
import { AnalysisSession } from './analysis-session';
import type { AnyConnectionReport, SessionOptions } from './session-options';

export interface AnalyzeCaptureOptions extends ReadCaptureOptions, SessionOptions {}

function readOutcome(read: ReadCaptureResult): { complete: boolean; cancelled: boolean } {
  return { complete: !read.halted && !read.cancelled && read.bytesRead === read.totalBytes, cancelled: read.cancelled };
}

/** Analyse a capture file into a report; throws only when the file cannot be opened. */
export async function analyzeCapture(path: string, options: AnalyzeCaptureOptions = {}): Promise<{ report: AnalysisReport; session: AnalysisSession }> {
  const session = new AnalysisSession(options);
  const read = await session.readFile(path, options);
  return { report: session.report(captureFileInfo(path, read), readOutcome(read)), session };
}

/** Like analyzeCapture, but the connections come one at a time (the CLI's path for huge captures). */
export async function analyzeCaptureStreaming(path: string, options: AnalyzeCaptureOptions = {}): Promise<{ head: ReportHead; connections: Iterable<AnyConnectionReport>; session: AnalysisSession }> {
  const session = new AnalysisSession(options);
  const read = await session.readFile(path, options);
  return { head: session.reportHead(captureFileInfo(path, read), readOutcome(read)), connections: options.tableOnly ? [] : session.allConnectionReports(), session };
}
