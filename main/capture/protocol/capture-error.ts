/**
 * CaptureError: a capture failure thrown on the app side and in the helper (its
 * plain-data form, CaptureErrorInfo, crosses the helper pipe, IPC and the
 * WebSocket), and the mapping of libpcap's open errors to codes.
 */
import type { CaptureErrorCode, CaptureErrorInfo, CaptureErrorParams } from '../../../contract/capture/capture-errors';
import { captureErrorInfo, formatCaptureMessage } from '../../../contract/capture/capture-messages';

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
