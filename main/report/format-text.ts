import type { AnalysisReport, AnyTableRow, ConnectionTableRow, ReportHead, UdpTableRow } from '../engine/index';
import { isoTimeOrNull } from '../engine/util/iso-time';

export const TABLE_HEADER: readonly string[] = ['#', 'Client', 'Server', 'Frames c>s/s>c', 'Bytes c>s/s>c', 'Handshake', 'RTT ms', 'Close', 'Retr', 'OoO', 'Gaps', 'TLS'];

/**
 * A readable table of connections, like `tshark -z conv,tcp` but with the handshake, teardown and TLS.
 * `connections` may hold QUIC and DTLS rows after the TCP ones (the CLI lists them so).
 */
export function formatText(report: Omit<AnalysisReport, 'connections'> & { connections: readonly AnyTableRow[] }): string {
  const rows = report.connections.map(formatConnectionRow);
  const widths = new ColumnWidths();
  for (const row of rows) widths.add(row);
  return formatTextHead(report) + [TABLE_HEADER, ...rows].map((row) => tableLine(row, widths) + '\n').join('') + formatTextTail(report);
}

export function formatTextHead(head: ReportHead): string {
  const s = head.stats;
  const lines: string[] = [];
  lines.push(`File: ${head.file.path} (${head.file.format ?? 'unknown format'}, ${head.file.size} bytes)${head.complete ? '' : '  [INCOMPLETE]'}`);
  lines.push(`Frames: ${s.frames}${s.skippedFrames > 0 ? ` (${s.skippedFrames} skipped)` : ''}  Bytes: ${s.bytes}  Link types: ${Object.entries(s.linkTypes).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  lines.push(`Connections: ${s.connections} TCP (${s.tlsConnections} with TLS)  UDP frames: ${s.udp}  Anomalies: ${s.anomalyCount}`);
  if (s.firstTime !== null && s.lastTime !== null) lines.push(`Time: ${iso(s.firstTime)} … ${iso(s.lastTime)} (${((s.lastTime - s.firstTime) * 1000).toFixed(3)} ms)`);
  lines.push('');
  return lines.join('\n') + '\n';
}

export function formatTextTail(head: ReportHead): string {
  const errors = head.anomalies.filter((a) => a.severity === 'error');
  return errors.length === 0 ? '' : '\n' + errors.map((e) => `error: ${terminalSafe(e.message)}\n`).join('');
}

export function formatConnectionRow(row: AnyTableRow): string[] {
  if ('transportVersions' in row) return formatUdpRow(row);
  const c: ConnectionTableRow = row;
  const t = c.tcp;
  const hs = HANDSHAKE_TEXT[(t.syn ? 4 : 0) | (t.synAck ? 2 : 0) | (t.ackAfterSynAck ? 1 : 0)];
  const tls = c.tls;
  // the SNI is whatever bytes the client sent: escaped, it can neither break the row nor drive the terminal
  const tlsText = tls ? terminalSafe(joinedBySpace(tls.versionName ?? 'TLS', tls.sni ?? '')) : '';
  return [
    String(c.id),
    c.client,
    c.server,
    `${c.frames.c2s}/${c.frames.s2c}`,
    `${c.bytes.c2s}/${c.bytes.s2c}`,
    hs,
    t.handshakeRttMs === null ? '-' : millisecondsText(t.handshakeRttMs),
    t.closeKind,
    String(t.retransmissions),
    String(t.outOfOrder),
    String(t.gaps),
    tlsText,
  ];
}

/** QUIC and DTLS rows: the Handshake column names the transport and its versions; the TCP columns stay empty. */
function formatUdpRow(c: UdpTableRow): string[] {
  const tls = c.tls;
  const tlsText = tls ? terminalSafe(joinedBySpace(tls.versionName ?? 'TLS', tls.sni ?? '')) : '';
  const transport = c.transportVersions.length ? c.transportVersions.join(',') : c.transport.toUpperCase();
  return [String(c.id), c.client, c.server, `${c.frames.c2s}/${c.frames.s2c}`, `${c.bytes.c2s}/${c.bytes.s2c}`, terminalSafe(transport), '-', '-', '-', '-', '-', tlsText];
}

/** The Handshake column by which of SYN (4), SYN-ACK (2) and ACK (1) were seen. */
const HANDSHAKE_TEXT = Array.from({ length: 8 }, (_, seen) => [seen & 4 ? 'SYN' : '-', seen & 2 ? 'SYN-ACK' : '-', seen & 1 ? 'ACK' : '-'].join(' '));

/** The non-empty ones of the two, a space between (what [a, b].filter(Boolean).join(' ') gives). */
function joinedBySpace(a: string, b: string): string {
  return a && b ? `${a} ${b}` : a || b;
}

/**
 * `ms.toFixed(3)`, made from integers where that is exact (toFixed was a third of the row's
 * formatting): milliseconds below a million; anything larger goes to toFixed itself.
 */
export function millisecondsText(ms: number): string {
  const scaled = Math.abs(ms) * 1000;
  const thousandths = Math.round(scaled);
  // near a half-way point the rounding of the product and toFixed's exact decimal may differ
  if (!(scaled < 1e9) || Math.abs(scaled - thousandths) > 0.25) return ms.toFixed(3);
  const whole = Math.floor(thousandths / 1000);
  const fraction = thousandths - whole * 1000;
  // toFixed keeps the sign of a negative number that rounds to zero ("-0.000"), not of -0
  return `${ms < 0 ? '-' : ''}${whole}.${fraction < 10 ? '00' : fraction < 100 ? '0' : ''}${fraction}`;
}

/**
 * The widest cell of each column, header included, as rows come (a spread over every row
 * overflowed the stack past ~120,000; a table held whole kept ~560 bytes per connection).
 */
export class ColumnWidths {
  readonly widths: number[];

  constructor(header: readonly string[] = TABLE_HEADER) {
    this.widths = header.map((h) => h.length);
  }

  add(row: readonly string[]): void {
    for (let i = 0; i < row.length; i++) if (row[i].length > this.widths[i]) this.widths[i] = row[i].length;
  }
}

/** Between the cells of a parked row: a control character, which terminalSafe escapes in every cell that could hold one. */
const CELL_SEPARATOR = '\x1f';

/**
 * The table of a one-pass analysis: each row's cells formatted and measured once, as its
 * connection retires, and parked as one text; the lines are padded at the end, when every
 * width is known. Parsing parked JSON twice (measure, then print) was a tenth of the table's
 * run on the 600 MB bench.
 */
export class ParkedTable {
  readonly widths = new ColumnWidths();

  /** A row's text to park (see SessionOptions.tableRowText); its cells are measured now. */
  readonly park = (row: AnyTableRow): string => this.measure(row).join(CELL_SEPARATOR);

  /** Measures a row without parking it (rows still in memory at the end, printed through park). */
  measure(row: AnyTableRow): string[] {
    const cells = formatConnectionRow(row);
    this.widths.add(cells);
    return cells;
  }

  /** The printed line of a parked row (its cells read in place: no array of them is made). */
  line(parked: string): string {
    const widths = this.widths.widths;
    let out = '';
    let start = 0;
    for (let i = 0; ; i++) {
      const end = parked.indexOf(CELL_SEPARATOR, start);
      const cell = parked.slice(start, end < 0 ? parked.length : end);
      out += i === 0 ? padded(cell, widths[i]) : '  ' + padded(cell, widths[i]);
      if (end < 0) return out.trimEnd();
      start = end + 1;
    }
  }
}

/** One line of the table: cells padded to their column's width, two spaces apart. */
export function tableLine(row: readonly string[], columns: ColumnWidths): string {
  const widths = columns.widths;
  let out = padded(row[0], widths[0]);
  for (let i = 1; i < row.length; i++) out += '  ' + padded(row[i], widths[i]);
  return out.trimEnd();
}

/** `cell` with spaces after it up to `width` (what padEnd gives, from a few shared runs of spaces) */
function padded(cell: string, width: number): string {
  const missing = width - cell.length;
  if (missing <= 0) return cell;
  return cell + (SPACES[missing] ??= ' '.repeat(missing));
}

const SPACES: string[] = [];

/** Control characters (C0, DEL, C1) as \xNN, and the backslash doubled so an escape cannot be faked. */
export function terminalSafe(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f\\]/g, (c) => (c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** ISO text, or the raw seconds when a damaged timestamp lies beyond what a date can show. */
function iso(t: number): string {
  return isoTimeOrNull(t) ?? `${t} s since 1970`;
}
