/**
 * The headline figures of the capture-wide summary, as data: how many
 * connections, how many with TLS, how many failed with a fatal alert, the
 * histogram bin holding the median TLS handshake, and the most common version
 * and key exchange with their share. Pure; SummaryTiles words and draws them.
 */
import type { CaptureSummary, CountEntry, HistogramBin } from '../../../../contract/api';

export interface Share {
  key: string;
  count: number;
  /** of the TLS connections, rounded to whole percent */
  percent: number;
}

export interface SummaryFacts {
  connections: number;
  tlsConnections: number;
  failed: number;
  /** the bin of the median completed handshake; null with none */
  medianHandshakeBin: HistogramBin | null;
  topVersion: Share | null;
  topKeyExchange: Share | null;
}

function top(entries: readonly CountEntry[], of: number): Share | null {
  const first = entries.reduce<CountEntry | null>((best, e) => (!best || e.count > best.count ? e : best), null);
  return first && of > 0 ? { key: first.key, count: first.count, percent: Math.round((first.count / of) * 100) } : null;
}

export function medianBin(bins: readonly HistogramBin[]): HistogramBin | null {
  const total = bins.reduce((n, b) => n + b.count, 0);
  if (total === 0) return null;
  // the lower median (the ⌈n/2⌉-th value in order)
  const rank = Math.ceil(total / 2);
  let seen = 0;
  for (const bin of bins) {
    seen += bin.count;
    if (seen >= rank) return bin;
  }
  return null;
}

export function summaryFacts(summary: CaptureSummary): SummaryFacts {
  return {
    connections: summary.connections,
    tlsConnections: summary.tlsConnections,
    failed: summary.statuses.find((s) => s.key === 'alert')?.count ?? 0,
    medianHandshakeBin: medianBin(summary.handshakeMs),
    topVersion: top(summary.versions, summary.tlsConnections),
    topKeyExchange: top(summary.keyExchanges, summary.tlsConnections),
  };
}
