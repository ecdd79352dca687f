import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../../support/paths';
import { Analyzer } from '../../../../main/engine/model/analyzer';
import { readCaptureFile } from '../../../../main/engine/files/read-capture-file';
import type { TcpConnection } from '../../../../main/engine/tcp/connection';
import { connectionReport, type ConnectionReport } from '../../../../main/engine/model/report';
import { CORPUS_AVAILABLE, listCorpus } from '../../../corpus/corpus';

const SAMPLES = SAMPLES_DIR;

/** A connection's report (the CLI's contract) without its event list: what the table and every count come from. */
function withoutEvents(c: TcpConnection): Omit<ConnectionReport, 'events' | 'eventsTruncated'> {
  const { events: _events, eventsTruncated: _truncated, ...rest } = connectionReport(c);
  return rest;
}

async function analyse(path: string, keepEvents: boolean): Promise<Analyzer> {
  const analyzer = new Analyzer({ keepEvents });
  await readCaptureFile(path, analyzer);
  analyzer.finish();
  return analyzer;
}

/**
 * The table (`--format text`) analyses connections without their event lists: every other
 * fact of every connection, and every anomaly, must be what the full analysis finds.
 */
describe('connections analysed without events (the table)', () => {
  async function check(paths: string[]): Promise<number> {
    let events = 0;
    for (const path of paths) {
      const full = await analyse(path, true);
      const lean = await analyse(path, false);
      expect(lean.connections.map(withoutEvents), path).toEqual(full.connections.map(withoutEvents));
      expect(lean.stats, path).toEqual(full.stats);
      expect(lean.anomalies, path).toEqual(full.anomalies);
      expect(lean.connections.every((c) => c.events.length === 0 && !c.eventsTruncated), path).toBe(true);
      events += full.connections.reduce((n, c) => n + c.events.length, 0);
    }
    return events;
  }

  it('every sample: the same connections and anomalies, no events kept', async () => {
    const paths = readdirSync(SAMPLES).filter((n) => /\.(pcapng|pcap)$/.test(n)).map((n) => join(SAMPLES, n));
    expect(paths.length).toBeGreaterThan(5);
    // the full analysis does list events: the lean one dropped something real
    expect(await check(paths)).toBeGreaterThan(100);
  });

  it.skipIf(!CORPUS_AVAILABLE)('every corpus capture: the same connections and anomalies, no events kept', async () => {
    expect(await check(listCorpus().map((e) => e.capture))).toBeGreaterThan(1000);
  }, 120_000);
});
