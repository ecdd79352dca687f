/**
 * The Timing tab's headline figures, from the analysis worker's capture
 * summary, against the CLI's JSON for the same capture (independent of the
 * summary code): connection and TLS counts, failures (a fatal alert), the
 * most common version and key exchange, and the bin of the median handshake.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, ROOT } from '../../../../support/paths';
import type { CaptureSummary } from '../../../../../contract/api';
import { WorkerAnalysis } from '../../../../../main/worker/worker-analysis';
import { medianBin, summaryFacts } from '../../../../../renderer/src/features/timing/summary-facts';

const CORPUS = CORPUS_DIR;
const files = ['zeek/ecdhe.pcap', 'foxio-ja4/latest.pcapng', 'foxio-ja4/browsers-x509.pcapng', 'arkime/tls13.pcap', 'foxio-ja4/badcurveball.pcap'].map((f) => join(CORPUS, f)).filter(existsSync);

interface CliConnection {
  tls: null | { versionName: string | null; keyExchange: string | null; alerts: Array<{ level: number }>; timings: { handshakeMs: number | null } };
}

function counts(values: Array<string | null>): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

describe('summary facts', () => {
  it('medianBin picks the bin holding the lower median', () => {
    const bins = [
      { from: 0, to: 10, count: 1 },
      { from: 10, to: 20, count: 1 },
      { from: 20, to: null, count: 2 },
    ];
    expect(medianBin(bins)).toBe(bins[1]);
    expect(medianBin([{ from: 0, to: 10, count: 0 }])).toBeNull();
    expect(medianBin([{ from: 0, to: 10, count: 0 }, { from: 10, to: null, count: 3 }])).toEqual({ from: 10, to: null, count: 3 });
  });

  it.skipIf(files.length === 0).each(files)('%s: agrees with `tlslens analyze`', async (path) => {
    const worker = new WorkerAnalysis({ path }, () => {});
    await worker.run();
    const r = await worker.handle({ op: 'summary' });
    if (!r.ok) throw new Error(r.error.message);
    const facts = summaryFacts(r.value as CaptureSummary);
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'tlslens.mjs'), 'analyze', path, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const connections = (JSON.parse(cli.stdout) as { connections: CliConnection[] }).connections;
    const tls = connections.filter((c) => c.tls).map((c) => c.tls!);
    expect(facts.connections).toBe(connections.length);
    expect(facts.tlsConnections).toBe(tls.length);
    expect(facts.failed).toBe(tls.filter((t) => t.alerts.some((a) => a.level === 2)).length);
    for (const [fact, values] of [
      [facts.topVersion, tls.map((t) => t.versionName)],
      [facts.topKeyExchange, tls.map((t) => t.keyExchange)],
    ] as const) {
      const byKey = counts([...values]);
      const most = Math.max(0, ...byKey.values());
      if (most === 0) expect(fact).toBeNull();
      else {
        expect(byKey.get(fact!.key)).toBe(most);
        expect(fact!.count).toBe(most);
        expect(fact!.percent).toBe(Math.round((most / tls.length) * 100));
      }
    }
    const handshakes = tls.map((t) => t.timings.handshakeMs).filter((v): v is number => v !== null).sort((a, b) => a - b);
    if (handshakes.length === 0) expect(facts.medianHandshakeBin).toBeNull();
    else {
      const median = handshakes[Math.ceil(handshakes.length / 2) - 1];
      const bin = facts.medianHandshakeBin!;
      expect(median).toBeGreaterThanOrEqual(bin.from);
      if (bin.to !== null) expect(median).toBeLessThan(bin.to);
    }
  });
});
