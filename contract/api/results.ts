/** How every operation answers: a value, or an error code the UI translates. */
import type { CaptureErrorInfo } from '../capture/capture-errors';

export type ErrorCode =
  | 'invalid-argument'
  | 'forbidden'
  | 'not-found'
  | 'not-a-file'
  | 'not-a-capture'
  | 'unreadable'
  | 'no-analysis'
  | 'stale-analysis'
  | 'unknown-connection'
  | 'unknown-frame'
  | 'unknown-sample'
  | 'upload-failed'
  | 'unsupported'
  | 'analysis-crashed'
  /** live capture: `capture` says which failure (permission, filter, device…), with params for the UI's text */
  | 'capture-failed'
  | 'internal';

export interface ApiErrorInfo {
  code: ErrorCode;
  /** English detail (names the file and offset where there is one); the UI translates by `code` */
  message: string;
  path?: string;
  /** code 'capture-failed': the capture error (translated by the UI from code + params) */
  capture?: CaptureErrorInfo;
}

/** Every operation resolves to a result; failures are values, never exceptions across the bridge. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo };
