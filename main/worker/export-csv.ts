/**
 * The flow list as CSV (RFC 4180), one line per connection. Text fields come
 * from packets (SNI, ALPN), so they are neutralised against spreadsheet
 * formula injection (OWASP: a leading = + - @ tab or CR gets a ' in front)
 * and always quoted; numbers are written bare.
 */
import type { ConnectionRow } from '../../contract/api';
import { isoTimeOrNull } from '../engine/util/iso-time';

type Cell = string | number | null;

export const CSV_COLUMNS: ReadonlyArray<readonly [string, (row: ConnectionRow) => Cell]> = [
  ['id', (r) => r.id],
  ['client', (r) => r.client],
  ['server', (r) => r.server],
  ['sni', (r) => r.sni],
  ['tls_version', (r) => r.tlsVersion],
  ['cipher_suite', (r) => r.cipher],
  ['key_exchange', (r) => r.keyExchange],
  ['alpn', (r) => r.alpn],
  ['handshake_ms', (r) => r.handshakeMs],
  ['status', (r) => r.status],
  ['alert', (r) => r.alert],
  ['cert_verdict', (r) => r.certVerdict],
  ['ja4', (r) => r.ja4],
  ['bytes_c2s', (r) => r.bytesC2s],
  ['bytes_s2c', (r) => r.bytesS2c],
  ['frames_c2s', (r) => r.framesC2s],
  ['frames_s2c', (r) => r.framesS2c],
  // empty for a time Date cannot hold (a damaged capture's timestamp); start_epoch still has it
  ['start', (r) => isoTimeOrNull(r.start)],
  ['start_epoch', (r) => r.start],
  ['duration_ms', (r) => r.durationMs],
  ['tcp_rtt_ms', (r) => r.tcpRttMs],
];


/** A cell a spreadsheet would run as a formula starts with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvHeader(): string {
  return CSV_COLUMNS.map(([name]) => name).join(',') + '\r\n';
}

export function csvLine(row: ConnectionRow): string {
  return CSV_COLUMNS.map(([, get]) => csvCell(get(row))).join(',') + '\r\n';
}
