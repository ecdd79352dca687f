/**
 * The engine's façade: what the CLI, the analysis worker and tests call.
 * Pure TypeScript on Node; no Electron.
 */
import { analyzeFile, type AnalyzeFileOptions } from './model/analyze-file';
import type { AnalysisReport } from './model/report';
import type { Analyzer } from './model/analyzer';

export type { AnalysisReport, ConnectionReport } from './model/report';

export interface AnalyzeCaptureOptions extends Omit<AnalyzeFileOptions, 'createConsumer' | 'summarizeTls'> {
  /** NSS key log file (SSLKEYLOGFILE format), kept for decryption */
  keylogPath?: string;
}

export async function analyzeCapture(path: string, options: AnalyzeCaptureOptions = {}): Promise<{ report: AnalysisReport; analyzer: Analyzer }> {
  return analyzeFile(path, options);
}
