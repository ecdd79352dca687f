import { basename } from 'node:path';
import { readCaptureFile, type ReadCaptureOptions } from '../io/read-file';
import { Analyzer, type AnalyzerOptions } from './analyzer';
import { buildReport, type AnalysisReport, type TlsSummarizer } from './report';

export interface AnalyzeFileOptions extends ReadCaptureOptions, AnalyzerOptions {
  summarizeTls?: TlsSummarizer;
}

/**
 * Analyse a capture file into a report. Never throws for bad content (it
 * becomes anomalies and `complete: false`); throws only when the file cannot
 * be opened.
 */
export async function analyzeFile(path: string, options: AnalyzeFileOptions = {}): Promise<{ report: AnalysisReport; analyzer: Analyzer }> {
  const analyzer = new Analyzer(options);
  const read = await readCaptureFile(path, analyzer, options);
  analyzer.finish();
  const report = buildReport(
    analyzer,
    { path, name: basename(path), size: read.totalBytes, format: read.format },
    { complete: !read.halted && !read.cancelled && read.bytesRead === read.totalBytes, cancelled: read.cancelled },
    options.summarizeTls,
  );
  return { report, analyzer };
}
