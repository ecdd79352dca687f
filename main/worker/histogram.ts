/**
 * Histograms of durations on 1-2-5 bin edges (0.1, 0.2, 0.5, 1, 2, 5, 10 … ms):
 * handshake times and round trips spread over four or five orders of
 * magnitude, and "most took 20–50 ms" reads better than 37 equal bins.
 */
import type { HistogramBin } from '../../contract/api';

/** 1-2-5 edges from 0.1 up to 1e6 (about 17 minutes in ms) */
const EDGES: number[] = (() => {
  const edges: number[] = [];
  for (let decade = 0.1; decade <= 1e6; decade *= 10) for (const m of [1, 2, 5]) edges.push(Math.round(decade * m * 1000) / 1000);
  return edges;
})();

/**
 * Counts per bin, from the bin holding the smallest value to the one holding
 * the largest (empty bins between are kept, so the shape stays honest).
 * Values below 0.1 fall in [0, 0.1); above the last edge in an open bin.
 */
export function histogram125(values: Iterable<number>): HistogramBin[] {
  const counts = new Map<number, number>();
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || v < 0) continue;
    const bin = binIndex(v);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
    low = Math.min(low, bin);
    high = Math.max(high, bin);
  }
  const bins: HistogramBin[] = [];
  for (let i = low; i <= high; i++) {
    bins.push({ from: i === 0 ? 0 : EDGES[i - 1], to: i < EDGES.length ? EDGES[i] : null, count: counts.get(i) ?? 0 });
  }
  return bins;
}

/** 0: [0, 0.1); i: [EDGES[i-1], EDGES[i]); EDGES.length: the open last bin */
function binIndex(v: number): number {
  let lo = 0;
  let hi = EDGES.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (EDGES[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
