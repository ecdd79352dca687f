/**
 * The flow list's "Connections as JSON" export is the CLI's document: for the
 * same capture, unfiltered and in id order, it must equal what
 * `tlslens analyze FILE --format json` prints (the real bin, a real process),
 * field for field. A filtered export holds exactly the CLI's reports of the
 * connections the filter lists, in the listed order.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, ROOT } from '../../support/paths';
import type { ExportResult, SortKey } from '../../../contract/api';
import { WorkerAnalysis } from '../../../main/worker/worker-analysis';
import type { FromWorker } from '../../../main/worker/worker-protocol';
import { manyConnections, writeTemp } from '../../fixtures/many-connections';

const BIN = join(ROOT, 'bin', 'tlslens.mjs');
const CORPUS = CORPUS_DIR;

interface Doc {
  schema: string;
  connections: Array<{ id: number; server: string; bytes: { c2s: number; s2c: number } }>;
  [key: string]: unknown;
}

function cliJson(path: string): Doc {
  const r = spawnSync(process.execPath, [BIN, 'analyze', path, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

async function exportJson(path: string, filter = '', sort: { key: SortKey; direction: 'asc' | 'desc' } = { key: 'id', direction: 'asc' }): Promise<Doc> {
  const posted: FromWorker[] = [];
  const worker = new WorkerAnalysis({ path }, (m) => posted.push(m));
  await worker.run();
  expect(posted.some((m) => m.type === 'finished')).toBe(true);
  const result = await worker.handle({ op: 'export', format: 'json', filter, sort });
  if (!result.ok) throw new Error(result.error.message);
  const content = result.value as Extract<ExportResult, { kind: 'content' }>;
  expect(content.kind).toBe('content');
  return JSON.parse(content.content) as Doc;
}

const corpusFiles = ['zeek/ecdhe.pcap', 'arkime/tls13.pcap', 'arkime/openssl-tls1_2.pcap', 'foxio-ja4/tls-handshake.pcapng', 'illustrated-tls13/capture.pcap']
  .map((f) => join(CORPUS, f))
  .filter(existsSync);

describe('JSON export equals `tlslens analyze --format json`', () => {
  it('a built capture of 30 connections', async () => {
    const path = writeTemp('thirty.pcap', manyConnections(30).bytes);
    const cli = cliJson(path);
    expect(cli.connections).toHaveLength(30);
    expect(await exportJson(path)).toEqual(cli);
  });

  it.skipIf(corpusFiles.length === 0).each(corpusFiles)('corpus %s', async (path) => {
    const cli = cliJson(path);
    expect(cli.schema).toBe('tlslens.analysis/1');
    expect(await exportJson(path)).toEqual(cli);
  });

  it('a filtered, sorted export holds the CLI’s reports of the listed connections, in the listed order', async () => {
    const path = writeTemp('thirty.pcap', manyConnections(30).bytes);
    const cli = cliJson(path);
    const doc = await exportJson(path, 'port:20003-20012', { key: 'bytesC2s', direction: 'desc' });
    const expected = cli.connections
      .filter((c) => {
        const port = Number(/:(\d+)$/.exec((c as unknown as { client: string }).client)![1]);
        return port >= 20003 && port <= 20012;
      })
      .sort((a, b) => b.bytes.c2s - a.bytes.c2s || a.id - b.id);
    expect(doc.connections.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    expect(doc.connections).toEqual(expected);
    const { connections: _a, ...head } = doc;
    const { connections: _b, ...cliHead } = cli;
    expect(head).toEqual(cliHead);
  });
});
