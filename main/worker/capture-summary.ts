/**
 * The capture at a glance, aggregated from the flow-list rows the worker
 * already keeps (no connection report is rebuilt, so 100,000 connections
 * take milliseconds): versions, cipher suites, key exchanges, outcomes,
 * failures, certificate verdicts, and histograms of handshake and TCP
 * round-trip times.
 */
import type { CaptureSummary, ConnectionRow, CountEntry } from '../../contract/api';
import { histogram125 } from './histogram';

function counted(map: Map<string, number>): CountEntry[] {
  return [...map.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

function bump(map: Map<string, number>, key: string | null): void {
  if (key !== null) map.set(key, (map.get(key) ?? 0) + 1);
}

export function summarizeRows(rows: readonly (ConnectionRow | undefined)[]): Omit<CaptureSummary, 'analysisId' | 'revision'> {
  const versions = new Map<string, number>();
  const cipherSuites = new Map<string, number>();
  const keyExchanges = new Map<string, number>();
  const statuses = new Map<string, number>();
  const failures = new Map<string, number>();
  const certVerdicts = new Map<string, number>();
  const handshakes: number[] = [];
  const rtts: number[] = [];
  let connections = 0;
  let tlsConnections = 0;
  let firstTime = Infinity;
  let lastTime = -Infinity;
  for (const row of rows) {
    if (!row) continue;
    connections++;
    firstTime = Math.min(firstTime, row.start);
    lastTime = Math.max(lastTime, row.start + (row.durationMs ?? 0) / 1000);
    bump(statuses, row.status);
    if (row.tcpRttMs !== null && row.tcpRttMs !== undefined) rtts.push(row.tcpRttMs);
    if (row.status === 'not-tls') continue;
    tlsConnections++;
    bump(versions, row.tlsVersion);
    bump(cipherSuites, row.cipher);
    bump(keyExchanges, row.keyExchange);
    bump(failures, row.alert);
    bump(certVerdicts, row.certVerdict);
    if (row.handshakeMs !== null) handshakes.push(row.handshakeMs);
  }
  return {
    connections,
    tlsConnections,
    firstTime: connections ? firstTime : null,
    lastTime: connections ? lastTime : null,
    versions: counted(versions),
    cipherSuites: counted(cipherSuites),
    keyExchanges: counted(keyExchanges),
    statuses: counted(statuses),
    failures: counted(failures),
    certVerdicts: counted(certVerdicts),
    handshakeMs: histogram125(handshakes),
    tcpRttMs: histogram125(rtts),
  };
}
