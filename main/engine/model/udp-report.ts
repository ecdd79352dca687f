/**
 * Reports of the connections TLS runs in over UDP: QUIC connections and DTLS associations.
 * The head of each is what a TCP report has (ids, ends, times, counters, the TLS summary of
 * the same shape) with `transport` saying which; the rest sits under `quic` or `dtls`.
 * Fields are only ever added (see report.ts).
 */

import type { Anomaly } from '../types';
import type { TableTlsFacts, TlsSummary } from '../../../contract/report/tls-summary';
import { versionName } from '../../../contract/names/versions';
import type { QuicConnection, QuicPhases } from '../quic/connection';
import type { QuicClose, QuicPacketRecord, QuicStreamRecord } from '../quic/packet-record';
import { quicVersionName, versionHex, type PacketType } from '../quic/versions';
import { quicTlsSummary, transportParameters } from '../quic/tls-summary';
import type { TransportParameter } from '../quic/transport-parameters';
import type { DtlsConnection, DtlsFlight, DtlsRecordEntry } from '../dtls/connection';
import type { UdpConnection } from '../udp/udp-analyzer';

type PerDirection<T> = { c2s: T; s2c: T };

export interface QuicReport {
  versions: string[];
  versionNames: string[];
  clientInitialDcid: string | null;
  /** TLS secrets were logged for the ClientHello's random (key log or DSB) */
  keysFound: boolean;
  clientCids: string[];
  serverCids: string[];
  packetCounts: PerDirection<Partial<Record<PacketType, { packets: number; decrypted: number }>>>;
  coalescedDatagrams: number;
  datagramsWithTrailingPadding: number;
  retry: QuicConnection['retry'];
  transportParameters: { client: TransportParameter[] | null; server: TransportParameter[] | null };
  /** times (seconds since the epoch) each phase began; `ms`: the same from the first packet */
  phases: QuicPhases;
  phasesMs: Record<keyof QuicPhases, number | null>;
  closes: QuicClose[];
  migrations: QuicConnection['migrations'];
  streams: QuicStreamRecord[];
  packets: QuicPacketRecord[];
  packetsTruncated: boolean;
  anomalies: Anomaly[];
  anomalyCount: number;
}

export interface DtlsReport {
  versions: string[];
  versionNames: string[];
  /** a master secret was logged for the association (key log or DSB) */
  keysFound: boolean;
  helloVerifyRequest: boolean;
  helloVerifyRequestCookies: string[];
  clientHelloCookies: string[];
  recordCounts: PerDirection<Record<string, number>>;
  retransmittedRecords: number;
  flights: DtlsFlight[];
  records: DtlsRecordEntry[];
  recordsTruncated: boolean;
  anomalies: Anomaly[];
  anomalyCount: number;
}

export interface UdpConnectionReport {
  id: number;
  transport: 'quic' | 'dtls';
  client: string;
  server: string;
  clientDeterminedBy: 'first-packet' | 'port' | 'server-hello';
  firstFrame: number;
  start: number;
  end: number;
  durationMs: number;
  frames: PerDirection<number>;
  bytes: PerDirection<number>;
  payloadBytes: PerDirection<number>;
  /** the QUIC or DTLS versions seen, by name: what the text table shows */
  transportVersions: string[];
  tls: TlsSummary | null;
  quic?: QuicReport;
  dtls?: DtlsReport;
}

/** What the CLI's text table shows of a QUIC or DTLS connection (the report has all of it). */
export type UdpTableRow = Pick<UdpConnectionReport, 'id' | 'transport' | 'client' | 'server' | 'frames' | 'bytes' | 'transportVersions'> & { tls: TableTlsFacts | null };

const per = (c: UdpConnection, counter: 'frames' | 'bytes' | 'payloadBytes'): PerDirection<number> => ({ c2s: c.counters.c2s[counter], s2c: c.counters.s2c[counter] });

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function transportVersions(c: UdpConnection): string[] {
  return c.transport === 'quic' ? c.versions.map((v) => (/^\d+$/.test(quicVersionName(v)) ? `QUIC v${quicVersionName(v)}` : `QUIC ${quicVersionName(v)}`)) : c.versions.map(versionName);
}

export function udpConnectionReport(c: UdpConnection): UdpConnectionReport {
  const base: UdpConnectionReport = {
    id: c.id,
    transport: c.transport,
    client: c.client,
    server: c.server,
    clientDeterminedBy: c.clientDeterminedBy,
    firstFrame: c.firstFrame,
    start: c.start,
    end: c.end,
    durationMs: round3((c.end - c.start) * 1000),
    frames: per(c, 'frames'),
    bytes: per(c, 'bytes'),
    payloadBytes: per(c, 'payloadBytes'),
    transportVersions: transportVersions(c),
    tls: null,
  };
  if (c.transport === 'quic') {
    base.tls = quicTlsSummary(c);
    base.quic = quicReport(c);
  } else {
    base.tls = c.tlsSummary();
    base.dtls = dtlsReport(c);
  }
  return base;
}

export function udpTableRow(c: UdpConnection): UdpTableRow {
  const tls = c.transport === 'quic' ? quicTlsSummary(c) : c.tlsSummary();
  return { id: c.id, transport: c.transport, client: c.client, server: c.server, frames: per(c, 'frames'), bytes: per(c, 'bytes'), transportVersions: transportVersions(c), tls: tls && { versionName: tls.versionName, sni: tls.sni } };
}

function quicReport(c: QuicConnection): QuicReport {
  const since = (t: number | null) => (t === null ? null : round3((t - c.start) * 1000));
  const p = c.phases;
  return {
    versions: c.versions.map(versionHex),
    versionNames: c.versions.map(quicVersionName),
    clientInitialDcid: c.clientInitialDcid,
    keysFound: c.keysFound,
    clientCids: [...c.clientCids],
    serverCids: [...c.serverCids],
    packetCounts: { c2s: { ...c.packetCounts.c2s }, s2c: { ...c.packetCounts.s2c } },
    coalescedDatagrams: c.coalescedDatagrams,
    datagramsWithTrailingPadding: c.datagramsWithPadding,
    retry: c.retry,
    transportParameters: { client: transportParameters(c, 'c2s'), server: transportParameters(c, 's2c') },
    phases: { ...p },
    phasesMs: { initial: since(p.initial), handshake: since(p.handshake), handshakeConfirmed: since(p.handshakeConfirmed), oneRtt: since(p.oneRtt), close: since(p.close) },
    closes: [...c.closes],
    migrations: [...c.migrations],
    streams: c.streams,
    packets: [...c.packets],
    packetsTruncated: c.packetsTruncated,
    anomalies: [...c.anomalies],
    anomalyCount: c.anomalyCount,
  };
}

function dtlsReport(c: DtlsConnection): DtlsReport {
  return {
    versions: c.versions.map((v) => `0x${v.toString(16).padStart(4, '0')}`),
    versionNames: c.versions.map(versionName),
    keysFound: c.keysFound,
    helloVerifyRequest: c.helloVerifyRequest,
    helloVerifyRequestCookies: [...c.helloVerifyCookies],
    clientHelloCookies: [...c.clientHelloCookies],
    recordCounts: { c2s: { ...c.recordCounts.c2s }, s2c: { ...c.recordCounts.s2c } },
    retransmittedRecords: c.retransmittedRecords,
    flights: [...c.flights],
    records: [...c.records],
    recordsTruncated: c.recordsTruncated,
    anomalies: [...c.anomalies],
    anomalyCount: c.anomalyCount,
  };
}

