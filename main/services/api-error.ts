/** Errors the services raise on purpose; the API layer turns them into `{ ok: false, error }`. */
import type { ApiErrorInfo, ErrorCode } from '../../preload/api';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function toErrorInfo(err: unknown): ApiErrorInfo {
  if (err instanceof ApiError) return err.path === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, path: err.path };
  // anything else is our bug: say so without leaking a stack to the page
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
