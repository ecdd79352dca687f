/** Messages between the analysis service (main side) and its worker thread. */
import type { AnalysisProgress, AnalysisSummary, ApiErrorInfo, ApiResult, CaptureErrorInfo, ConnectionQuery, ExportRequest, LiveCaptureStatus, StartCaptureRequest } from '../../contract/api';

/** A live capture instead of a file: the worker runs the capture helper and feeds the engine from it. */
export interface LiveStart extends StartCaptureRequest {
  captureDir: string;
}

/** workerData */
export interface WorkerStart {
  path: string;
  /** for uploads: the user's file name, shown in messages instead of the temp path */
  displayName?: string;
  keylogPath?: string;
  /** CA files trusted besides Node's bundled roots */
  trustedCaPaths?: string[];
  /** live capture ('path' is then '' until the capture file exists) */
  live?: LiveStart;
}

export type WorkerRequest =
  | { op: 'list'; query: Omit<ConnectionQuery, 'analysisId'> }
  | { op: 'details'; connectionId: number }
  | { op: 'bytes'; frame: number }
  | { op: 'summary' }
  /** with a path the worker writes the file; without, it answers with the content */
  | ({ op: 'export'; path?: string } & Omit<ExportRequest, 'analysisId'>)
  /** live: stop capturing; answers the final status */
  | { op: 'stop-capture' }
  /** live: the pcapng's path and how many bytes of it are whole blocks on disk now */
  | { op: 'capture-file' };

export type ToWorker = { type: 'request'; id: number; request: WorkerRequest } | { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; progress: AnalysisProgress }
  | { type: 'finished'; summary: AnalysisSummary }
  | { type: 'failed'; error: ApiErrorInfo }
  | { type: 'reply'; id: number; result: ApiResult<unknown> }
  /** live: the device is open (first message), or it could not be */
  | { type: 'live-started'; status: LiveCaptureStatus }
  | { type: 'live-failed'; error: CaptureErrorInfo }
  /** live: status with each progress tick, and once more when stopped (before 'finished') */
  | { type: 'live'; status: LiveCaptureStatus };
