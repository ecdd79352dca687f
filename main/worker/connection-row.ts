/** A connection's line in the flow list, derived from its report. */
import type { ConnectionReportView, ConnectionRow, ConnectionStatus, TlsSummary } from '../../contract/api';
import { rowSearchText } from '../../contract/filter/flow-filter';

/** TLS alert level 2 = fatal (RFC 8446 §6) */
const FATAL = 2;

export function connectionRow(report: ConnectionReportView): ConnectionRow {
  const tls = report.tls;
  return {
    id: report.id,
    client: report.client,
    server: report.server,
    sni: tls?.sni ?? null,
    tlsVersion: tls?.versionName ?? null,
    cipher: tls?.cipherSuiteName ?? null,
    handshakeMs: tls?.timings?.handshakeMs ?? null,
    status: connectionStatus(report, tls),
    bytes: report.bytes.c2s + report.bytes.s2c,
    frames: report.frames.c2s + report.frames.s2c,
    start: report.start,
    keyExchange: tls?.keyExchange ?? null,
    alpn: tls?.alpnSelected ?? null,
    certVerdict: tls?.validation?.verdict ?? null,
    ja4: tls?.ja4 ?? null,
    alert: (tls?.alerts ?? []).find((a) => a.level === FATAL)?.descriptionName ?? null,
    bytesC2s: report.bytes.c2s,
    bytesS2c: report.bytes.s2c,
    framesC2s: report.frames.c2s,
    framesS2c: report.frames.s2c,
    durationMs: report.durationMs,
    tcpRttMs: report.tcp.handshakeRttMs ?? null,
    ...waterfallTimes(report, tls),
  };
}

/**
 * Where the waterfall's segments meet, in ms after the connection's first
 * packet: TCP connected (handshake ACK), TLS handshake done (last Finished,
 * or the fatal alert that ended it), teardown began (first close_notify,
 * FIN or RST).
 */
function waterfallTimes(report: ConnectionReportView, tls: TlsSummary | null): Pick<ConnectionRow, 'connectMs' | 'tlsDoneMs' | 'teardownMs'> {
  const since = (t: number | null | undefined) => (t === null || t === undefined ? null : Math.round((t - report.start) * 1e6) / 1000);
  const times = report.tcp.times ?? ({} as Partial<ConnectionReportView['tcp']['times']>);
  const firstOf = (values: Array<number | null | undefined>) => {
    const present = values.filter((v): v is number => typeof v === 'number');
    return present.length ? Math.min(...present) : null;
  };
  const t = tls?.timings;
  const fatal = (tls?.alerts ?? []).find((a) => a.level === FATAL);
  return {
    connectMs: since(times.ackAfterSynAck),
    tlsDoneMs: tls ? since(t?.lastFinished ?? fatal?.time ?? null) : null,
    teardownMs: since(firstOf([t?.closeNotifyC2s, t?.closeNotifyS2c, times.finFromClient, times.finFromServer, times.rstFromClient, times.rstFromServer])),
  };
}

function connectionStatus(report: ConnectionReportView, tls: TlsSummary | null): ConnectionStatus {
  if (!tls) return 'not-tls';
  if ((tls.alerts ?? []).some((a) => a.level === FATAL)) return 'alert';
  if (tls.handshakeComplete) return 'complete';
  if (report.tcp.rstFromClient || report.tcp.rstFromServer) return 'reset';
  return 'incomplete';
}

/** What the filter box's plain words match against, lower-cased once per row version. */
export function searchText(row: ConnectionRow): string {
  return rowSearchText(row);
}
