/**
 * The analysis service with its real worker thread (out/main/analysis-worker.js):
 * open, progress, paging/sorting/filtering in the worker, details, frame
 * bytes re-read from the file, damaged files, cancel and close.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalysisEvent, AnalysisSummary } from '../../../contract/api';
import { analysisWorkerPath } from '../../../main/app/app-paths';
import { AnalysisService } from '../../../main/app/services/analysis-service';
import { manyConnections, repeatRecords, writeTemp } from '../../fixtures/many-connections';

const COUNT = 300;
let service: AnalysisService | null = null;

function start(): { service: AnalysisService; events: AnalysisEvent[]; finished: Promise<AnalysisSummary> } {
  const s = new AnalysisService({ workerPath: analysisWorkerPath() });
  service = s;
  const events: AnalysisEvent[] = [];
  const finished = new Promise<AnalysisSummary>((resolve, reject) =>
    s.subscribe((e) => {
      events.push(e);
      if (e.type === 'finished') resolve(e.summary);
      if (e.type === 'failed') reject(new Error(e.error.message));
    }),
  );
  return { service: s, events, finished };
}

afterEach(() => {
  service?.dispose();
  service = null;
});

const query = { offset: 0, limit: 50, sort: { key: 'id' as const, direction: 'asc' as const }, filter: '' };

describe('AnalysisService', () => {
  it('reads a capture in a worker and reports what it found', async () => {
    const built = manyConnections(COUNT);
    const path = writeTemp('many.pcap', built.bytes);
    const { service, events, finished } = start();
    const opened = await service.open(path, { source: 'file' });
    expect(opened.file).toMatchObject({ name: 'many.pcap', path, size: built.bytes.length, source: 'file' });
    const summary = await finished;
    expect(summary).toMatchObject({ complete: true, cancelled: false, connections: COUNT, frames: COUNT * 8, format: 'pcap', bytesRead: built.bytes.length, percent: 100 });
    expect(events[0]).toEqual({ type: 'started', analysisId: opened.analysisId, file: opened.file });
    expect(service.state()).toMatchObject({ status: 'finished', analysisId: opened.analysisId });
  });

  it('pages, sorts and filters in the worker', async () => {
    const path = writeTemp('many.pcap', manyConnections(COUNT).bytes);
    const { service, finished } = start();
    const { analysisId } = await service.open(path, { source: 'file' });
    await finished;

    const first = await service.listConnections({ analysisId, ...query });
    expect(first).toMatchObject({ analysisId, offset: 0, total: COUNT, totalAll: COUNT });
    expect(first.rows.map((r) => r.id)).toEqual([...Array(50).keys()]);
    expect(first.rows[5]).toMatchObject({ client: '10.0.0.5:20005', server: '192.0.2.1:443', status: 'not-tls', frames: 8 });

    const page = await service.listConnections({ analysisId, ...query, offset: 280, limit: 50 });
    expect(page.rows.map((r) => r.id)).toEqual([...Array(20).keys()].map((i) => 280 + i));

    // client addresses sort as numbers: 10.0.0.9 before 10.0.0.10, and 10.0.0.255 before 10.0.1.0
    const byClient = await service.listConnections({ analysisId, ...query, sort: { key: 'client', direction: 'asc' }, offset: 254, limit: 4 });
    expect(byClient.rows.map((r) => r.client)).toEqual(['10.0.0.254:20254', '10.0.0.255:20255', '10.0.1.0:20256', '10.0.1.1:20257']);

    const byBytes = await service.listConnections({ analysisId, ...query, sort: { key: 'bytes', direction: 'desc' }, limit: COUNT });
    const bytes = byBytes.rows.map((r) => r.bytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
    expect(bytes[0]).toBeGreaterThan(bytes[COUNT - 1]);

    const filtered = await service.listConnections({ analysisId, ...query, filter: '10.0.1.', locateId: 260 });
    expect(filtered.total).toBe(COUNT - 256);
    expect(filtered.rows.every((r) => r.client.startsWith('10.0.1.'))).toBe(true);
    expect(filtered.locatedIndex).toBe(4);
    const none = await service.listConnections({ analysisId, ...query, filter: 'no such host', locateId: 3 });
    expect(none).toMatchObject({ total: 0, rows: [], locatedIndex: null });
  });

  it('gives one connection’s events and re-reads a frame’s bytes from the file', async () => {
    const built = manyConnections(20);
    const path = writeTemp('twenty.pcap', built.bytes);
    const { service, finished } = start();
    const { analysisId } = await service.open(path, { source: 'file' });
    await finished;
    const details = await service.connectionDetails(analysisId, 7);
    expect(details.row.id).toBe(7);
    expect(details.connection.events.map((e) => e.kind)).toEqual(['syn', 'syn-ack', 'ack', 'data', 'fin', 'fin', 'fin-ack']);
    const dataEvent = details.connection.events[3];
    const frame = await service.frameBytes(analysisId, dataEvent.frame);
    const index = dataEvent.frame - 1;
    expect(frame.fileOffset).toBe(built.dataOffsets[index]);
    const fromFile = readFileSync(path).subarray(frame.fileOffset, frame.fileOffset + frame.length);
    expect(Buffer.from(frame.base64, 'base64').equals(fromFile)).toBe(true);
    await expect(service.connectionDetails(analysisId, 20)).rejects.toMatchObject({ code: 'unknown-connection' });
    await expect(service.frameBytes(analysisId, 10_000)).rejects.toMatchObject({ code: 'unknown-frame' });
    await expect(service.connectionDetails('a999-old', 1)).rejects.toMatchObject({ code: 'stale-analysis' });
  });

  it('reports a truncated file as incomplete, with the error naming the file and offset, and keeps the partial rows', async () => {
    const built = manyConnections(40);
    const cut = built.recordOffsets[200] + 10; // in the middle of record 201's header
    const path = writeTemp('cut.pcap', built.bytes.subarray(0, cut));
    const { service, finished } = start();
    const { analysisId } = await service.open(path, { source: 'file' });
    const summary = await finished;
    expect(summary.complete).toBe(false);
    expect(summary.cancelled).toBe(false);
    expect(summary.frames).toBe(200);
    expect(summary.errors.length).toBeGreaterThan(0);
    expect(summary.errors.map((e) => e.message).join('\n')).toContain(path);
    expect(summary.errors.some((e) => e.fileOffset === built.recordOffsets[200])).toBe(true);
    const page = await service.listConnections({ analysisId, ...query });
    expect(page.total).toBe(25);
  });

  it('cancels a long read and keeps what was read', async () => {
    // several 1 MiB reads: the records of 3000 connections, repeated after one file header
    const big = repeatRecords(manyConnections(3000), 5);
    const path = writeTemp('big.pcap', big);
    const { service, finished } = start();
    const { analysisId } = await service.open(path, { source: 'file' });
    service.cancel();
    const summary = await finished;
    expect(summary).toMatchObject({ cancelled: true, complete: false });
    expect(summary.bytesRead).toBeLessThan(big.length);
    expect(service.state()).toMatchObject({ status: 'finished', analysisId });
    // what was read stays browsable
    const page = await service.listConnections({ analysisId, ...query });
    expect(page.totalAll).toBe(summary.connections);
  });

  it('close ends the worker and answers later queries as stale', async () => {
    const path = writeTemp('many.pcap', manyConnections(10).bytes);
    const { service, events, finished } = start();
    const { analysisId } = await service.open(path, { source: 'file' });
    await finished;
    service.close();
    expect(events.at(-1)).toEqual({ type: 'closed', analysisId });
    expect(service.state()).toEqual({ status: 'idle' });
    await expect(service.listConnections({ analysisId, ...query })).rejects.toMatchObject({ code: 'no-analysis' });
  });

  it('removes an upload’s temp file when its analysis is replaced', async () => {
    const path = writeTemp('many.pcap', manyConnections(5).bytes);
    let cleaned = 0;
    const { service, finished } = start();
    await service.open(path, { source: 'upload', displayName: 'mine.pcap', cleanup: () => cleaned++ });
    await finished;
    expect(service.state()).toMatchObject({ file: { name: 'mine.pcap', path: null, source: 'upload' } });
    const other = writeTemp('other.pcap', manyConnections(2).bytes);
    await service.open(other, { source: 'file' });
    expect(cleaned).toBe(1);
  });
});
