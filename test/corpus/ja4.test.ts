import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../main/engine/index';
import { CORPUS_AVAILABLE, CORPUS_DIR, CORPUS_SKIP_REASON } from './corpus';

/**
 * JA4 against the reference values kept beside the captures: FoxIO's own
 * python test data (JA4.n / JA4_r.n per stream, in ClientHello order) and the
 * Suricata test.yaml checks (tls.ja4). tshark 4.0 has no JA4, so these are
 * the only independent truth.
 */
const foxioDir = join(CORPUS_DIR, 'foxio-ja4', 'expected', 'python-testdata');
const suricataDir = join(CORPUS_DIR, 'suricata-verify', 'expected');

describe.skipIf(!CORPUS_AVAILABLE || !existsSync(foxioDir))('corpus: JA4 agrees with FoxIO reference output', () => {
  for (const file of existsSync(foxioDir) ? readdirSync(foxioDir).sort() : []) {
    const capture = file.replace(/\.json$/, '');
    it(capture, async () => {
      const expected = JSON.parse(readFileSync(join(foxioDir, file), 'utf8')) as Array<Record<string, string>>;
      const { report } = await analyzeCapture(join(CORPUS_DIR, 'foxio-ja4', capture));
      let compared = 0;
      for (const e of expected) {
        const keys = Object.keys(e).filter((k) => /^JA4\.\d+$/.test(k));
        if (keys.length === 0 || !e.srcport) continue;
        // FoxIO's stream numbers count UDP streams too; match by client port and address instead
        const conn = report.connections.find((c) => c.client.endsWith(`:${e.srcport}`) && c.server.endsWith(`:${e.dstport}`) && c.client.includes(e.src));
        if (!conn) continue; // QUIC (UDP) entries: not dissected
        const hellos = conn.tls?.clientHellos ?? [];
        for (const k of keys) {
          const n = Number(k.split('.')[1]);
          expect(hellos[n - 1]?.ja4, `${capture} ${e.src}:${e.srcport} ClientHello ${n}`).toBe(e[k]);
          expect(hellos[n - 1]?.ja4Raw, `${capture} ${e.src}:${e.srcport} ClientHello ${n} (raw)`).toBe(e[`JA4_r.${n}`]);
          compared++;
        }
      }
      const expectedTcp = expected.filter((e) => Object.keys(e).some((k) => /^JA4\.\d+$/.test(k)) && report.connections.some((c) => c.client.endsWith(`:${e.srcport}`)));
      expect(compared).toBeGreaterThanOrEqual(expectedTcp.length);
    });
  }
});

describe.skipIf(!CORPUS_AVAILABLE || !existsSync(suricataDir))('corpus: JA4 agrees with Suricata test expectations', () => {
  for (const dir of existsSync(suricataDir) ? readdirSync(suricataDir).sort() : []) {
    const yaml = join(suricataDir, dir, 'test.yaml');
    if (!existsSync(yaml)) continue;
    const values = [...readFileSync(yaml, 'utf8').matchAll(/tls\.ja4:\s*(\S+)/g)].map((m) => m[1]);
    if (values.length === 0) continue;
    it(dir, async () => {
      const capture = readdirSync(join(CORPUS_DIR, 'suricata-verify')).find((f) => f.replace(/\.pcap$/, '') === dir.replace(/^tls_/, '').replace(/-01$/, ''));
      expect(capture, `capture for ${dir}`).toBeDefined();
      const { report } = await analyzeCapture(join(CORPUS_DIR, 'suricata-verify', capture!));
      const ours = report.connections.flatMap((c) => c.tls?.clientHellos.map((h) => h.ja4) ?? []);
      for (const v of values) expect(ours).toContain(v);
    });
  }
});

if (!CORPUS_AVAILABLE) {
  describe('corpus tier (JA4)', () => {
    it.skip(CORPUS_SKIP_REASON, () => {});
  });
}
