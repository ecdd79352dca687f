/**
 * The open capture: one analysis worker at a time, its progress as events,
 * and queries forwarded to the worker (which holds the index). Shared by
 * Electron IPC and browser mode; no Electron import.
 */
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import type {
  AnalysisEvent,
  AnalysisProgress,
  AnalysisState,
  AnalysisSummary,
  ApiErrorInfo,
  CaptureSummary,
  CaptureFileInfo,
  CaptureSource,
  ConnectionDetails,
  ConnectionPage,
  ConnectionQuery,
  ExportRequest,
  ExportResult,
  FrameBytes,
  LiveCaptureStatus,
  OpenedCapture,
  StartCaptureRequest,
  Unsubscribe,
} from '../../../contract/api';
import { captureErrorInfo } from '../../../contract/capture/capture-messages';
import type { FromWorker, ToWorker, WorkerRequest, WorkerStart } from '../../worker/worker-protocol';
import { ApiError } from './api-error';
import { checkCaptureFile } from './capture-check';

export interface AnalysisServiceOptions {
  /** out/main/analysis-worker.js */
  workerPath: string;
}

export interface OpenOptions {
  source: CaptureSource;
  /** shown instead of the path's base name (uploads keep the page's file name) */
  displayName?: string;
  /** run when this analysis is closed or replaced (uploads remove their temp file) */
  cleanup?: () => void;
  /** key log (SSLKEYLOGFILE) to decrypt with: a sample's NAME.keys */
  keylogPath?: string;
  /** CA files to trust besides the bundled roots: a sample's lab CA */
  trustedCaPaths?: string[];
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Current {
  id: string;
  file: CaptureFileInfo;
  /** null when the file failed before a worker started */
  worker: Worker | null;
  status: 'reading' | 'finished' | 'failed';
  progress: AnalysisProgress;
  summary: AnalysisSummary | null;
  error: ApiErrorInfo | null;
  pending: Map<number, Pending>;
  nextRequestId: number;
  cleanup?: () => void;
  /** live captures: the latest status */
  live: LiveCaptureStatus | null;
}

const EMPTY_PROGRESS: AnalysisProgress = { bytesRead: 0, totalBytes: 0, percent: 0, frames: 0, connections: 0, tlsConnections: 0, anomalies: 0, revision: 0 };

export class AnalysisService {
  private current: Current | null = null;
  private readonly listeners = new Set<(event: AnalysisEvent) => void>();
  private analysisCounter = 0;

  constructor(private readonly options: AnalysisServiceOptions) {}

  subscribe(listener: (event: AnalysisEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Checks the file is a capture, then starts reading it in a fresh worker (replacing any open one). */
  async open(path: string, options: OpenOptions): Promise<OpenedCapture> {
    const id = `a${++this.analysisCounter}-${Date.now().toString(36)}`;
    const file: CaptureFileInfo = {
      name: options.displayName ?? basename(path),
      path: options.source === 'upload' ? null : path,
      size: 0,
      source: options.source,
    };
    let checked;
    try {
      checked = await checkCaptureFile(path);
    } catch (err) {
      options.cleanup?.();
      if (!(err instanceof ApiError)) throw err;
      // an upload's temp path means nothing to the user: name the file they chose
      const shown = options.source === 'upload' ? new ApiError(err.code, err.message.split(path).join(file.name)) : err;
      this.showFailure(id, file, shown);
      throw shown;
    }
    file.size = checked.size;
    this.close();
    const start: WorkerStart = options.source === 'upload' ? { path, displayName: file.name } : { path };
    if (options.keylogPath) start.keylogPath = options.keylogPath;
    if (options.trustedCaPaths?.length) start.trustedCaPaths = options.trustedCaPaths;
    const worker = new Worker(this.options.workerPath, { workerData: start });
    const current: Current = {
      id,
      file,
      worker,
      status: 'reading',
      progress: { ...EMPTY_PROGRESS, totalBytes: checked.size },
      summary: null,
      error: null,
      pending: new Map(),
      nextRequestId: 1,
      cleanup: options.cleanup,
      live: null,
    };
    this.current = current;
    worker.on('message', (message: FromWorker) => this.onWorkerMessage(current, message));
    worker.on('error', (err) => this.onWorkerGone(current, `the analysis stopped unexpectedly: ${err.message}`));
    worker.on('exit', (code) => this.onWorkerGone(current, `the analysis stopped unexpectedly (exit code ${code})`));
    this.emit({ type: 'started', analysisId: id, file });
    return { analysisId: id, file };
  }

  /**
   * A file that could not even start (missing, not a capture) still becomes
   * the current state, so every window shows the same error view for it.
   */
  private showFailure(id: string, file: CaptureFileInfo, err: ApiError): void {
    this.close();
    const error: ApiErrorInfo = { code: err.code, message: err.message, ...(err.path ? { path: err.path } : {}) };
    this.current = { id, file, worker: null, status: 'failed', progress: EMPTY_PROGRESS, summary: null, error, pending: new Map(), nextRequestId: 1, live: null };
    this.emit({ type: 'started', analysisId: id, file });
    this.emit({ type: 'failed', analysisId: id, error });
  }

  /**
   * Starts a live capture in a fresh worker (the engine never runs on this
   * thread). Resolves once the helper opened the device; only then does the
   * capture replace the open one, so a refusal (no rights, bad filter) leaves
   * what was open as it was and rejects with code 'capture-failed'.
   */
  async openLive(request: StartCaptureRequest, captureDir: string): Promise<OpenedCapture> {
    const running = this.current;
    if (running?.live && running.status === 'reading') {
      const info = captureErrorInfo('capture.busy', { captureId: running.id });
      throw new ApiError('capture-failed', info.message, undefined, info);
    }
    const id = `a${++this.analysisCounter}-${Date.now().toString(36)}`;
    const start: WorkerStart = { path: '', live: { ...request, captureDir } };
    const worker = new Worker(this.options.workerPath, { workerData: start });
    let current: Current | null = null;
    const status = await new Promise<LiveCaptureStatus>((resolve, reject) => {
      const refuse = (why: string) => {
        const info = captureErrorInfo('capture.helper-failed', { how: why, stderr: '' });
        reject(new ApiError('capture-failed', info.message, undefined, info));
      };
      worker.on('message', (message: FromWorker) => {
        if (current) return this.onWorkerMessage(current, message);
        if (message.type === 'live-started') resolve(message.status);
        else if (message.type === 'live-failed') {
          reject(new ApiError('capture-failed', message.error.message, undefined, message.error));
          void worker.terminate();
        }
      });
      worker.on('error', (err) => (current ? this.onWorkerGone(current, `the capture stopped unexpectedly: ${err.message}`) : refuse(err.message)));
      worker.on('exit', (code) => (current ? this.onWorkerGone(current, `the capture stopped unexpectedly (exit code ${code})`) : refuse(`exit code ${code}`)));
    });
    const file: CaptureFileInfo = { name: basename(status.path), path: status.path, size: 0, source: 'live' };
    this.close();
    current = {
      id,
      file,
      worker,
      status: 'reading',
      progress: { ...EMPTY_PROGRESS },
      summary: null,
      error: null,
      pending: new Map(),
      nextRequestId: 1,
      live: status,
    };
    this.current = current;
    this.emit({ type: 'started', analysisId: id, file });
    this.emit({ type: 'capture', analysisId: id, capture: status });
    return { analysisId: id, file };
  }

  /** Stops a live capture; the capture stays open (browsable, saveable). */
  async stopCapture(analysisId: string): Promise<LiveCaptureStatus> {
    return (await this.request(analysisId, { op: 'stop-capture' })) as LiveCaptureStatus;
  }

  /** A live capture's pcapng and how much of it is whole blocks (all of it once stopped). */
  async captureFile(analysisId: string): Promise<{ path: string; bytes: number }> {
    return (await this.request(analysisId, { op: 'capture-file' })) as { path: string; bytes: number };
  }

  /** Stops reading; what was read so far stays browsable. */
  cancel(): void {
    const current = this.current;
    if (current?.worker && current.status === 'reading') current.worker.postMessage({ type: 'cancel' } satisfies ToWorker);
  }

  /** Resolves when the worker is gone (a running live capture is stopped first, so its file is complete). */
  close(): Promise<void> {
    const current = this.current;
    if (!current) return Promise.resolve();
    this.current = null;
    for (const p of current.pending.values()) p.reject(new ApiError('stale-analysis', 'the capture was closed'));
    current.pending.clear();
    const gone = current.worker ? endWorker(current.worker, current.live?.state === 'running') : Promise.resolve();
    try {
      current.cleanup?.();
    } finally {
      this.emit({ type: 'closed', analysisId: current.id });
    }
    return gone;
  }

  state(): AnalysisState {
    const c = this.current;
    if (!c) return { status: 'idle' };
    return { status: c.status, analysisId: c.id, file: c.file, progress: c.progress, summary: c.summary, error: c.error, capture: c.live };
  }

  async listConnections(query: ConnectionQuery): Promise<ConnectionPage> {
    const { analysisId, ...rest } = query;
    const page = (await this.request(analysisId, { op: 'list', query: rest })) as Omit<ConnectionPage, 'analysisId'>;
    return { analysisId, ...page };
  }

  async connectionDetails(analysisId: string, connectionId: number): Promise<ConnectionDetails> {
    const details = (await this.request(analysisId, { op: 'details', connectionId })) as Omit<ConnectionDetails, 'analysisId'>;
    return { analysisId, ...details };
  }

  async frameBytes(analysisId: string, frame: number): Promise<FrameBytes> {
    const bytes = (await this.request(analysisId, { op: 'bytes', frame })) as Omit<FrameBytes, 'analysisId'>;
    return { analysisId, ...bytes };
  }

  async captureSummary(analysisId: string): Promise<CaptureSummary> {
    const summary = (await this.request(analysisId, { op: 'summary' })) as Omit<CaptureSummary, 'analysisId'>;
    return { analysisId, ...summary };
  }

  /** With a path the worker writes the file there; without, the content comes back (browser mode downloads it). */
  async exportConnections(request: ExportRequest, path?: string): Promise<ExportResult> {
    const { analysisId, ...rest } = request;
    return (await this.request(analysisId, { op: 'export', ...rest, ...(path ? { path } : {}) })) as ExportResult;
  }

  dispose(): Promise<void> {
    const gone = this.close();
    this.listeners.clear();
    return gone;
  }

  private request(analysisId: string, request: WorkerRequest): Promise<unknown> {
    const current = this.current;
    if (!current) return Promise.reject(new ApiError('no-analysis', 'no capture is open'));
    if (current.id !== analysisId) return Promise.reject(new ApiError('stale-analysis', `analysis ${analysisId} is no longer open`));
    if (current.status === 'failed') return Promise.reject(new ApiError('analysis-crashed', current.error?.message ?? 'the analysis failed'));
    const worker = current.worker;
    if (!worker) return Promise.reject(new ApiError('no-analysis', 'no capture is open'));
    const id = current.nextRequestId++;
    return new Promise((resolve, reject) => {
      current.pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'request', id, request } satisfies ToWorker);
    });
  }

  private onWorkerMessage(current: Current, message: FromWorker): void {
    if (this.current !== current) return;
    switch (message.type) {
      case 'progress':
        current.progress = message.progress;
        this.emit({ type: 'progress', analysisId: current.id, progress: message.progress });
        return;
      case 'finished':
        current.status = 'finished';
        current.progress = message.summary;
        current.summary = message.summary;
        this.emit({ type: 'finished', analysisId: current.id, summary: message.summary });
        return;
      case 'failed':
        current.status = 'failed';
        current.error = message.error;
        this.emit({ type: 'failed', analysisId: current.id, error: message.error });
        return;
      case 'live':
        current.live = message.status;
        if (message.status.state === 'stopped') current.file = { ...current.file, size: message.status.fileBytes };
        this.emit({ type: 'capture', analysisId: current.id, capture: message.status });
        return;
      case 'live-started':
      case 'live-failed':
        return;
      case 'reply': {
        const pending = current.pending.get(message.id);
        if (!pending) return;
        current.pending.delete(message.id);
        if (message.result.ok) pending.resolve(message.result.value);
        else pending.reject(new ApiError(message.result.error.code, message.result.error.message, message.result.error.path));
        return;
      }
    }
  }

  private onWorkerGone(current: Current, why: string): void {
    if (this.current !== current || current.status === 'failed') return;
    const error: ApiErrorInfo = { code: 'analysis-crashed', message: `${current.file.name}: ${why}` };
    current.status = 'failed';
    current.error = error;
    for (const p of current.pending.values()) p.reject(new ApiError(error.code, error.message));
    current.pending.clear();
    this.emit({ type: 'failed', analysisId: current.id, error });
  }

  private emit(event: AnalysisEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // one broken listener (a closed window) must not stop the others
      }
    }
  }
}

/** How long a live capture's worker gets to stop the helper and close its file before it is ended. */
const STOP_GRACE_MS = 8000;

/** Ends a worker; one running a live capture is first asked to stop, so the pcapng is complete. */
function endWorker(worker: Worker, liveRunning: boolean): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  if (!liveRunning) {
    void worker.terminate();
    return exited;
  }
  const kill = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
  worker.on('message', (message: FromWorker) => {
    if (message.type === 'finished' || message.type === 'failed') void worker.terminate();
  });
  worker.postMessage({ type: 'cancel' } satisfies ToWorker);
  return exited.finally(() => clearTimeout(kill));
}
