/**
 * Connections exported as CSV (the flow list's columns) or JSON (the CLI's
 * tlslens.analysis/1 document, written by the CLI's own writer), in the flow
 * list's filter and order, one connection at a time: to a file (Electron's
 * save dialog chose the path) or into a string (browser mode downloads it).
 */
import { createWriteStream } from 'node:fs';
import type { ConnectionReport, ReportHead, UdpConnectionReport } from '../engine/index';
import type { ConnectionRow, ExportFormat } from '../../contract/api';
import { writeReport } from '../report/write-report';
import { ApiError } from '../app/services/api-error';
import { csvHeader, csvLine } from './export-csv';

/** A string download bigger than this would strain the page: the CLI is the tool for those. */
export const MAX_IN_MEMORY_EXPORT = 64 * 1024 * 1024;

export type Write = (text: string) => Promise<void>;

export interface ExportSource {
  ids: number[];
  row(id: number): ConnectionRow;
  report(id: number): ConnectionReport;
  head(): ReportHead;
  /**
   * QUIC and DTLS reports the JSON lists after the others, as the CLI does (the flow list has
   * no rows for them yet, so a CSV export and a filtered one leave them out)
   */
  udpReports?(): Iterable<UdpConnectionReport>;
}

export async function writeExport(format: ExportFormat, source: ExportSource, write: Write): Promise<void> {
  if (format === 'csv') {
    await write(csvHeader());
    for (const id of source.ids) await write(csvLine(source.row(id)));
    return;
  }
  const reports = function* () {
    for (const id of source.ids) yield source.report(id);
    if (source.udpReports) yield* source.udpReports();
  };
  await writeReport(source.head(), reports(), 'json', write);
}

/** Collects the export in memory, refusing to grow past `limit` characters. */
export function stringSink(limit = MAX_IN_MEMORY_EXPORT): { write: Write; text(): string } {
  const parts: string[] = [];
  let size = 0;
  return {
    write: async (text) => {
      size += text.length;
      if (size > limit) throw new ApiError('unsupported', `the export is larger than ${Math.round(limit / 1024 / 1024)} MB: filter the list first, or use the command line (tlslens analyze FILE --format json)`);
      parts.push(text);
    },
    text: () => parts.join(''),
  };
}

/** Streams the export to a file, honouring back-pressure; resolves with the bytes written. */
export async function writeExportToFile(path: string, format: ExportFormat, source: ExportSource): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  let failure: Error | null = null;
  out.on('error', (err) => (failure = err));
  const write: Write = (text) =>
    new Promise((resolve, reject) => {
      if (failure) return reject(new ApiError('internal', `cannot write ${path}: ${(failure as Error).message}`));
      if (out.write(text)) resolve();
      else out.once('drain', () => resolve());
    });
  try {
    await writeExport(format, source, write);
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  if (failure) throw new ApiError('internal', `cannot write ${path}: ${(failure as Error).message}`);
  return out.bytesWritten;
}
