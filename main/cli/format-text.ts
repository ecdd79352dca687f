import type { AnalysisReport, ConnectionReport } from '../engine/model/report';

/** A readable table of connections, like `tshark -z conv,tcp` but with the handshake and teardown. */
export function formatText(report: AnalysisReport): string {
  const lines: string[] = [];
  const s = report.stats;
  lines.push(`File: ${report.file.path} (${report.file.format ?? 'unknown format'}, ${report.file.size} bytes)${report.complete ? '' : '  [INCOMPLETE]'}`);
  lines.push(`Frames: ${s.frames}  Bytes: ${s.bytes}  Link types: ${Object.entries(s.linkTypes).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  lines.push(`Connections: ${s.connections} TCP (${s.tlsConnections} with TLS)  UDP frames: ${s.udp}  Anomalies: ${s.anomalyCount}`);
  if (s.firstTime !== null && s.lastTime !== null) lines.push(`Time: ${iso(s.firstTime)} … ${iso(s.lastTime)} (${((s.lastTime - s.firstTime) * 1000).toFixed(3)} ms)`);
  lines.push('');
  const header = ['#', 'Client', 'Server', 'Frames c>s/s>c', 'Bytes c>s/s>c', 'Handshake', 'RTT ms', 'Close', 'Retr', 'OoO', 'Gaps', 'TLS'];
  const rows = report.connections.map((c) => row(c));
  lines.push(...table([header, ...rows]));
  const errors = report.anomalies.filter((a) => a.severity === 'error');
  if (errors.length > 0) {
    lines.push('');
    for (const e of errors) lines.push(`error: ${e.message}`);
  }
  return lines.join('\n') + '\n';
}

function row(c: ConnectionReport): string[] {
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

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

function iso(t: number): string {
  return new Date(t * 1000).toISOString();
}
