import { describe, expect, it } from 'vitest';
import type { ConnectionRow } from '../../../contract/api';
import { summarizeRows } from '../../../main/worker/capture-summary';
import { histogram125 } from '../../../main/worker/histogram';
import { connectionRow } from '../../../main/worker/connection-row';
import { syntheticConnection, T0 } from '../../support/synthetic-connection';

function row(id: number, over: Partial<ConnectionRow>): ConnectionRow {
  return {
    id,
    client: `10.0.0.${id}:5000`,
    server: '192.0.2.1:443',
    sni: null,
    tlsVersion: 'TLS 1.2',
    cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    handshakeMs: 30,
    status: 'complete',
    bytes: 100,
    frames: 10,
    start: 1000 + id,
    keyExchange: 'ECDHE',
    alpn: null,
    certVerdict: 'valid',
    ja4: null,
    alert: null,
    bytesC2s: 50,
    bytesS2c: 50,
    framesC2s: 5,
    framesS2c: 5,
    durationMs: 500,
    tcpRttMs: 12,
    connectMs: 12,
    tlsDoneMs: 42,
    teardownMs: 400,
    ...over,
  };
}

describe('histogram on 1-2-5 edges', () => {
  it('bins from the smallest to the largest value, empty bins kept', () => {
    expect(histogram125([0.05, 3, 4.9, 5, 30])).toEqual([
      { from: 0, to: 0.1, count: 1 },
      { from: 0.1, to: 0.2, count: 0 },
      { from: 0.2, to: 0.5, count: 0 },
      { from: 0.5, to: 1, count: 0 },
      { from: 1, to: 2, count: 0 },
      { from: 2, to: 5, count: 2 },
      { from: 5, to: 10, count: 1 },
      { from: 10, to: 20, count: 0 },
      { from: 20, to: 50, count: 1 },
    ]);
  });

  it('edges are inclusive below, exclusive above; huge values go to the open last bin; junk is ignored', () => {
    expect(histogram125([20, 49.999])).toEqual([{ from: 20, to: 50, count: 2 }]);
    expect(histogram125([1e9])).toEqual([{ from: 5e6, to: null, count: 1 }]);
    expect(histogram125([NaN, -1, Infinity])).toEqual([]);
    expect(histogram125([])).toEqual([]);
  });
});

describe('capture summary', () => {
  it('counts versions, suites, key exchanges, outcomes, failures and verdicts over the rows', () => {
    const rows = [
      row(0, {}),
      row(1, { tlsVersion: 'TLS 1.3', cipher: 'TLS_AES_128_GCM_SHA256', keyExchange: 'TLS1.3-ECDHE', handshakeMs: 15 }),
      row(2, { tlsVersion: 'TLS 1.3', cipher: 'TLS_AES_128_GCM_SHA256', keyExchange: 'TLS1.3-ECDHE', handshakeMs: 120, certVerdict: 'expired' }),
      row(3, { status: 'alert', alert: 'handshake_failure', tlsVersion: null, cipher: null, keyExchange: null, handshakeMs: null, certVerdict: null }),
      row(4, { status: 'not-tls', tlsVersion: null, cipher: null, keyExchange: null, handshakeMs: null, certVerdict: null, tcpRttMs: 300, start: 990, durationMs: 20_000 }),
      undefined,
    ];
    const s = summarizeRows(rows);
    expect(s.connections).toBe(5);
    expect(s.tlsConnections).toBe(4);
    expect(s.firstTime).toBe(990);
    expect(s.lastTime).toBe(1010);
    expect(s.versions).toEqual([
      { key: 'TLS 1.3', count: 2 },
      { key: 'TLS 1.2', count: 1 },
    ]);
    expect(s.cipherSuites[0]).toEqual({ key: 'TLS_AES_128_GCM_SHA256', count: 2 });
    expect(s.keyExchanges).toEqual([
      { key: 'TLS1.3-ECDHE', count: 2 },
      { key: 'ECDHE', count: 1 },
    ]);
    expect(s.statuses).toEqual([
      { key: 'complete', count: 3 },
      { key: 'alert', count: 1 },
      { key: 'not-tls', count: 1 },
    ]);
    expect(s.failures).toEqual([{ key: 'handshake_failure', count: 1 }]);
    expect(s.certVerdicts).toEqual([
      { key: 'valid', count: 2 },
      { key: 'expired', count: 1 },
    ]);
    expect(s.handshakeMs.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(s.tcpRttMs.reduce((n, b) => n + b.count, 0)).toBe(5);
    expect(summarizeRows([])).toMatchObject({ connections: 0, firstTime: null, lastTime: null, handshakeMs: [] });
  });

  it('a row carries the waterfall boundaries from the report', () => {
    const c = syntheticConnection({ exchanges: 1 });
    c.tcp.times.finFromClient = T0 + 0.07;
    const r = connectionRow(c);
    expect(r).toMatchObject({ keyExchange: 'ECDHE', alpn: 'h2', certVerdict: 'expired', ja4: c.tls!.ja4, alert: null, bytesC2s: 2000, bytesS2c: 20000, framesC2s: 10, framesS2c: 12, tcpRttMs: 10.2 });
    expect(r.connectMs).toBe(10.2);
    expect(r.tlsDoneMs).toBe(41);
    expect(r.teardownMs).toBe(70);
  });
});
