/**
 * Robustness: real recorded sessions, mangled thousands of times (bit flips, truncation,
 * byte insertions, random re-segmentation, gaps), must never throw, never hang, and always
 * give a summary that serialises to JSON.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { feedChunks, type Chunk } from './helpers/feed';
import { makeCertificate, runSession } from './helpers/node-tls-session';
import { TlsConnectionAnalyzer } from '../../../../main/engine/tls/connection';
import { sslv2ClientHello } from './helpers/tls-bytes';
import { seededRandom } from '../../../fixtures/builders';

let sessions: Chunk[][] = [];

beforeAll(async () => {
  const cert = makeCertificate('fuzz.tlslens.test');
  const runs = await Promise.all([
    runSession(cert, { server: { maxVersion: 'TLSv1.2' }, client: { ALPNProtocols: ['h2'] } }),
    runSession(cert, { server: { minVersion: 'TLSv1.3' } }),
    runSession(cert, { server: { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' }, client: { maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256' } }),
  ]);
  sessions = runs.map((r) => r.chunks);
  sessions.push([{ dir: 'c2s', bytes: sslv2ClientHello(0x0301, [0x010080, 0x00002f], Array(16).fill(7)), time: 1 }]);
});

function mutate(chunks: Chunk[], rnd: () => number): { chunks: Chunk[]; gaps: Map<number, number> } {
  const out: Chunk[] = [];
  const gaps = new Map<number, number>();
  for (const c of chunks) {
    let bytes = new Uint8Array(c.bytes);
    const op = rnd();
    if (op < 0.3) {
      const flips = 1 + Math.floor(rnd() * 8);
      for (let i = 0; i < flips && bytes.length; i++) bytes[Math.floor(rnd() * bytes.length)] ^= 1 << Math.floor(rnd() * 8);
    } else if (op < 0.4) {
      bytes = bytes.subarray(0, Math.floor(rnd() * bytes.length));
    } else if (op < 0.5) {
      const at = Math.floor(rnd() * bytes.length);
      const junk = Uint8Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => Math.floor(rnd() * 256));
      const joined = new Uint8Array(bytes.length + junk.length);
      joined.set(bytes.subarray(0, at));
      joined.set(junk, at);
      joined.set(bytes.subarray(at), at + junk.length);
      bytes = joined;
    } else if (op < 0.55) {
      // length fields set to their maximum
      for (let i = 0; i + 1 < bytes.length; i += 97) bytes[i] = 0xff;
    }
    if (rnd() < 0.05) gaps.set(out.length, 1 + Math.floor(rnd() * 3000));
    // re-segment
    let pos = 0;
    while (pos < bytes.length) {
      const n = rnd() < 0.2 ? 1 + Math.floor(rnd() * 5) : 1 + Math.floor(rnd() * 1500);
      out.push({ dir: c.dir, bytes: bytes.subarray(pos, pos + n), time: c.time });
      pos += n;
    }
  }
  if (rnd() < 0.3) out.splice(Math.floor(rnd() * out.length));
  return { chunks: out, gaps };
}

function run(chunks: Chunk[], gaps: Map<number, number>): void {
  const a = new TlsConnectionAnalyzer();
  const offsets = { c2s: 0, s2c: 0 };
  chunks.forEach((c, i) => {
    const sink = c.dir === 'c2s' ? a.client : a.server;
    const ref = { frame: i + 1, time: c.time, fileOffset: i * 100 };
    const gap = gaps.get(i);
    if (gap) {
      sink.gap(offsets[c.dir], gap, ref);
      offsets[c.dir] += gap;
    }
    sink.data(c.bytes, offsets[c.dir], ref, 0);
    offsets[c.dir] += c.bytes.length;
    if (i % 7 === 0) a.summary({});
  });
  a.client.end();
  a.server.end();
  const s = a.summary({ finFromClient: 2, finFromServer: 2 });
  if (s) {
    JSON.parse(JSON.stringify(s));
    expect(s.anomalies.length).toBeLessThanOrEqual(200);
    expect(s.messages.length).toBeLessThanOrEqual(4000 + 4);
  }
}

describe('fuzzing recorded sessions', () => {
  it('survives 3000 mangled variants without throwing, in bounded time', () => {
    const started = Date.now();
    let detected = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const rnd = seededRandom(seed);
      const base = sessions[seed % sessions.length];
      const { chunks, gaps } = mutate(base, rnd);
      try {
        run(chunks, gaps);
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).stack}`);
      }
      detected++;
    }
    expect(detected).toBe(3000);
    expect(Date.now() - started).toBeLessThan(45_000);
  });

  it('survives pure noise and adversarial lengths', () => {
    const rnd = seededRandom(42);
    for (let i = 0; i < 500; i++) {
      const noise = Uint8Array.from({ length: 1 + Math.floor(rnd() * 4000) }, () => Math.floor(rnd() * 256));
      // a plausible hello header in front makes the parser go deep into the noise
      const head = Uint8Array.from([0x16, 0x03, 0x01, 0x3f, 0xff, 0x01, 0xff, 0xff, 0xff, 0x03, 0x03]);
      const bytes = new Uint8Array(head.length + noise.length);
      bytes.set(head);
      bytes.set(noise, head.length);
      const { analyzer } = feedChunks([{ dir: 'c2s', bytes, time: 0 }, { dir: 's2c', bytes: noise, time: 0 }]);
      JSON.stringify(analyzer.summary({}));
    }
  });
});
