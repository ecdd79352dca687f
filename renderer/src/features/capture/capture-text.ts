/**
 * Live-capture texts that are not fixed strings: a capture error in the chosen
 * language (contract/capture/capture-messages.ts holds both languages, with the
 * per-OS advice for a permission error), byte sizes and rates.
 */
import type { CaptureErrorInfo, Language } from '../../../../contract/api';
import { formatCaptureMessage } from '../../../../contract/capture/capture-messages';
import { formatInteger } from '../../format';

/** The whole explanation: what failed, libpcap's words, and what to do on this OS. */
export function captureErrorText(error: CaptureErrorInfo, language: Language): string {
  // the page has no `process`: the platform travels in the params (permission errors always carry it)
  const params = { platform: 'other', ...error.params };
  return formatCaptureMessage(error.code, params, language);
}

export function isPermissionError(error: CaptureErrorInfo | null | undefined): boolean {
  return error?.code === 'capture.permission-denied';
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
const decimalFormats = new Map<Language, Intl.NumberFormat>();

/** 1536 → "1.5 KiB" (binary units, as the README and Wireshark's status bar use) */
export function formatBytes(language: Language, bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${formatInteger(language, Math.max(0, Math.round(bytes || 0)))} B`;
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let f = decimalFormats.get(language);
  if (!f) decimalFormats.set(language, (f = new Intl.NumberFormat(language, { maximumFractionDigits: 1, minimumFractionDigits: 1 })));
  return `${f.format(value)} ${UNITS[unit]}`;
}
