import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../main/engine/index';
import { CORPUS_AVAILABLE, CORPUS_SKIP_REASON, listCorpus } from './corpus';

/**
 * Truncated and bit-flipped copies of every corpus capture: the engine must
 * never throw, hang or grow without bound; it reports anomalies and partial
 * results instead. QUIC and DTLS reports are built as well as the TCP ones.
 */
const MUTATIONS_PER_FILE = 24;
const MAX_FILE = 400 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'tlslens-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** xorshift32: reproducible mutations, so a failure can be replayed from its seed */
function prng(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function mutate(original: Buffer, seed: number): Buffer {
  const rand = prng(seed);
  const copy = Buffer.from(original);
  const kind = seed % 4;
  if (kind === 0) return copy.subarray(0, Math.floor(rand() * copy.length));
  const flips = kind === 1 ? 1 : kind === 2 ? 16 : 200;
  for (let i = 0; i < flips; i++) {
    // bias some flips into the first 64 bytes, where headers and lengths live
    const at = rand() < 0.2 ? Math.floor(rand() * Math.min(64, copy.length)) : Math.floor(rand() * copy.length);
    copy[at] ^= 1 << Math.floor(rand() * 8);
  }
  if (kind === 3) {
    // an absurd length somewhere: four 0xff bytes
    const at = Math.floor(rand() * Math.max(1, copy.length - 4));
    copy.fill(0xff, at, at + 4);
  }
  return copy;
}

describe.skipIf(!CORPUS_AVAILABLE)('corpus fuzz: damaged captures never crash, hang or balloon', () => {
  const entries = listCorpus().filter((e) => statSync(e.capture).size <= MAX_FILE);
  for (const entry of entries) {
    it(entry.name, async () => {
      const original = readFileSync(entry.capture);
      for (let i = 0; i < MUTATIONS_PER_FILE; i++) {
        const seed = (i + 1) * 2654435761 + original.length;
        const path = join(dir, `m-${i}.bin`);
        writeFileSync(path, mutate(original, seed >>> 0));
        const heapBefore = process.memoryUsage().heapUsed;
        const started = Date.now();
        const { report, session } = await analyzeCapture(path);
        // the QUIC and DTLS reports too (their TLS summaries are built only when asked)
        const json = JSON.stringify(report) + JSON.stringify([...session.udpConnectionReports()]);
        expect(Date.now() - started, `${entry.name} seed ${seed >>> 0}: time`).toBeLessThan(5000);
        expect(json.length).toBeGreaterThan(0);
        // a mutated small file must not make the engine hold tens of MB
        expect(process.memoryUsage().heapUsed - heapBefore, `${entry.name} seed ${seed >>> 0}: heap`).toBeLessThan(64 * 1024 * 1024);
        expect(report.stats.frames).toBeLessThanOrEqual(original.length / 16 + 1);
      }
    });
  }
});

if (!CORPUS_AVAILABLE) {
  describe('corpus fuzz', () => {
    it.skip(CORPUS_SKIP_REASON, () => {});
  });
}
