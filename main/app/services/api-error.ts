/** Errors the services raise on purpose; the API layer turns them into `{ ok: false, error }`. */
import type { ApiErrorInfo, CaptureErrorInfo, ErrorCode } from '../../../contract/api';
import { CaptureError } from '../../capture/protocol/capture-error';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
    /** code 'capture-failed': which capture failure, for the UI's text */
    readonly capture?: CaptureErrorInfo,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function toErrorInfo(err: unknown): ApiErrorInfo {
  if (err instanceof ApiError) {
    const info: ApiErrorInfo = err.path === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, path: err.path };
    return err.capture ? { ...info, capture: err.capture } : info;
  }
  // live capture (no rights, bad filter, no such device…): the UI explains it from code and params
  if (err instanceof CaptureError) return { code: 'capture-failed', message: err.message, capture: err.toInfo() };
  // anything else is our bug: say so without leaking a stack to the page
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
