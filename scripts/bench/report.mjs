// The bench's printed figures: per tool the median of its rounds with the
// range, and per comparison the ratio to the tshark run of the same round
// (the runs of one round sat next to each other in time, so a slow spell of
// this shared machine hits both), with the issue's targets marked.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const fixed = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

/** Median, range and peak of one tool's rounds; the worst exit code. */
export function summarize(runs) {
  const seconds = runs.map((r) => r.seconds);
  return {
    seconds: median(seconds),
    low: Math.min(...seconds),
    high: Math.max(...seconds),
    cpu: median(runs.map((r) => r.cpu)),
    peakMB: median(runs.map((r) => r.peakMB)),
    maxPeakMB: Math.max(...runs.map((r) => r.peakMB)),
    code: runs.find((r) => r.code !== 0)?.code ?? 0,
  };
}

/** @param {{ label: string, runs: object[] }[]} rows */
export function toolTable(rows, sizeMB) {
  const lines = [`${'tool'.padEnd(40)} ${'seconds'.padStart(8)} ${'(range)'.padStart(15)} ${'MB/s'.padStart(7)} ${'CPU s'.padStart(7)} ${'peak RSS MiB'.padStart(13)} ${'(max)'.padStart(7)} exit`];
  for (const { label, runs } of rows) {
    const s = summarize(runs);
    lines.push(
      `${label.padEnd(40)} ${fixed(s.seconds).padStart(8)} ${`${fixed(s.low)}-${fixed(s.high)}`.padStart(15)} ${fixed(sizeMB / s.seconds, 1).padStart(7)} ${fixed(s.cpu, 1).padStart(7)} ${fixed(s.peakMB, 0).padStart(13)} ${fixed(s.maxPeakMB, 0).padStart(7)} ${s.code}`,
    );
  }
  return lines.join('\n');
}

/**
 * One comparison: throughput ratio per round (tshark's seconds / ours), its
 * median and range; memory as our highest peak over tshark's median peak.
 * A target is { throughput, maxMemory? }; met when the median round ratio
 * reaches it (and our highest peak stays within maxMemory of tshark's).
 */
export function compare(allOurs, allTheirs, target) {
  // rounds both finished (an interrupted bench leaves one run unpaired)
  const n = Math.min(allOurs.length, allTheirs.length);
  const ours = allOurs.slice(0, n);
  const theirs = allTheirs.slice(0, n);
  const perRound = ours.map((r, i) => theirs[i].seconds / r.seconds);
  // CPU seconds are steadier than wall time when neighbours load the machine: shown beside it
  const cpu = median(ours.map((r, i) => theirs[i].cpu / r.cpu));
  const ratio = median(perRound);
  const memory = Math.max(...ours.map((r) => r.peakMB)) / median(theirs.map((r) => r.peakMB));
  const failed = ours.some((r) => r.code !== 0) || theirs.some((r) => r.code !== 0);
  let verdict = 'no target';
  if (target) {
    const met = !failed && ratio >= target.throughput && (target.maxMemory === undefined || memory <= target.maxMemory);
    verdict = met ? 'met' : 'NOT met';
  }
  return { rounds: n, perRound, ratio, low: Math.min(...perRound), high: Math.max(...perRound), cpu, memory, verdict, failed };
}

export function targetText(target) {
  if (!target) return 'none';
  const memory = target.maxMemory === undefined ? '' : `, peak ≤ ${target.maxMemory === 1 / 3 ? '1/3' : fixed(target.maxMemory)}×`;
  return `≥ ${target.throughput}× throughput${memory}`;
}

/** @param {{ label: string, result: ReturnType<typeof compare>, target: object|null }[]} rows */
export function ratioTable(rows) {
  const lines = [`${'against tshark, same rounds'.padEnd(44)} ${'throughput'.padStart(10)} ${'(range)'.padStart(13)} ${'CPU'.padStart(7)} ${'peak RSS'.padStart(9)}  ${'target'.padEnd(32)} verdict`];
  for (const { label, result, target } of rows) {
    lines.push(
      `${label.padEnd(44)} ${`${fixed(result.ratio)}×`.padStart(10)} ${`${fixed(result.low)}-${fixed(result.high)}`.padStart(13)} ${`${fixed(result.cpu)}×`.padStart(7)} ${`${fixed(result.memory)}×`.padStart(9)}  ${targetText(target).padEnd(32)} ${result.verdict}${result.failed ? ' (a run failed)' : ''}`,
    );
  }
  return lines.join('\n');
}
