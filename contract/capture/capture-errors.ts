/**
 * Capture failures as codes + parameters (the UI translates by code), with the
 * English text for the CLI. libpcap's own words travel in `params.pcapError`.
 * The texts are in capture-messages.ts.
 */

export type CaptureErrorCode =
  | 'capture.permission-denied'
  | 'capture.bad-filter'
  | 'capture.no-such-device'
  | 'capture.interface-down'
  | 'capture.unavailable'
  | 'capture.helper-missing'
  | 'capture.helper-failed'
  | 'capture.protocol-error'
  | 'capture.open-failed'
  | 'capture.bad-option'
  | 'capture.busy'
  | 'capture.unknown-capture'
  | 'capture.write-failed';

export type CaptureErrorParams = Record<string, string | number>;

/** Plain data: crosses the helper pipe, IPC and the WebSocket bridge unchanged. */
export interface CaptureErrorInfo {
  code: CaptureErrorCode;
  /** the key of the UI's translation (same as code; kept separate so codes may share a text later) */
  messageKey: string;
  params: CaptureErrorParams;
  /** English, complete (with what to do); the CLI prints this */
  message: string;
}

export function isCaptureErrorInfo(value: unknown): value is CaptureErrorInfo {
  return !!value && typeof value === 'object' && typeof (value as CaptureErrorInfo).code === 'string' && (value as CaptureErrorInfo).code.startsWith('capture.');
}
