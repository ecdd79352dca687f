import type { TcpConnection } from '../tcp/connection';
import type { Analyzer } from './analyzer';
import { REPORT_SCHEMA, type AnalysisReport, type ConnectionReport } from '../../../contract/report/connection-report';
import type { TableTlsFacts, TlsSummary } from '../../../contract/report/tls-summary';

export { REPORT_SCHEMA };
export type { AnalysisReport, CaptureStats, ClientDeterminedBy, CloseKind, ConnectionReport, TcpReport } from '../../../contract/report/connection-report';

export type TlsSummarizer = (connection: TcpConnection) => TlsSummary | null;

function perDirection(c: TcpConnection, counter: 'frames' | 'bytes' | 'payloadBytes'): { c2s: number; s2c: number } {
  return { c2s: c.counters.c2s[counter], s2c: c.counters.s2c[counter] };
}

export function connectionReport(c: TcpConnection, summarizeTls?: TlsSummarizer): ConnectionReport {
  const t = (m: { time: number } | null) => (m ? m.time : null);
  return {
    id: c.id,
    transport: 'tcp',
    client: c.client,
    server: c.server,
    clientDeterminedBy: c.clientDeterminedBy,
    firstFrame: c.firstFrame,
    start: c.start,
    end: c.end,
    durationMs: Math.round((c.end - c.start) * 1e6) / 1000,
    frames: perDirection(c, 'frames'),
    bytes: perDirection(c, 'bytes'),
    payloadBytes: perDirection(c, 'payloadBytes'),
    tcp: {
      syn: c.syn !== null,
      synAck: c.synAck !== null,
      ackAfterSynAck: c.ackAfterSynAck !== null,
      finFromClient: c.finFromClient !== null,
      finFromServer: c.finFromServer !== null,
      rstFromClient: c.rstFromClient !== null,
      rstFromServer: c.rstFromServer !== null,
      handshakeRttMs: c.handshakeRttMs,
      serverRttMs: c.serverRttMs,
      clientRttMs: c.clientRttMs,
      retransmissions: c.retransmissions,
      outOfOrder: c.outOfOrder,
      overlaps: c.overlaps,
      keepAlives: c.keepAlives,
      zeroWindows: c.zeroWindows,
      gaps: c.gaps,
      gapBytes: c.gapBytes,
      closeKind: c.closeKind,
      times: {
        syn: t(c.syn),
        synAck: t(c.synAck),
        ackAfterSynAck: t(c.ackAfterSynAck),
        finFromClient: t(c.finFromClient),
        finFromServer: t(c.finFromServer),
        finAckedByServer: t(c.finAckedByServer),
        finAckedByClient: t(c.finAckedByClient),
        rstFromClient: t(c.rstFromClient),
        rstFromServer: t(c.rstFromServer),
      },
    },
    events: c.events,
    eventsTruncated: c.eventsTruncated,
    tls: summarizeTls ? summarizeTls(c) : null,
  };
}

/**
 * What the CLI's text table shows of a connection. ConnectionReport has all of it, so either
 * can be printed; the row alone is what `--format text` builds (no events, no TLS summary
 * with its certificate validation), which makes the table of a huge capture cheap.
 */
export interface ConnectionTableRow {
  id: number;
  client: string;
  server: string;
  frames: ConnectionReport['frames'];
  bytes: ConnectionReport['bytes'];
  tcp: Pick<ConnectionReport['tcp'], 'syn' | 'synAck' | 'ackAfterSynAck' | 'handshakeRttMs' | 'closeKind' | 'retransmissions' | 'outOfOrder' | 'gaps'>;
  tls: TableTlsFacts | null;
}

// Rows and reports list their fields one by one: a helper's object spread into the literal
// took V8's slow path, a fifth of the time of a 250,000-connection table.
export function connectionTableRow(c: TcpConnection, tls: TableTlsFacts | null): ConnectionTableRow {
  return {
    id: c.id,
    client: c.client,
    server: c.server,
    frames: perDirection(c, 'frames'),
    bytes: perDirection(c, 'bytes'),
    tcp: {
      syn: c.syn !== null,
      synAck: c.synAck !== null,
      ackAfterSynAck: c.ackAfterSynAck !== null,
      handshakeRttMs: c.handshakeRttMs,
      closeKind: c.closeKind,
      retransmissions: c.retransmissions,
      outOfOrder: c.outOfOrder,
      gaps: c.gaps,
    },
    tls,
  };
}

/** Everything but the connections, which large captures write out one at a time. */
export type ReportHead = Omit<AnalysisReport, 'connections'>;

export function buildReportHead(
  analyzer: Analyzer,
  file: AnalysisReport['file'],
  read: { complete: boolean; cancelled: boolean },
  hasTls: (c: TcpConnection) => boolean,
  /** TLS connections already reported and forgotten (see Analyzer.forget) */
  forgottenTls = 0,
): ReportHead {
  let tlsConnections = forgottenTls;
  for (const c of analyzer.liveConnections()) if (hasTls(c)) tlsConnections++;
  return {
    schema: REPORT_SCHEMA,
    file,
    complete: read.complete,
    cancelled: read.cancelled,
    stats: {
      ...analyzer.stats,
      connections: analyzer.connectionCount,
      tlsConnections,
      anomalyCount: Object.values(analyzer.stats.anomalies).reduce((a, b) => a + b, 0),
    },
    anomalies: analyzer.anomalies,
  };
}
