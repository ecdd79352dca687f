/**
 * Capture failures as codes + parameters (the UI translates by code), with the
 * English text for the CLI. libpcap's own words travel in `params.pcapError`.
 */
import { formatCaptureMessage } from './capture-messages';

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

export class CaptureError extends Error {
  readonly code: CaptureErrorCode;
  readonly params: CaptureErrorParams;

  constructor(code: CaptureErrorCode, params: CaptureErrorParams = {}) {
    super(formatCaptureMessage(code, params, 'en'));
    this.name = 'CaptureError';
    this.code = code;
    this.params = params;
  }

  static from(info: CaptureErrorInfo): CaptureError {
    return new CaptureError(info.code, info.params);
  }

  toInfo(): CaptureErrorInfo {
    return captureErrorInfo(this.code, this.params);
  }
}

export function captureErrorInfo(code: CaptureErrorCode, params: CaptureErrorParams = {}): CaptureErrorInfo {
  return { code, messageKey: code, params, message: formatCaptureMessage(code, params, 'en') };
}

const PERMISSION = /permission|not permitted|EPERM|EACCES|access (is )?denied|administrator/i;
const NO_DEVICE = /no such device|doesn't exist|does not exist|no such file or directory|not found/i;
const DOWN = /not up|is down/i;

export interface OpenErrorContext {
  interface: string;
  platform?: NodeJS.Platform;
  /** the Node binary the helper runs on: where capabilities would go */
  nodePath?: string;
}

/** Maps libpcap's error text from opening a device to a code. Filter errors are told apart by the caller (see helper). */
export function classifyOpenError(pcapError: string, ctx: OpenErrorContext): CaptureErrorInfo {
  const base = { interface: ctx.interface, pcapError };
  if (PERMISSION.test(pcapError)) return permissionDenied(ctx, pcapError);
  if (DOWN.test(pcapError)) return captureErrorInfo('capture.interface-down', base);
  if (NO_DEVICE.test(pcapError)) return captureErrorInfo('capture.no-such-device', base);
  return captureErrorInfo('capture.open-failed', base);
}

export function permissionDenied(ctx: OpenErrorContext, pcapError: string): CaptureErrorInfo {
  const platform = ctx.platform ?? process.platform;
  return captureErrorInfo('capture.permission-denied', {
    interface: ctx.interface,
    pcapError,
    platform,
    nodePath: ctx.nodePath ?? process.execPath,
  });
}

export function isCaptureErrorInfo(value: unknown): value is CaptureErrorInfo {
  return !!value && typeof value === 'object' && typeof (value as CaptureErrorInfo).code === 'string' && (value as CaptureErrorInfo).code.startsWith('capture.');
}
