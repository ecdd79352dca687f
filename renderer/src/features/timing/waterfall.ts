/**
 * Waterfall maths, like a browser's network panel: each connection is a bar
 * on the capture's time axis, cut into TCP connect, TLS handshake, data and
 * teardown. Pure: segment boundaries come from the row's timings, and a
 * linear scale maps times to pixels (and back, for clicks).
 */
import type { ConnectionRow } from '../../../../contract/api';

export type SegmentKind = 'connect' | 'tls' | 'data' | 'teardown';
export const SEGMENT_KINDS: readonly SegmentKind[] = ['connect', 'tls', 'data', 'teardown'];

export interface Segment {
  kind: SegmentKind;
  /** ms after the connection's first packet */
  fromMs: number;
  toMs: number;
}

export type WaterfallTimes = Pick<ConnectionRow, 'status' | 'durationMs' | 'connectMs' | 'tlsDoneMs' | 'teardownMs'>;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Contiguous segments covering [0, durationMs]. Missing boundaries collapse
 * their segment: no SYN seen → no connect segment; no TLS → no TLS segment;
 * a handshake that never ended runs until the teardown (or the end).
 * Boundaries out of order (odd captures) are clamped to stay monotonic.
 */
export function waterfallSegments(row: WaterfallTimes): Segment[] {
  const end = Math.max(0, row.durationMs);
  const connect = clamp(row.connectMs ?? 0, 0, end);
  const teardownGuess = row.teardownMs ?? end;
  const tlsDone = row.status === 'not-tls' ? connect : clamp(row.tlsDoneMs ?? teardownGuess, connect, end);
  const teardown = clamp(teardownGuess, tlsDone, end);
  const segments: Segment[] = [
    { kind: 'connect', fromMs: 0, toMs: connect },
    { kind: 'tls', fromMs: connect, toMs: tlsDone },
    { kind: 'data', fromMs: tlsDone, toMs: teardown },
    { kind: 'teardown', fromMs: teardown, toMs: end },
  ];
  return segments.filter((s) => s.toMs > s.fromMs);
}

export interface LinearScale {
  (value: number): number;
  invert(px: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

/** value in [d0, d1] → px in [r0, r1]; an empty domain maps everything to r0. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = ((v: number) => r0 + (v - d0) * k) as LinearScale;
  scale.invert = (px: number) => (k === 0 ? d0 : d0 + (px - r0) / k);
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** One bar of the stacked chart: seconds from the capture's start; `offset` is the transparent lead-in. */
export interface WaterfallBar {
  id: number;
  label: string;
  offset: number;
  connect: number;
  tls: number;
  data: number;
  teardown: number;
}

export function waterfallBar(row: WaterfallTimes & Pick<ConnectionRow, 'id' | 'start'>, captureStart: number, label: string): WaterfallBar {
  const bar: WaterfallBar = { id: row.id, label, offset: Math.max(0, row.start - captureStart), connect: 0, tls: 0, data: 0, teardown: 0 };
  for (const s of waterfallSegments(row)) bar[s.kind] += (s.toMs - s.fromMs) / 1000;
  return bar;
}

/** Pixel rectangles of a bar's segments on a time axis (capture seconds → px), for drawing or hit-testing. */
export function segmentRects(row: WaterfallTimes & Pick<ConnectionRow, 'start'>, captureStart: number, x: LinearScale): Array<{ kind: SegmentKind; x0: number; x1: number }> {
  const base = row.start - captureStart;
  // hundredths of a pixel: plenty, and stable
  const px = (seconds: number) => Math.round(x(seconds) * 100) / 100;
  return waterfallSegments(row).map((s) => ({ kind: s.kind, x0: px(base + s.fromMs / 1000), x1: px(base + s.toMs / 1000) }));
}
