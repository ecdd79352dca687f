/** Messages between the analysis service (main side) and its worker thread. */
import type { AnalysisProgress, AnalysisSummary, ApiErrorInfo, ApiResult, ConnectionQuery, ExportRequest } from '../../preload/api';

/** workerData */
export interface WorkerStart {
  path: string;
  /** for uploads: the user's file name, shown in messages instead of the temp path */
  displayName?: string;
  keylogPath?: string;
}

export type WorkerRequest =
  | { op: 'list'; query: Omit<ConnectionQuery, 'analysisId'> }
  | { op: 'details'; connectionId: number }
  | { op: 'bytes'; frame: number }
  | { op: 'summary' }
  /** with a path the worker writes the file; without, it answers with the content */
  | ({ op: 'export'; path?: string } & Omit<ExportRequest, 'analysisId'>);

export type ToWorker = { type: 'request'; id: number; request: WorkerRequest } | { type: 'cancel' };

export type FromWorker =
  | { type: 'progress'; progress: AnalysisProgress }
  | { type: 'finished'; summary: AnalysisSummary }
  | { type: 'failed'; error: ApiErrorInfo }
  | { type: 'reply'; id: number; result: ApiResult<unknown> };
