import { describe, expect, it } from 'vitest';
import { bucketSeconds, dataSpans, throughputBuckets } from '../../../../../renderer/src/features/timing/throughput';
import { linearScale, segmentRects, waterfallBar, waterfallSegments, type WaterfallTimes } from '../../../../../renderer/src/features/timing/waterfall';
import { dataEvent, event, T0 } from '../../../../support/synthetic-connection';

const tls = (over: Partial<WaterfallTimes> = {}): WaterfallTimes => ({ status: 'complete', durationMs: 1000, connectMs: 20, tlsDoneMs: 80, teardownMs: 900, ...over });

describe('waterfall segments', () => {
  it('TCP connect, TLS handshake, data, teardown, end to end', () => {
    expect(waterfallSegments(tls())).toEqual([
      { kind: 'connect', fromMs: 0, toMs: 20 },
      { kind: 'tls', fromMs: 20, toMs: 80 },
      { kind: 'data', fromMs: 80, toMs: 900 },
      { kind: 'teardown', fromMs: 900, toMs: 1000 },
    ]);
  });

  it('missing boundaries collapse their segment', () => {
    // no SYN seen (capture started mid-connection)
    expect(waterfallSegments(tls({ connectMs: null })).map((s) => s.kind)).toEqual(['tls', 'data', 'teardown']);
    // no TLS: no handshake segment
    expect(waterfallSegments(tls({ status: 'not-tls', tlsDoneMs: null })).map((s) => [s.kind, s.fromMs, s.toMs])).toEqual([
      ['connect', 0, 20],
      ['data', 20, 900],
      ['teardown', 900, 1000],
    ]);
    // a handshake that never finished runs until the teardown
    expect(waterfallSegments(tls({ status: 'incomplete', tlsDoneMs: null })).map((s) => [s.kind, s.toMs])).toEqual([
      ['connect', 20],
      ['tls', 900],
      ['teardown', 1000],
    ]);
    // still open at the end of the capture: data to the end
    expect(waterfallSegments(tls({ teardownMs: null })).map((s) => s.kind)).toEqual(['connect', 'tls', 'data']);
  });

  it('clamps boundaries that are out of order or out of range', () => {
    const s = waterfallSegments(tls({ connectMs: 50, tlsDoneMs: 30, teardownMs: 2000 }));
    for (let i = 1; i < s.length; i++) expect(s[i].fromMs).toBe(s[i - 1].toMs);
    expect(s[s.length - 1].toMs).toBe(1000);
    expect(waterfallSegments(tls({ durationMs: 0 }))).toEqual([]);
  });

  it('a bar in seconds from the capture start, and its pixel rectangles', () => {
    const row = { ...tls(), id: 3, start: 105 };
    expect(waterfallBar(row, 100, 'c3')).toEqual({ id: 3, label: 'c3', offset: 5, connect: 0.02, tls: 0.06, data: 0.82, teardown: 0.1 });
    const x = linearScale([0, 10], [0, 1000]);
    expect(segmentRects(row, 100, x).map((r) => [r.kind, r.x0, r.x1])).toEqual([
      ['connect', 500, 502],
      ['tls', 502, 508],
      ['data', 508, 590],
      ['teardown', 590, 600],
    ]);
  });

  it('linear scale maps times to pixels and back', () => {
    const x = linearScale([10, 20], [100, 600]);
    expect(x(10)).toBe(100);
    expect(x(15)).toBe(350);
    expect(x.invert(600)).toBe(20);
    expect(linearScale([5, 5], [0, 100])(7)).toBe(0);
  });
});

describe('throughput bucketing', () => {
  it('picks a 1-2-5 bucket size for about 60 buckets', () => {
    expect(bucketSeconds(1)).toBe(0.02);
    expect(bucketSeconds(60)).toBe(1);
    expect(bucketSeconds(0.001)).toBe(0.001);
    expect(bucketSeconds(7200)).toBe(120);
  });

  it('single segments land in their bucket; runs spread evenly over their span', () => {
    const events = [event('syn', 1, 0, 'c2s'), dataEvent(2, 50, 'c2s', 1, 1000), dataEvent(3, 100, 's2c', 10, 30_000, 12, 400)];
    const spans = dataSpans(events);
    expect(spans).toEqual([
      { dir: 'c2s', time: T0 + 0.05, lastTime: T0 + 0.05, bytes: 1000 },
      { dir: 's2c', time: T0 + 0.1, lastTime: T0 + 0.4, bytes: 30_000 },
    ]);
    const buckets = throughputBuckets(spans, T0, T0 + 0.5, 0.1);
    expect(buckets).toHaveLength(5);
    expect(buckets.map((b) => b.t)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    // 1000 bytes in the first 100 ms bucket: 10,000 B/s
    expect(buckets[0].c2s).toBeCloseTo(10_000, 6);
    expect(buckets.slice(1).every((b) => b.c2s === 0)).toBe(true);
    // 30,000 bytes over 300 ms: 10,000 bytes per bucket, 100,000 B/s
    expect(buckets.map((b) => Math.round(b.s2c))).toEqual([0, 100_000, 100_000, 100_000, 0]);
    // nothing is lost
    const total = buckets.reduce((n, b) => n + (b.c2s + b.s2c) * 0.1, 0);
    expect(total).toBeCloseTo(31_000, 6);
  });

  it('data at the very end falls in the last bucket', () => {
    const buckets = throughputBuckets([{ dir: 'c2s', time: T0 + 1, lastTime: T0 + 1, bytes: 10 }], T0, T0 + 1, 0.5);
    expect(buckets.map((b) => b.c2s)).toEqual([0, 20]);
  });
});
