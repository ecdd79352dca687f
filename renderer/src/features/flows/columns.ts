/** The flow list's columns: what each shows, as plain text. */
import type { ConnectionRow, Language, SortKey } from '../../../../contract/api';
import { formatInteger, formatMs } from '../../format';
import type { MessageKey, Translate } from '../../../../contract/i18n/translate';
import { shortCipherName, statusText, verdictCellClass, verdictText } from './column-text';
import { clockTime } from '../ladder/labels';

export interface Column {
  key: SortKey;
  title: MessageKey;
  numeric?: boolean;
  text(row: ConnectionRow, t: Translate, language: Language): string;
  /** extra class for the cell (colour plus words: never colour alone) */
  cellClass?(row: ConnectionRow): string;
}

export const COLUMNS: Column[] = [
  { key: 'id', title: 'flows.col.id', numeric: true, text: (r) => String(r.id) },
  { key: 'client', title: 'flows.col.client', text: (r) => r.client },
  { key: 'server', title: 'flows.col.server', text: (r) => r.server },
  { key: 'sni', title: 'flows.col.sni', text: (r) => r.sni ?? '' },
  { key: 'tlsVersion', title: 'flows.col.tlsVersion', text: (r) => r.tlsVersion ?? '' },
  { key: 'cipher', title: 'flows.col.cipher', text: (r) => shortCipherName(r.cipher) },
  { key: 'keyExchange', title: 'views.col.kx', text: (r) => r.keyExchange ?? '' },
  { key: 'alpn', title: 'views.col.alpn', text: (r) => r.alpn ?? '' },
  { key: 'handshakeMs', title: 'flows.col.handshakeMs', numeric: true, text: (r, t, l) => (r.handshakeMs === null ? '' : t('flows.ms', { value: formatMs(l, r.handshakeMs) })) },
  { key: 'status', title: 'flows.col.status', text: (r, t) => statusText(r, t), cellClass: (r) => `status-cell status-${r.status}` },
  { key: 'certVerdict', title: 'views.col.verdict', text: (r, t) => verdictText(r, t), cellClass: verdictCellClass },
  { key: 'ja4', title: 'views.col.ja4', text: (r) => r.ja4 ?? '' },
  { key: 'bytesC2s', title: 'views.col.bytesC2s', numeric: true, text: (r, _t, l) => formatInteger(l, r.bytesC2s) },
  { key: 'bytesS2c', title: 'views.col.bytesS2c', numeric: true, text: (r, _t, l) => formatInteger(l, r.bytesS2c) },
  { key: 'framesC2s', title: 'views.col.framesC2s', numeric: true, text: (r, _t, l) => formatInteger(l, r.framesC2s) },
  { key: 'framesS2c', title: 'views.col.framesS2c', numeric: true, text: (r, _t, l) => formatInteger(l, r.framesS2c) },
  { key: 'start', title: 'views.col.start', numeric: true, text: (r) => clockTime(r.start) },
  { key: 'durationMs', title: 'views.col.duration', numeric: true, text: (r, t, l) => t('flows.ms', { value: formatMs(l, r.durationMs) }) },
];
