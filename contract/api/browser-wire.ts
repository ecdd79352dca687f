/** Browser mode's wire format: the page talks to `tlslens serve` over one WebSocket. */
import type { OperationName } from './operations';
import type { ApiResult } from './results';
import type { AnalysisEvent } from './types';

/** Text frame, page → server. */
export interface WsRequest {
  id: number;
  op: OperationName;
  arg?: unknown;
}

/** Text frame, server → page: a reply or a pushed event. */
export type WsServerMessage =
  | { id: number; result: ApiResult<unknown> }
  | { event: 'analysis'; payload: AnalysisEvent };

/**
 * Binary frame, page → server, for uploadChunk: a 4-byte big-endian header
 * length, the header as UTF-8 JSON `{ id, op: 'uploadChunk', uploadId, offset }`,
 * then the chunk bytes.
 */
export interface WsChunkHeader {
  id: number;
  op: 'uploadChunk';
  uploadId: string;
  offset: number;
}

export const WS_PATH = '/ws';
/** browser mode: GET {CAPTURE_DOWNLOAD_PATH}{analysisId} downloads a live capture's pcapng (same token as the page) */
export const CAPTURE_DOWNLOAD_PATH = '/download/capture/';
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
