/** Texts of the flow list's added columns: short cipher names, failure with its alert, the certificate verdict with an icon. */
import type { ConnectionRow } from '../../../../contract/api';
import type { MessageKey, Translate } from '../../../../contract/i18n/translate';
import { TONE_ICON, verdictTone } from '../certs/cert-facts';

/**
 * TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 → ECDHE-RSA-AES128-GCM-SHA256, TLS_AES_256_GCM_SHA384 → AES256-GCM-SHA384
 * (OpenSSL's style, derived rather than looked up, so unknown suites shorten too).
 */
export function shortCipherName(name: string | null): string {
  if (!name) return '';
  const [kx, cipher] = name.replace(/^(TLS|SSL)_/, '').split('_WITH_');
  const tidy = (part: string) => part.replace(/_(\d+)(?=_|$)/g, '$1').replace(/_/g, '-');
  return cipher === undefined ? tidy(kx) : `${tidy(kx)}-${tidy(cipher)}`;
}

export function statusText(row: ConnectionRow, t: Translate): string {
  return row.status === 'alert' && row.alert ? t('views.status.failed', { alert: row.alert }) : t(`status.${row.status}`);
}

export function verdictText(row: ConnectionRow, t: Translate): string {
  if (!row.certVerdict) return '';
  return `${TONE_ICON[verdictTone(row.certVerdict)]} ${t(`views.verdict.${row.certVerdict}` as MessageKey)}`;
}

export function verdictCellClass(row: ConnectionRow): string {
  return row.certVerdict ? `verdict-cell verdict-${verdictTone(row.certVerdict)}` : '';
}
