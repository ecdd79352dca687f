import { describe, expect, it } from 'vitest';
import { ConnectionIndex, endpointSortKey, type ConnectionSource } from '../../../main/worker/connection-index';
import type { ConnectionReportView, TlsSummary } from '../../../contract/api';

function report(id: number, over: { client?: string; bytes?: number; tls?: Partial<TlsSummary> | null; rst?: boolean }): ConnectionReportView {
  return {
    id,
    client: over.client ?? `10.0.0.${id}:5000`,
    server: '192.0.2.1:443',
    start: 1000 + id,
    bytes: { c2s: over.bytes ?? 100, s2c: 0 },
    frames: { c2s: 1, s2c: 1 },
    tcp: { rstFromClient: over.rst ?? false, rstFromServer: false },
    tls: over.tls === undefined ? null : (over.tls as TlsSummary),
  } as unknown as ConnectionReportView;
}

function source(reports: ConnectionReportView[], versions: number[]): ConnectionSource {
  return { count: () => reports.length, version: (i) => versions[i], report: (i) => reports[i] };
}

const q = (over: Partial<Parameters<ConnectionIndex['query']>[0]> = {}) => ({ offset: 0, limit: 100, sort: { key: 'id' as const, direction: 'asc' as const }, filter: '', ...over });

describe('ConnectionIndex', () => {
  it('derives a status from the TLS summary', () => {
    const reports = [
      report(0, {}),
      report(1, { tls: { handshakeComplete: true, alerts: [], sni: 'a.example', versionName: 'TLS 1.3', cipherSuiteName: 'TLS_AES_128_GCM_SHA256', timings: { handshakeMs: 12.5 } as TlsSummary['timings'] } }),
      report(2, { tls: { handshakeComplete: false, alerts: [{ level: 2 } as TlsSummary['alerts'][number]] } }),
      report(3, { tls: { handshakeComplete: false, alerts: [] }, rst: true }),
      report(4, { tls: { handshakeComplete: false, alerts: [] } }),
    ];
    const index = new ConnectionIndex(source(reports, [1, 1, 1, 1, 1]));
    index.refresh();
    expect(index.query(q()).rows.map((r) => r.status)).toEqual(['not-tls', 'complete', 'alert', 'reset', 'incomplete']);
    expect(index.row(1)).toMatchObject({ sni: 'a.example', tlsVersion: 'TLS 1.3', cipher: 'TLS_AES_128_GCM_SHA256', handshakeMs: 12.5 });
    expect(index.tlsConnections).toBe(4);
  });

  it('re-derives only changed rows and bumps the revision when something changed', () => {
    const reports = [report(0, { bytes: 1 }), report(1, { bytes: 2 })];
    const versions = [1, 1];
    const index = new ConnectionIndex(source(reports, versions));
    expect(index.refresh()).toBe(true);
    const rev = index.revision;
    expect(index.refresh()).toBe(false);
    expect(index.revision).toBe(rev);
    reports[1] = report(1, { bytes: 50 });
    expect(index.row(1)?.bytes).toBe(2); // version unchanged: not re-read
    versions[1] = 2;
    expect(index.refresh()).toBe(true);
    expect(index.revision).toBe(rev + 1);
    expect(index.row(1)?.bytes).toBe(50);
  });

  it('with a time budget, does part of the work and goes on from there next time, new connections first', () => {
    const reports = Array.from({ length: 40 }, (_, i) => report(i, {}));
    const versions = new Array(40).fill(1);
    let count = 20;
    const slow: ConnectionSource = {
      count: () => count,
      version: (i) => versions[i],
      report: (i) => {
        const until = performance.now() + 2;
        while (performance.now() < until);
        return reports[i];
      },
    };
    const index = new ConnectionIndex(slow);
    index.refresh(5);
    const first = index.size;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(20);
    while (index.size < 20) index.refresh(5);
    // an old row changes and new connections arrive: the new ones are served first
    versions[0] = 2;
    reports[0] = report(0, { bytes: 999 });
    count = 40;
    index.refresh(5);
    expect(index.size).toBeGreaterThan(20);
    expect(index.row(0)?.bytes).toBe(100);
    index.refresh();
    expect(index.size).toBe(40);
    expect(index.row(0)?.bytes).toBe(999);
  });

  it('sorts missing values last in both directions, ties in capture order', () => {
    const reports = [report(0, { tls: { timings: { handshakeMs: 5 } } as Partial<TlsSummary> }), report(1, {}), report(2, { tls: { timings: { handshakeMs: 1 } } as Partial<TlsSummary> }), report(3, { tls: { timings: { handshakeMs: 5 } } as Partial<TlsSummary> })];
    const index = new ConnectionIndex(source(reports, [1, 1, 1, 1]));
    index.refresh();
    expect(index.query(q({ sort: { key: 'handshakeMs', direction: 'asc' } })).rows.map((r) => r.id)).toEqual([2, 0, 3, 1]);
    expect(index.query(q({ sort: { key: 'handshakeMs', direction: 'desc' } })).rows.map((r) => r.id)).toEqual([0, 3, 2, 1]);
  });

  it('filters case-insensitively over the visible columns', () => {
    const reports = [report(0, { tls: { sni: 'Mail.Example.org', alerts: [], handshakeComplete: true } }), report(1, {}), report(2, { client: '[2001:db8::1]:443' })];
    const index = new ConnectionIndex(source(reports, [1, 1, 1]));
    index.refresh();
    expect(index.query(q({ filter: 'mail.example' })).rows.map((r) => r.id)).toEqual([0]);
    expect(index.query(q({ filter: 'not-tls' })).rows.map((r) => r.id)).toEqual([1, 2]);
    expect(index.query(q({ filter: '2001:DB8' })).rows.map((r) => r.id)).toEqual([2]);
  });

  // how fast: `npm run bench:renderer` prints it; a test on a shared CI machine asserts results only
  it('pages through 100,000 connections sorted by a column', () => {
    const n = 100_000;
    const reports = Array.from({ length: n }, (_, i) => report(i, { client: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:${1024 + (i % 60000)}`, bytes: (i * 7919) % 100_003 }));
    const index = new ConnectionIndex(source(reports, new Array(n).fill(1)));
    index.refresh();
    const page = index.query(q({ sort: { key: 'bytes', direction: 'desc' }, offset: 50_000, limit: 60 }));
    expect(page.rows).toHaveLength(60);
    expect(page.total).toBe(n);
    const next = index.query(q({ sort: { key: 'bytes', direction: 'desc' }, offset: 50_060, limit: 60 }));
    // the same order as a plain sort of the reports (ties keep id order)
    const expected = reports.map((r, i) => ({ id: i, bytes: r.bytes.c2s + r.bytes.s2c })).sort((a, b) => b.bytes - a.bytes || a.id - b.id);
    expect([...page.rows, ...next.rows].map((r) => r.id)).toEqual(expected.slice(50_000, 50_120).map((e) => e.id));
  });

  it('makes endpoint sort keys numeric-aware', () => {
    expect(endpointSortKey('10.0.0.9:80') < endpointSortKey('10.0.0.10:80')).toBe(true);
    expect(endpointSortKey('10.0.0.1:9') < endpointSortKey('10.0.0.1:10')).toBe(true);
    expect(endpointSortKey('10.0.0.1:443') < endpointSortKey('[::1]:443')).toBe(true);
  });
});
