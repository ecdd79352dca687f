/**
 * Ladder layout: ladder items → rows with y coordinates, segment groups,
 * collapsed application-data runs and phases. Pure and linear in the number
 * of items, so a 10,000-event connection lays out in milliseconds; the
 * component then draws only the rows in view.
 *
 * The time model. A capture taken at one point sees each packet once, at one
 * moment: there is no "sent" and "received" time to join with a line. So the
 * tail of an arrow sits at the packet's capture time, and its head lands where
 * the peer next sends something (the next row in the other direction), never
 * more than `maxSlopePx` lower. A steep arrow therefore means "a long wait
 * until the other side answered"; a flat one, "the answer came at once".
 * Rows are spaced by a fixed height plus a logarithmic share of the time
 * since the previous row (a 1 ms gap and a 10 s pause both stay readable);
 * pauses longer than `breakAfterMs` are marked as a break in the time axis.
 */
import type { LadderItem, Step } from './ladder-items';
import type { Direction } from '../../../../contract/api';

export type Phase = 'tcp-handshake' | 'tls-handshake' | 'data' | 'teardown';
export const PHASES: readonly Phase[] = ['tcp-handshake', 'tls-handshake', 'data', 'teardown'];

export interface LadderGeometry {
  /** vertical room per row (label above the arrow, arrow below) */
  rowHeight: number;
  /** extra room per decade of milliseconds between rows: 10 ms → 1×, 100 ms → 2× */
  pxPerDecade: number;
  maxGapPx: number;
  /** an arrow's head is at most this far below its tail */
  maxSlopePx: number;
  /** a pause at least this long is drawn as a break in the time axis */
  breakAfterMs: number;
  /** runs of at least this many data items collapse into one row */
  runMinItems: number;
  topPad: number;
  bottomPad: number;
}

export const DEFAULT_GEOMETRY: LadderGeometry = {
  rowHeight: 34,
  pxPerDecade: 10,
  maxGapPx: 48,
  // 1.5 rows: an arrow's label (above its middle) and detail (below) never reach the next row's
  maxSlopePx: 51,
  breakAfterMs: 1000,
  runMinItems: 3,
  topPad: 40,
  bottomPad: 30,
};

export type LadderRowKind = 'arrow' | 'gap' | 'run' | 'run-header';

export interface LadderRow {
  /** the item's key; "run:<first item key>" for a run's row or header */
  key: string;
  index: number;
  kind: LadderRowKind;
  /** 'both' for a collapsed run (data both ways) */
  dir: Direction | 'both';
  /** the row's item; for run rows, the run's first item */
  item: LadderItem;
  /** tail of the arrow */
  y: number;
  /** head of the arrow (== y for runs and gaps) */
  headY: number;
  /**
   * Where the row is read: an arrow's label sits on its middle, and the row's
   * time and step badge line up with it; rows without a slope half a row down.
   * Arrows never cross (a head stops at the peer's next packet) and labels
   * follow their arrow, so neighbouring labels stay apart.
   */
  labelY: number;
  time: number;
  lastTime: number;
  /** since the previous row ended; null for the first row */
  deltaMs: number | null;
  /** a pause of at least breakAfterMs before this row */
  timeBreakMs: number | null;
  step: Step | null;
  stepTo?: Step;
  /** the first row of its step: the step badge is drawn here */
  showStep: boolean;
  phase: Phase;
  /** the run this row is (run) or belongs to (run-header and expanded items) */
  runKey?: string;
  /** the segment group this row belongs to (≥ 2 rows ended in one TCP segment) */
  group?: string;
}

export interface DirectionTotals {
  items: number;
  segments: number;
  bytes: number;
}

export interface LadderRun {
  key: string;
  /** index of the first item in the item list */
  firstItem: number;
  count: number;
  expanded: boolean;
  start: number;
  end: number;
  c2s: DirectionTotals;
  s2c: DirectionTotals;
}

export interface LadderGroup {
  key: string;
  firstRow: number;
  lastRow: number;
  y0: number;
  y1: number;
  count: number;
}

export interface LadderPhase {
  phase: Phase;
  firstRow: number;
  lastRow: number;
  y0: number;
  y1: number;
  start: number;
  end: number;
  durationMs: number;
}

export interface LadderLayout {
  rows: LadderRow[];
  runs: LadderRun[];
  groups: LadderGroup[];
  phases: LadderPhase[];
  height: number;
  geometry: LadderGeometry;
}

export interface LayoutOptions {
  /** keys of runs shown item by item */
  expanded?: ReadonlySet<string>;
  geometry?: Partial<LadderGeometry>;
}

const STEP_PHASE: Record<Step, Phase> = { 1: 'tcp-handshake', 2: 'tls-handshake', 3: 'tls-handshake', 4: 'tls-handshake', 5: 'tls-handshake', 6: 'data', 7: 'teardown', 8: 'teardown' };

/** Extra vertical room for a pause of `ms` milliseconds. */
export function gapPx(ms: number, g: LadderGeometry): number {
  if (!(ms > 0)) return 0;
  return Math.min(g.maxGapPx, Math.round(g.pxPerDecade * Math.log10(1 + ms) * 10) / 10);
}

const isData = (item: LadderItem) => (item.kind === 'app-data' || item.kind === 'tcp-data') && !item.problem;

/** Maximal stretches of data items long enough to collapse. */
export function findRuns(items: LadderItem[], minItems: number, expanded: ReadonlySet<string>): LadderRun[] {
  const runs: LadderRun[] = [];
  let i = 0;
  while (i < items.length) {
    if (!isData(items[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < items.length && isData(items[j])) j++;
    if (j - i >= minItems) {
      const key = `run:${items[i].key}`;
      const totals = { c2s: { items: 0, segments: 0, bytes: 0 }, s2c: { items: 0, segments: 0, bytes: 0 } };
      let end = items[i].lastTime;
      for (let k = i; k < j; k++) {
        const t = totals[items[k].dir];
        t.items++;
        t.segments += items[k].segments ?? 1;
        t.bytes += items[k].bytes ?? 0;
        end = Math.max(end, items[k].lastTime);
      }
      runs.push({ key, firstItem: i, count: j - i, expanded: expanded.has(key), start: items[i].time, end, ...totals });
    }
    i = j;
  }
  return runs;
}

export function layoutLadder(items: LadderItem[], options: LayoutOptions = {}): LadderLayout {
  const g: LadderGeometry = { ...DEFAULT_GEOMETRY, ...options.geometry };
  const runs = findRuns(items, g.runMinItems, options.expanded ?? new Set());
  const rows: LadderRow[] = [];
  let y = g.topPad;
  let previousEnd: number | null = null;
  let phaseRank = 0;
  let lastShownStep: Step | null = null;

  const push = (partial: Omit<LadderRow, 'index' | 'y' | 'headY' | 'labelY' | 'deltaMs' | 'timeBreakMs' | 'phase' | 'showStep'>) => {
    // microseconds, as the capture has them
    const deltaMs = previousEnd === null ? null : Math.max(0, Math.round((partial.time - previousEnd) * 1e6) / 1000);
    // tenths of a pixel: exact enough, and free of float noise in exports and tests
    if (rows.length > 0) y = Math.round((y + g.rowHeight + gapPx(deltaMs ?? 0, g)) * 10) / 10;
    if (partial.step !== null) phaseRank = Math.max(phaseRank, PHASES.indexOf(STEP_PHASE[partial.step]));
    const showStep = partial.step !== null && partial.step !== lastShownStep;
    if (partial.step !== null) lastShownStep = partial.step;
    rows.push({
      ...partial,
      index: rows.length,
      y,
      headY: y,
      labelY: y,
      deltaMs,
      timeBreakMs: deltaMs !== null && deltaMs >= g.breakAfterMs ? deltaMs : null,
      phase: PHASES[phaseRank],
      showStep,
    });
    // a run header starts the run's items: time goes on from the header's start
    previousEnd = partial.kind === 'run-header' ? partial.time : partial.lastTime;
  };

  const itemRow = (item: LadderItem, runKey?: string) =>
    push({
      key: item.key,
      kind: item.kind === 'gap' ? 'gap' : 'arrow',
      dir: item.dir,
      item,
      time: item.time,
      lastTime: item.lastTime,
      step: item.step,
      ...(item.stepTo ? { stepTo: item.stepTo } : {}),
      ...(runKey ? { runKey } : {}),
    });

  let r = 0;
  for (let i = 0; i < items.length; i++) {
    const run = runs[r];
    if (run && run.firstItem === i) {
      r++;
      const common = { key: run.key, item: items[i], time: run.start, lastTime: run.end, step: 6 as Step, runKey: run.key };
      if (run.expanded) {
        push({ ...common, kind: 'run-header', dir: 'both' });
        for (let k = i; k < i + run.count; k++) itemRow(items[k], run.key);
      } else {
        push({ ...common, kind: 'run', dir: 'both' });
      }
      i += run.count - 1;
      continue;
    }
    itemRow(items[i]);
  }

  placeArrowHeads(rows, g);
  for (const row of rows) row.labelY = Math.round((row.kind === 'arrow' ? (row.y + row.headY) / 2 : row.y + g.rowHeight / 2) * 10) / 10;
  const groups = findGroups(rows, g);
  const last = rows[rows.length - 1];
  const height = last ? Math.max(last.y, last.headY) + g.rowHeight + g.bottomPad : g.topPad + g.bottomPad;
  return { rows, runs, groups, phases: findPhases(rows, g, height), height, geometry: g };
}

/** Each arrow's head: where the peer next sends (a packet row the other way, or a run), capped. */
function placeArrowHeads(rows: LadderRow[], g: LadderGeometry): void {
  // walking backwards, the nearest later row that carries packets each way
  const next: Record<Direction, number | null> = { c2s: null, s2c: null };
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i];
    if (row.kind === 'arrow') {
      const other = row.dir === 'c2s' ? next.s2c : next.c2s;
      row.headY = other === null ? row.y + g.rowHeight : Math.min(other, row.y + g.maxSlopePx);
      next[row.dir as Direction] = row.y;
    } else if (row.kind === 'run') {
      next.c2s = row.y;
      next.s2c = row.y;
    }
  }
}

function findGroups(rows: LadderRow[], g: LadderGeometry): LadderGroup[] {
  const groups: LadderGroup[] = [];
  let i = 0;
  while (i < rows.length) {
    const segment = rows[i].kind === 'arrow' ? rows[i].item.segment : undefined;
    let j = i + 1;
    while (segment && j < rows.length && rows[j].kind === 'arrow' && rows[j].item.segment === segment) j++;
    if (segment && j - i >= 2) {
      const key = `group:${segment}:${rows[i].key}`;
      for (let k = i; k < j; k++) rows[k].group = key;
      groups.push({ key, firstRow: i, lastRow: j - 1, y0: rows[i].labelY - 12, y1: rows[j - 1].labelY + 4, count: j - i });
    }
    i = j;
  }
  return groups;
}

function findPhases(rows: LadderRow[], g: LadderGeometry, height: number): LadderPhase[] {
  const phases: LadderPhase[] = [];
  for (const row of rows) {
    const current = phases[phases.length - 1];
    if (current && current.phase === row.phase) {
      current.lastRow = row.index;
      current.end = Math.max(current.end, row.lastTime);
      continue;
    }
    // a phase starts just above its first row's label line
    const y0 = row.labelY - g.rowHeight * 0.75;
    if (current) current.y1 = y0;
    phases.push({ phase: row.phase, firstRow: row.index, lastRow: row.index, y0, y1: height - g.bottomPad / 2, start: row.time, end: row.lastTime, durationMs: 0 });
  }
  for (const p of phases) p.durationMs = Math.max(0, Math.round((p.end - p.start) * 1e6) / 1000);
  return phases;
}

/**
 * Rows whose drawing reaches into [top, top + height] (with `margin` px to
 * spare): [first, end). Rows are sorted by y and an arrow reaches at most
 * maxSlopePx below its tail, so a binary search finds the window.
 */
export function visibleRows(layout: LadderLayout, top: number, height: number, margin = 200): [number, number] {
  const rows = layout.rows;
  const from = top - margin - layout.geometry.maxSlopePx;
  const to = top + height + margin;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].y < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < rows.length && rows[end].y - layout.geometry.rowHeight <= to) end++;
  return [lo, end];
}
