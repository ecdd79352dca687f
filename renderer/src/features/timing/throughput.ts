/**
 * Throughput over time for one connection, each direction, from its TCP data
 * events. A collapsed run of segments knows only its first and last times
 * and its byte count, so its bytes are spread evenly over that span; a
 * single segment's bytes fall in its own bucket. Pure.
 */
import type { Direction } from '../../../../contract/api';
import type { TcpEvent } from '../../../../contract/report/tcp-events';

export interface ThroughputBucket {
  /** bucket start, seconds after `origin` */
  t: number;
  /** bytes per second in the bucket */
  c2s: number;
  s2c: number;
}

const NICE_STEPS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

/** The smallest 1-2-5 step (seconds) that cuts `span` into at most `maxBuckets`. */
export function bucketSeconds(span: number, maxBuckets = 60): number {
  for (const step of NICE_STEPS) if (span / step <= maxBuckets) return step;
  return Math.ceil(span / maxBuckets / 3600) * 3600;
}

export interface DataSpan {
  dir: Direction;
  time: number;
  lastTime: number;
  bytes: number;
}

export function dataSpans(events: readonly TcpEvent[]): DataSpan[] {
  return events
    .filter((e) => e.kind === 'data')
    .map((e) => ({ dir: e.dir, time: e.time, lastTime: e.lastTime ?? e.time, bytes: e.bytes ?? e.len }));
}

/** Buckets of `step` seconds from `origin` to `end`, in bytes per second per direction. */
export function throughputBuckets(spans: readonly DataSpan[], origin: number, end: number, step = bucketSeconds(Math.max(end - origin, 0.001))): ThroughputBucket[] {
  const count = Math.max(1, Math.ceil((end - origin) / step - 1e-9));
  const bytes: Record<Direction, Float64Array> = { c2s: new Float64Array(count), s2c: new Float64Array(count) };
  const bucketOf = (t: number) => Math.min(count - 1, Math.max(0, Math.floor((t - origin) / step)));
  for (const s of spans) {
    const into = bytes[s.dir];
    const from = Math.max(origin, s.time);
    const to = Math.max(from, Math.min(end, s.lastTime));
    if (to - from <= 0) {
      into[bucketOf(from)] += s.bytes;
      continue;
    }
    // spread evenly: each bucket gets the share of the span it overlaps
    const rate = s.bytes / (to - from);
    for (let b = bucketOf(from); b <= bucketOf(to); b++) {
      const lo = Math.max(from, origin + b * step);
      const hi = Math.min(to, origin + (b + 1) * step);
      if (hi > lo) into[b] += rate * (hi - lo);
    }
  }
  return Array.from({ length: count }, (_, b) => ({ t: Math.round(b * step * 1e6) / 1e6, c2s: bytes.c2s[b] / step, s2c: bytes.s2c[b] / step }));
}
