/**
 * One capture analysed inside the worker thread: the engine session, the
 * connection index and the frame index live here; the service asks for pages,
 * details and bytes on demand. Independent of worker_threads (messages go
 * through `post`), so it can be exercised in-process too.
 */
import { AnalysisSession, readBytesAt } from '../engine/index';
import { CaptureError } from '../capture/protocol/capture-error';
import { captureErrorInfo } from '../../contract/capture/capture-messages';
import { LiveCapture } from '../capture/client/capture-source';
import { liveStatus } from './live-status';
import type { CaptureFrame } from '../engine/types';
import { basename } from 'node:path';
import { MAX_PAGE_SIZE, type AnalysisProgress, type AnalysisSummary, type ApiResult, type ConnectionDetails, type ConnectionReportView, type ExportResult, type FrameBytes } from '../../contract/api';
import { summarizeRows } from './capture-summary';
import { stringSink, writeExport, writeExportToFile, type ExportSource } from './connection-export';
import { ApiError, toErrorInfo } from '../app/services/api-error';
import { ConnectionIndex } from './connection-index';
import { FrameIndex } from './frame-index';
import type { FromWorker, LiveStart, WorkerRequest, WorkerStart } from './worker-protocol';

/** rows and progress reach the UI at most this often (~4/s): enough to watch, cheap to draw */
export const PROGRESS_INTERVAL_MS = 250;
/**
 * Row upkeep per tick while reading (~15% of the time at most). A row costs
 * ~0.2 ms (its TLS summary), so a capture that finds connections faster than
 * that shows them a little behind and catches up when reading ends.
 */
const ROW_BUDGET_MS = 40;
/** events per connection stay below 20,000, frames below this: one number holds both */
const EVENTS_WEIGHT = 2 ** 26;
const MAX_LISTED_ERRORS = 50;

export class WorkerAnalysis {
  private readonly session: AnalysisSession;
  private readonly frames = new FrameIndex();
  private readonly index: ConnectionIndex;
  private readonly abort = new AbortController();
  private bytesRead = 0;
  private totalBytes = 0;
  private lastPosted = '';
  /** known once reading ended: what an export's JSON head reports */
  private format: AnalysisSummary['format'] = null;
  private outcome = { complete: false, cancelled: false };
  /** the capture file: start.path, or for a live capture the pcapng it writes */
  private path: string;
  private live: LiveCapture | null = null;

  constructor(
    private readonly start: WorkerStart,
    private readonly post: (message: FromWorker) => void,
  ) {
    this.path = start.path;
    this.session = new AnalysisSession({ keylogPath: start.keylogPath, trustedCaPaths: start.trustedCaPaths });
    const analyzer = this.session.analyzer;
    const analyzeFrame = analyzer.frame.bind(analyzer);
    // the reader hands every frame to the analyzer: note where its bytes are on the way
    analyzer.frame = (f: CaptureFrame) => {
      this.frames.record(f.frame, f.fileOffset, f.capturedLength);
      analyzeFrame(f);
    };
    const connections = analyzer.connections;
    this.index = new ConnectionIndex({
      count: () => connections.length,
      version: (i) => connections[i].counters.c2s.frames + connections[i].counters.s2c.frames + connections[i].events.length * EVENTS_WEIGHT,
      report: (i) => this.report(i),
    });
  }

  async run(): Promise<void> {
    if (this.start.live) return this.runLive(this.start.live);
    const timer = setInterval(() => this.tick(), PROGRESS_INTERVAL_MS);
    let read;
    try {
      read = await this.session.readFile(this.start.path, {
        signal: this.abort.signal,
        onProgress: (p) => {
          this.bytesRead = p.bytesRead;
          this.totalBytes = p.totalBytes;
        },
      });
    } catch (err) {
      clearInterval(timer);
      const code = (err as NodeJS.ErrnoException).code;
      this.post({ type: 'failed', error: { code: 'unreadable', message: this.shownPath(`${this.start.path}: cannot be read (${code ?? (err as Error).message})`) } });
      return;
    }
    clearInterval(timer);
    this.bytesRead = read.bytesRead;
    this.totalBytes = read.totalBytes;
    this.finish(read.format, !read.halted && !read.cancelled && read.bytesRead === read.totalBytes, read.cancelled);
  }

  /**
   * A live capture: the helper's frames go to the pcapng and into this very
   * session (so the index, details, bytes and exports work as for a file),
   * with the capture's status posted on every tick.
   */
  private async runLive(live: LiveStart): Promise<void> {
    let capture: LiveCapture;
    try {
      capture = await LiveCapture.start({
        interface: live.interface,
        filter: live.filter,
        snapLength: live.snapLength,
        promiscuous: live.promiscuous,
        captureDir: live.captureDir,
        session: this.session,
      });
    } catch (err) {
      const error = err instanceof CaptureError ? err.toInfo() : captureErrorInfo('capture.unavailable', { reason: (err as Error).message });
      this.post({ type: 'live-failed', error });
      return;
    }
    this.live = capture;
    this.path = capture.path;
    this.format = 'pcapng';
    this.post({ type: 'live-started', status: liveStatus(capture) });
    const timer = setInterval(() => {
      this.bytesRead = capture.stats().fileBytes;
      this.tick();
      this.post({ type: 'live', status: liveStatus(capture) });
    }, PROGRESS_INTERVAL_MS);
    const result = await capture.done;
    clearInterval(timer);
    this.bytesRead = this.totalBytes = result.stats.fileBytes;
    this.post({ type: 'live', status: liveStatus(capture) });
    this.finish('pcapng', result.error === null, false);
  }

  private finish(format: AnalysisSummary['format'], complete: boolean, cancelled: boolean): void {
    this.format = format;
    this.outcome = { complete, cancelled };
    // rows still behind, and those finish() changed (a trailing gap is a new event)
    this.index.refresh();
    const stats = this.session.analyzer.stats;
    const summary: AnalysisSummary = {
      ...this.progress(),
      format,
      complete,
      cancelled,
      errors: this.session.analyzer.anomalies
        .filter((a) => a.severity === 'error')
        .slice(0, MAX_LISTED_ERRORS)
        .map((a) => this.shownAnomaly(a)),
      anomalyCounts: { ...stats.anomalies },
    };
    this.post({ type: 'finished', summary });
  }

  /** An upload's temp path means nothing to the user: name their file instead. */
  private shownPath(message: string): string {
    return this.start.displayName ? message.split(this.start.path).join(this.start.displayName) : message;
  }

  private shownAnomaly<A extends { message: string }>(anomaly: A): A {
    return { ...anomaly, message: this.shownPath(anomaly.message) };
  }

  /** Files: stop reading. Live: stop capturing (the file and the analysis are completed). */
  cancel(): void {
    if (this.live) void this.live.stop();
    else this.abort.abort();
  }

  async handle(request: WorkerRequest): Promise<ApiResult<unknown>> {
    try {
      return { ok: true, value: await this.answer(request) };
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
  }

  private async answer(request: WorkerRequest): Promise<unknown> {
    switch (request.op) {
      case 'list':
        return this.index.query({ ...request.query, limit: Math.min(request.query.limit, MAX_PAGE_SIZE) });
      case 'details':
        return this.details(request.connectionId);
      case 'bytes':
        return this.bytes(request.frame);
      case 'summary':
        return { revision: this.index.revision, ...summarizeRows(this.index.allRows()) };
      case 'export':
        return this.export(request);
      case 'stop-capture': {
        const live = this.liveCapture();
        await live.stop();
        return liveStatus(live);
      }
      case 'capture-file': {
        const live = this.liveCapture();
        return { path: live.path, bytes: live.running ? await live.flushedLength() : live.stats().fileBytes };
      }
    }
  }

  private liveCapture(): LiveCapture {
    if (!this.live) throw new ApiError('unsupported', 'this capture was opened from a file, not captured live');
    return this.live;
  }

  /** The listed connections (filter and order as in the flow list) as CSV or the CLI's JSON. */
  private async export(request: Extract<WorkerRequest, { op: 'export' }>): Promise<ExportResult> {
    this.index.refresh();
    const ids = this.index.orderedRowIds(request.filter, request.sort);
    const connections = this.session.analyzer.connections;
    const shownName = this.start.displayName ?? basename(this.path);
    const source: ExportSource = {
      ids,
      row: (id) => this.index.row(id)!,
      report: (id) => this.session.connectionReport(connections[id]),
      // unfiltered, the export is the CLI's document: its QUIC and DTLS connections come last
      udpReports: request.filter.trim() === '' ? () => this.session.udpConnectionReports() : undefined,
      // an upload's temp path means nothing outside this machine: the user's file name stands in (in the anomalies' messages too)
      head: () => {
        const head = this.session.reportHead({ path: this.start.displayName ?? this.path, name: shownName, size: this.totalBytes, format: this.format }, this.outcome);
        return { ...head, anomalies: head.anomalies.map((a) => this.shownAnomaly(a)) };
      },
    };
    if (request.path) {
      const bytes = await writeExportToFile(request.path, request.format, source);
      return { kind: 'saved', path: request.path, count: ids.length, bytes };
    }
    const sink = stringSink();
    await writeExport(request.format, source, sink.write);
    const stem = shownName.replace(/\.(pcapng|pcap|cap)$/i, '');
    return {
      kind: 'content',
      fileName: `${stem}-connections.${request.format}`,
      mimeType: request.format === 'csv' ? 'text/csv' : 'application/json',
      content: sink.text(),
      count: ids.length,
    };
  }

  private details(connectionId: number): Omit<ConnectionDetails, 'analysisId'> {
    const connections = this.session.analyzer.connections;
    if (!Number.isInteger(connectionId) || connectionId < 0 || connectionId >= connections.length) {
      throw new ApiError('unknown-connection', `no connection ${connectionId} in this capture`);
    }
    const connection = this.report(connectionId);
    // the row may be a tick or more old while reading
    this.index.refreshRow(connectionId);
    return { row: this.index.row(connectionId)!, connection };
  }

  private async bytes(frame: number): Promise<Omit<FrameBytes, 'analysisId'>> {
    const at = this.frames.lookup(frame);
    if (!at) throw new ApiError('unknown-frame', `no frame ${frame} in this capture`);
    // a live capture's newest blocks may still be in the writer's buffer
    if (this.live?.running) await this.live.flushedLength();
    const data = await readBytesAt(this.path, at.fileOffset, at.length);
    return { frame, fileOffset: at.fileOffset, length: at.length, base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  }

  private report(i: number): ConnectionReportView {
    return this.session.connectionReport(this.session.analyzer.connections[i]) as ConnectionReportView;
  }

  private tick(): void {
    this.index.refresh(ROW_BUDGET_MS);
    const progress = this.progress();
    const key = `${progress.revision}/${progress.frames}/${progress.bytesRead}`;
    if (key === this.lastPosted) return;
    this.lastPosted = key;
    this.post({ type: 'progress', progress });
  }

  private progress(): AnalysisProgress {
    const stats = this.session.analyzer.stats;
    const total = this.totalBytes;
    return {
      bytesRead: this.bytesRead,
      totalBytes: total,
      percent: total > 0 ? Math.min(100, Math.round((this.bytesRead / total) * 1000) / 10) : 0,
      frames: stats.frames,
      connections: this.index.size,
      tlsConnections: this.index.tlsConnections,
      anomalies: Object.values(stats.anomalies).reduce((a, b) => a + b, 0),
      revision: this.index.revision,
    };
  }
}
