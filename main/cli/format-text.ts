import type { AnalysisReport, ConnectionTableRow, ReportHead } from '../engine/index';
import { isoTimeOrNull } from '../engine/util/iso-time';

const HEADER = ['#', 'Client', 'Server', 'Frames c>s/s>c', 'Bytes c>s/s>c', 'Handshake', 'RTT ms', 'Close', 'Retr', 'OoO', 'Gaps', 'TLS'];

/** A readable table of connections, like `tshark -z conv,tcp` but with the handshake, teardown and TLS. */
export function formatText(report: AnalysisReport): string {
  const table = new TextTable();
  for (const c of report.connections) table.add(formatConnectionRow(c));
  return formatTextHead(report) + table.lines().map((l) => l + '\n').join('') + formatTextTail(report);
}

export function formatTextHead(head: ReportHead): string {
  const s = head.stats;
  const lines: string[] = [];
  lines.push(`File: ${head.file.path} (${head.file.format ?? 'unknown format'}, ${head.file.size} bytes)${head.complete ? '' : '  [INCOMPLETE]'}`);
  lines.push(`Frames: ${s.frames}  Bytes: ${s.bytes}  Link types: ${Object.entries(s.linkTypes).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  lines.push(`Connections: ${s.connections} TCP (${s.tlsConnections} with TLS)  UDP frames: ${s.udp}  Anomalies: ${s.anomalyCount}`);
  if (s.firstTime !== null && s.lastTime !== null) lines.push(`Time: ${iso(s.firstTime)} … ${iso(s.lastTime)} (${((s.lastTime - s.firstTime) * 1000).toFixed(3)} ms)`);
  lines.push('');
  return lines.join('\n') + '\n';
}

export function formatTextTail(head: ReportHead): string {
  const errors = head.anomalies.filter((a) => a.severity === 'error');
  return errors.length === 0 ? '' : '\n' + errors.map((e) => `error: ${e.message}\n`).join('');
}

export function formatConnectionRow(c: ConnectionTableRow): string[] {
  const t = c.tcp;
  const hs = [t.syn ? 'SYN' : '-', t.synAck ? 'SYN-ACK' : '-', t.ackAfterSynAck ? 'ACK' : '-'].join(' ');
  const tls = c.tls;
  const tlsText = tls ? [tls.versionName ?? 'TLS', tls.sni ?? ''].filter(Boolean).join(' ') : '';
  return [
    String(c.id),
    c.client,
    c.server,
    `${c.frames.c2s}/${c.frames.s2c}`,
    `${c.bytes.c2s}/${c.bytes.s2c}`,
    hs,
    t.handshakeRttMs === null ? '-' : t.handshakeRttMs.toFixed(3),
    t.closeKind,
    String(t.retransmissions),
    String(t.outOfOrder),
    String(t.gaps),
    tlsText,
  ];
}

/** Columns padded to their widest cell. */
export class TextTable {
  private readonly rows: string[][] = [HEADER];

  add(row: string[]): void {
    this.rows.push(row);
  }

  lines(): string[] {
    const widths = HEADER.map((_, i) => Math.max(...this.rows.map((r) => r[i].length)));
    return this.rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  }
}

/** ISO text, or the raw seconds when a damaged timestamp lies beyond what a date can show. */
function iso(t: number): string {
  return isoTimeOrNull(t) ?? `${t} s since 1970`;
}
