import type { FrameRef } from '../../../../../main/engine/types';
import type { Direction } from '../../../../../main/engine/tcp/stream-sink';
import { TlsConnectionAnalyzer } from '../../../../../main/engine/tls/connection';
import type { Anomaly } from '../../../../../main/engine/types';

/** One TCP payload as seen on the wire, in capture order. */
export interface Chunk {
  dir: Direction;
  bytes: Uint8Array;
  /** seconds since the epoch */
  time: number;
}

export interface Fed {
  analyzer: TlsConnectionAnalyzer;
  anomalies: Anomaly[];
  /** frame number given to each chunk (1-based, in order) */
  frames: number[];
}

/**
 * Feeds chunks as the TCP layer would: one data() call per chunk with a synthetic frame
 * (number = position, file offset = 1000 × number, payload at offset 54), stream offsets
 * counted per direction, then end() on both sides.
 */
export function feedChunks(chunks: readonly Chunk[], opts: { end?: boolean; extraTrustedRoots?: Uint8Array[]; tableFactsOnly?: boolean; overwriteAfterEach?: boolean } = {}): Fed {
  const anomalies: Anomaly[] = [];
  const analyzer = new TlsConnectionAnalyzer({ onAnomaly: (a) => anomalies.push(a), extraTrustedRoots: opts.extraTrustedRoots, tableFactsOnly: opts.tableFactsOnly });
  const offsets: Record<Direction, number> = { c2s: 0, s2c: 0 };
  const frames: number[] = [];
  chunks.forEach((c, i) => {
    const frame: FrameRef = { frame: i + 1, time: c.time, fileOffset: 1000 * (i + 1) };
    frames.push(frame.frame);
    const sink = c.dir === 'c2s' ? analyzer.client : analyzer.server;
    // overwriteAfterEach: as a capture reader reusing its buffer, the bytes are garbage once data() returns
    const bytes = opts.overwriteAfterEach ? c.bytes.slice() : c.bytes;
    sink.data(bytes, offsets[c.dir], frame, 54);
    if (opts.overwriteAfterEach) bytes.fill(0xee);
    offsets[c.dir] += c.bytes.length;
  });
  if (opts.end !== false) {
    analyzer.client.end();
    analyzer.server.end();
  }
  return { analyzer, anomalies, frames };
}

/** Splits a direction's byte stream into chunks of the given sizes (cycled), keeping direction and time. */
export function rechunk(chunks: readonly Chunk[], sizes: readonly number[]): Chunk[] {
  const out: Chunk[] = [];
  let k = 0;
  for (const c of chunks) {
    let pos = 0;
    while (pos < c.bytes.length) {
      const n = Math.max(1, sizes[k++ % sizes.length]);
      out.push({ dir: c.dir, bytes: c.bytes.subarray(pos, pos + n), time: c.time });
      pos += n;
    }
  }
  return out;
}

export { concatBytes } from '../../../../../main/engine/util/bytes';
