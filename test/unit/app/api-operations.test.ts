/**
 * The operations the views added to the contract (getCaptureSummary,
 * exportConnections, saveFile): their validators, and what the handlers do
 * with and without a save dialog (Electron / browser mode), through the same
 * dispatch path IPC and the WebSocket bridge use — with a real worker.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalysisSummary, CaptureSummary, ExportResult } from '../../../contract/api';
import { analysisWorkerPath } from '../../../main/app/app-paths';
import { dispatch } from '../../../main/app/api-dispatch';
import { createApiHandlers } from '../../../main/app/api-handlers';
import { validators, ValidationError } from '../../../main/app/request-validators';
import { createServices, disposeServices } from '../../../main/app/services/index';
import { manyConnections, writeTemp } from '../../fixtures/many-connections';

const sort = { key: 'id', direction: 'asc' };

describe('validators of the views’ operations', () => {
  it('accept well-formed requests', () => {
    expect(validators.getCaptureSummary({ analysisId: 'a1-x' })).toEqual({ analysisId: 'a1-x' });
    expect(validators.exportConnections({ analysisId: 'a1-x', format: 'csv', filter: 'sni:a', sort })).toEqual({ analysisId: 'a1-x', format: 'csv', filter: 'sni:a', sort });
    expect(validators.saveFile({ suggestedName: 'ladder.svg', data: '<svg/>' }).suggestedName).toBe('ladder.svg');
    expect(validators.saveFile({ suggestedName: 'chart.png', data: new Uint8Array(8) }).data).toBeInstanceOf(Uint8Array);
  });

  it.each([
    ['getCaptureSummary', {}],
    ['getCaptureSummary', { analysisId: '../x' }],
    ['exportConnections', { analysisId: 'a1', format: 'xml', filter: '', sort }],
    ['exportConnections', { analysisId: 'a1', format: 'csv', filter: 'x'.repeat(201), sort }],
    ['exportConnections', { analysisId: 'a1', format: 'csv', filter: '', sort: { key: 'secret', direction: 'asc' } }],
    ['exportConnections', { analysisId: 'a1', format: 'csv', filter: '', sort, path: '/etc/passwd' }],
    ['saveFile', { suggestedName: '../../.bashrc', data: 'x' }],
    ['saveFile', { suggestedName: 'run.sh', data: 'x' }],
    ['saveFile', { suggestedName: 'a.svg', data: 42 }],
    ['saveFile', { suggestedName: 'a.svg', data: 'x', path: '/tmp/a.svg' }],
  ] as const)('%s refuses %j', (op, arg) => {
    expect(() => (validators[op] as (a: unknown) => unknown)(arg)).toThrow(ValidationError);
  });
});

describe('handlers of the views’ operations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlslens-views-api-'));
  const services = createServices({ userDataDir: join(dir, 'user'), samplesDir: join(dir, 'samples'), workerPath: analysisWorkerPath() });
  afterAll(() => disposeServices(services));

  async function opened(): Promise<string> {
    const finished = new Promise<AnalysisSummary>((resolve) => services.analysis.subscribe((e) => e.type === 'finished' && resolve(e.summary)));
    const { analysisId } = await services.analysis.open(writeTemp('many.pcap', manyConnections(12).bytes), { source: 'file' });
    await finished;
    return analysisId;
  }

  it('browser mode: the summary, and exports as content to download; saving files is the page’s job', async () => {
    const handlers = createApiHandlers(services, { settingsInPage: true });
    const analysisId = await opened();
    const summary = await dispatch(handlers, 'getCaptureSummary', [{ analysisId }]);
    expect(summary.ok && (summary.value as CaptureSummary)).toMatchObject({ analysisId, connections: 12, tlsConnections: 0, statuses: [{ key: 'not-tls', count: 12 }] });
    const csv = await dispatch(handlers, 'exportConnections', [{ analysisId, format: 'csv', filter: '', sort }]);
    const value = csv.ok ? (csv.value as ExportResult) : null;
    expect(value?.kind).toBe('content');
    if (value?.kind === 'content') expect(value.content.trimEnd().split('\r\n')).toHaveLength(13);
    const save = await dispatch(handlers, 'saveFile', [{ suggestedName: 'a.svg', data: '<svg/>' }]);
    expect(save).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('Electron: a save dialog chooses the path (or is cancelled) and the file is written there', async () => {
    let answer: string | null = null;
    const asked: string[] = [];
    const handlers = createApiHandlers(services, { uploads: false, chooseSavePath: async (name) => (asked.push(name), answer) });
    const analysisId = await opened();
    const cancelled = await dispatch(handlers, 'exportConnections', [{ analysisId, format: 'json', filter: '', sort }]);
    expect(cancelled).toEqual({ ok: true, value: { kind: 'cancelled' } });
    expect(asked).toEqual(['many-connections.json']);
    answer = join(dir, 'out.json');
    const saved = await dispatch(handlers, 'exportConnections', [{ analysisId, format: 'json', filter: 'port:20003', sort }]);
    expect(saved).toMatchObject({ ok: true, value: { kind: 'saved', path: answer, count: 1 } });
    const doc = JSON.parse(readFileSync(answer, 'utf8'));
    expect(doc.schema).toBe('tlslens.analysis/1');
    expect(doc.connections.map((c: { client: string }) => c.client)).toEqual(['10.0.0.3:20003']);
    answer = join(dir, 'ladder.png');
    const png = await dispatch(handlers, 'saveFile', [{ suggestedName: 'ladder.png', data: Uint8Array.of(0x89, 0x50, 0x4e, 0x47) }]);
    expect(png).toEqual({ ok: true, value: { saved: true, path: answer } });
    expect([...readFileSync(answer)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});
