import { describe, expect, it } from 'vitest';
import { patternBytes, seededRandom, TcpFlow, type FlowFrame } from '../../../fixtures/builders';
import { analyzeFrames } from '../support/drive';

/**
 * Property: whatever the capture order and however often segments (or
 * resegmented ranges) are repeated, with nothing lost the reassembled stream
 * is exactly the bytes that were sent, with no gap, and ends once.
 */
function scenario(seed: number) {
  const rnd = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const length = int(1, 6000);
  const stream = patternBytes(length, seed);
  const isn = rnd() < 0.3 ? 2 ** 32 - int(1, 3000) : int(0, 2 ** 32 - 1); // often across the wrap
  const flow = new TcpFlow({ clientIsn: isn, step: 0.00001 });
  const handshake = flow.handshake();
  const base = flow.next.client;
  const at = (offset: number) => (base + offset) % 2 ** 32;

  const segments: FlowFrame[] = [];
  for (let off = 0; off < length; ) {
    const size = Math.min(length - off, int(1, 400));
    segments.push(flow.send('client', stream.subarray(off, off + size)));
    off += size;
  }
  const withFin = rnd() < 0.5;
  const fin = withFin ? [flow.fin('client')] : [];

  // duplicates: exact copies, and resegmented ranges of the same bytes
  const extra: FlowFrame[] = [];
  for (let i = int(0, 8); i > 0; i--) {
    if (rnd() < 0.5 && segments.length > 0) extra.push(segments[int(0, segments.length - 1)]);
    else {
      const from = int(0, length - 1);
      const to = Math.min(length, from + int(1, 700));
      extra.push(flow.send('client', stream.subarray(from, to), { seq: at(from), keepSeq: true }));
    }
  }

  // capture order: local shuffles (reordering) of everything after the handshake
  const body = [...segments, ...fin, ...extra];
  for (let i = body.length - 1; i > 0; i--) {
    const j = Math.max(0, i - int(0, 6));
    [body[i], body[j]] = [body[j], body[i]];
  }
  return { stream, frames: [...handshake, ...body], withFin };
}

describe('reassembly property: reorder + duplication without loss reproduces the stream', () => {
  for (let seed = 1; seed <= 150; seed++) {
    it(`seed ${seed}`, () => {
      const { stream, frames, withFin } = scenario(seed);
      const { analyzer, consumers } = analyzeFrames(frames, { finish: false });
      const sink = consumers[0].client;
      if (withFin) expect(sink.endCount).toBe(1); // FIN plus every byte: ended without waiting for the capture end
      analyzer.finish();
      expect(sink.contractViolations()).toEqual([]);
      expect(sink.gapCalls).toEqual([]);
      expect(sink.endCount).toBe(1);
      const got = sink.bytes();
      expect(got.length).toBe(stream.length);
      expect(Buffer.from(got).equals(Buffer.from(stream))).toBe(true);
      expect(analyzer.connections).toHaveLength(1);
      expect(analyzer.connections[0].gaps).toBe(0);
    });
  }
});
