/**
 * The per-connection report and the capture's totals: the CLI's JSON output and
 * what the app's detail views read.
 */
import type { Anomaly, CaptureFormat } from './anomaly';
import type { TcpEvent } from './tcp-events';
import type { TlsSummary } from './tls-summary';

/** What told the client end from the server end (a SYN is surest; a port number the weakest guess) */
export type ClientDeterminedBy = 'syn' | 'syn-ack' | 'client-hello' | 'server-hello' | 'port' | 'first-packet';

/** How the TCP connection ended, as far as the capture shows */
export type CloseKind = 'rst' | 'four-way' | 'simultaneous' | 'half-closed' | 'open';

/** Counts over the whole capture file, whatever the frames carried */
export interface CaptureStats {
  /** every frame the reader numbered, skipped ones included: no frame number is above it */
  frames: number;
  /** frames numbered but never analysed (a pcapng packet naming no known interface) */
  skippedFrames: number;
  /** bytes on the wire (original lengths) */
  bytes: number;
  capturedBytes: number;
  firstTime: number | null;
  lastTime: number | null;
  linkTypes: Record<string, number>;
  ipv4: number;
  ipv6: number;
  tcp: number;
  udp: number;
  otherTransport: number;
  nonIp: number;
  ipFragments: number;
  anomalies: Record<string, number>;
}

/**
 * The CLI's JSON output: a contract other tools read. Fields are only ever
 * added; documented in docs/schema.md.
 */
export const REPORT_SCHEMA = 'tlslens.analysis/1';

export interface TcpReport {
  syn: boolean;
  synAck: boolean;
  ackAfterSynAck: boolean;
  finFromClient: boolean;
  finFromServer: boolean;
  rstFromClient: boolean;
  rstFromServer: boolean;
  /** SYN → ACK of the handshake (Wireshark's iRTT) */
  handshakeRttMs: number | null;
  /** SYN → SYN-ACK: the server side of the RTT as seen at the capture point */
  serverRttMs: number | null;
  /** SYN-ACK → ACK: the client side */
  clientRttMs: number | null;
  retransmissions: number;
  outOfOrder: number;
  overlaps: number;
  keepAlives: number;
  zeroWindows: number;
  gaps: number;
  gapBytes: number;
  closeKind: CloseKind;
  times: Record<'syn' | 'synAck' | 'ackAfterSynAck' | 'finFromClient' | 'finFromServer' | 'finAckedByServer' | 'finAckedByClient' | 'rstFromClient' | 'rstFromServer', number | null>;
}

export interface ConnectionReport {
  id: number;
  transport: 'tcp';
  client: string;
  server: string;
  clientDeterminedBy: ClientDeterminedBy;
  firstFrame: number;
  start: number;
  end: number;
  durationMs: number;
  frames: { c2s: number; s2c: number };
  bytes: { c2s: number; s2c: number };
  payloadBytes: { c2s: number; s2c: number };
  tcp: TcpReport;
  events: TcpEvent[];
  eventsTruncated: boolean;
  /** TLS summary; null when the connection carries no TLS */
  tls: TlsSummary | null;
}

export interface AnalysisReport {
  schema: typeof REPORT_SCHEMA;
  file: { path: string; name: string; size: number; format: CaptureFormat | null };
  /** false when reading stopped early (corrupt or truncated file, or cancelled) */
  complete: boolean;
  cancelled: boolean;
  stats: CaptureStats & { connections: number; tlsConnections: number; anomalyCount: number };
  anomalies: Anomaly[];
  connections: ConnectionReport[];
}
