/**
 * The ladder as drawing primitives: lanes, phase bands, arrows, labels, step
 * badges, segment brackets, run bands, gap marks. Pure. The React view draws
 * the shapes of the rows in view; the SVG/PNG export serialises all of them.
 * Both look their colours up in LADDER_STYLES, so the two cannot drift.
 */
import type { LadderLayout, LadderRow } from './layout';
import type { RowLabel } from './labels';

export type ShapeClass =
  | 'bg'
  | 'lane'
  | 'lane-title'
  | 'lane-address'
  | 'gutter-head'
  | 'time'
  | 'delta'
  | 'pause'
  | 'break'
  | 'phase-tcp-handshake'
  | 'phase-tls-handshake'
  | 'phase-data'
  | 'phase-teardown'
  | 'phase-label'
  | 'phase-duration'
  | 'phase-rule'
  | 'arrow-c2s'
  | 'arrow-s2c'
  | 'arrow-problem'
  | 'head-c2s'
  | 'head-s2c'
  | 'head-problem'
  | 'title'
  | 'title-problem'
  | 'detail'
  | 'step-badge'
  | 'step-text'
  | 'group'
  | 'group-text'
  | 'run-band'
  | 'run-text'
  | 'gap-mark'
  | 'selected'
  | 'hit'
  | 'hit-line';

export type Shape =
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; c: ShapeClass; dash?: boolean }
  | { t: 'rect'; x: number; y: number; w: number; h: number; c: ShapeClass; rx?: number }
  /** `sub` follows in a second style (a title, then its detail, on one line) */
  | { t: 'text'; x: number; y: number; text: string; c: ShapeClass; anchor?: 'start' | 'middle' | 'end'; sub?: { text: string; c: ShapeClass }; rotate?: number }
  | { t: 'path'; d: string; c: ShapeClass }
  | { t: 'circle'; cx: number; cy: number; r: number; c: ShapeClass };

/** CSS per class; values may use the theme's variables (resolved for exports). */
export const LADDER_STYLES: Record<ShapeClass, Record<string, string | number>> = {
  bg: { fill: 'var(--bg)' },
  lane: { stroke: 'var(--ladder-lane)', strokeWidth: 2 },
  'lane-title': { fill: 'var(--fg)', fontSize: 13, fontWeight: 700 },
  'lane-address': { fill: 'var(--fg-muted)', fontSize: 11, fontFamily: 'var(--font-mono)' },
  'gutter-head': { fill: 'var(--fg-muted)', fontSize: 11 },
  time: { fill: 'var(--fg)', fontSize: 11, fontFamily: 'var(--font-mono)' },
  delta: { fill: 'var(--fg-muted)', fontSize: 10, fontFamily: 'var(--font-mono)' },
  pause: { fill: 'var(--fg-muted)', fontSize: 10, fontStyle: 'italic' },
  break: { stroke: 'var(--fg-muted)', strokeWidth: 1, fill: 'none' },
  'phase-tcp-handshake': { fill: 'var(--ladder-phase-tcp)' },
  'phase-tls-handshake': { fill: 'var(--ladder-phase-tls)' },
  'phase-data': { fill: 'var(--ladder-phase-data)' },
  'phase-teardown': { fill: 'var(--ladder-phase-teardown)' },
  'phase-label': { fill: 'var(--fg)', fontSize: 12, fontWeight: 700 },
  'phase-duration': { fill: 'var(--fg-muted)', fontSize: 11, fontFamily: 'var(--font-mono)' },
  'phase-rule': { stroke: 'var(--ladder-phase-rule)', strokeWidth: 1 },
  'arrow-c2s': { stroke: 'var(--ladder-c2s)', strokeWidth: 1.6 },
  'arrow-s2c': { stroke: 'var(--ladder-s2c)', strokeWidth: 1.6 },
  'arrow-problem': { stroke: 'var(--ladder-problem)', strokeWidth: 1.8 },
  'head-c2s': { fill: 'var(--ladder-c2s)' },
  'head-s2c': { fill: 'var(--ladder-s2c)' },
  'head-problem': { fill: 'var(--ladder-problem)' },
  // the halo keeps a label readable where another row's arrow passes behind it
  title: { fill: 'var(--fg)', fontSize: 12, fontWeight: 600, stroke: 'var(--bg)', strokeWidth: 3, strokeOpacity: 0.85, paintOrder: 'stroke' },
  'title-problem': { fill: 'var(--ladder-problem)', fontSize: 12, fontWeight: 700, stroke: 'var(--bg)', strokeWidth: 3, strokeOpacity: 0.85, paintOrder: 'stroke' },
  detail: { fill: 'var(--fg-muted)', fontSize: 10, fontWeight: 400 },
  'step-badge': { fill: 'var(--accent)' },
  'step-text': { fill: 'var(--accent-fg)', fontSize: 10, fontWeight: 700 },
  group: { stroke: 'var(--ladder-group)', strokeWidth: 1.5, fill: 'none' },
  'group-text': { fill: 'var(--ladder-group)', fontSize: 9 },
  'run-band': { fill: 'var(--ladder-run)', stroke: 'var(--ladder-run-border)', strokeWidth: 1 },
  'run-text': { fill: 'var(--fg)', fontSize: 11, fontWeight: 600 },
  'gap-mark': { stroke: 'var(--ladder-problem)', strokeWidth: 1.6, fill: 'none' },
  selected: { fill: 'var(--selected)', opacity: 0.7 },
  hit: { fill: 'transparent' },
  'hit-line': { stroke: 'transparent', strokeWidth: 10 },
};

export interface LadderFrame {
  width: number;
  /** time gutter on the left */
  gutter: number;
  clientX: number;
  serverX: number;
  /** phase labels on the right */
  phaseX: number;
}

export const GUTTER = 132;
const STEP_COLUMN = 40;
const PHASE_COLUMN = 132;
/** room between a lane and its column, for the segment brackets and their labels */
const LANE_INSET = 58;

export function ladderFrame(width: number): LadderFrame {
  const w = Math.max(560, width);
  const clientX = GUTTER + STEP_COLUMN + LANE_INSET;
  const serverX = w - PHASE_COLUMN - LANE_INSET;
  return { width: w, gutter: GUTTER, clientX, serverX, phaseX: w - PHASE_COLUMN + 8 };
}

export interface RowText {
  label: RowLabel;
  time: string;
  delta: string;
  step: string;
  pause: string | null;
}

export interface DrawText {
  clientTitle: string;
  serverTitle: string;
  client: string;
  server: string;
  timeHeader: string;
  /** "TLS handshake", "12.345 ms" per phase index */
  phase(index: number): { name: string; duration: string };
  row(row: LadderRow): RowText;
  groupText: string;
}

/** Shapes drawn behind everything: background, phase bands, lanes, headers. */
export function drawBackground(layout: LadderLayout, frame: LadderFrame, text: DrawText, top = 0, bottom = layout.height, header = true): Shape[] {
  const shapes: Shape[] = [{ t: 'rect', x: 0, y: top, w: frame.width, h: bottom - top, c: 'bg' }];
  layout.phases.forEach((p, i) => {
    if (p.y1 < top || p.y0 > bottom) return;
    shapes.push({ t: 'rect', x: frame.gutter, y: p.y0, w: frame.width - frame.gutter, h: p.y1 - p.y0, c: `phase-${p.phase}` });
    shapes.push({ t: 'line', x1: frame.gutter, y1: p.y0, x2: frame.width, y2: p.y0, c: 'phase-rule' });
    const label = text.phase(i);
    shapes.push({ t: 'text', x: frame.phaseX, y: p.y0 + 16, text: label.name, c: 'phase-label' });
    shapes.push({ t: 'text', x: frame.phaseX, y: p.y0 + 30, text: label.duration, c: 'phase-duration' });
  });
  const laneTop = Math.max(top, layout.geometry.topPad - 8);
  shapes.push({ t: 'line', x1: frame.clientX, y1: laneTop, x2: frame.clientX, y2: bottom, c: 'lane' });
  shapes.push({ t: 'line', x1: frame.serverX, y1: laneTop, x2: frame.serverX, y2: bottom, c: 'lane' });
  // on screen the lane titles live in a header that stays put while scrolling; exports draw them
  if (header && top < layout.geometry.topPad) {
    shapes.push({ t: 'text', x: frame.clientX, y: 14, text: text.clientTitle, c: 'lane-title', anchor: 'middle' });
    shapes.push({ t: 'text', x: frame.clientX, y: 27, text: text.client, c: 'lane-address', anchor: 'middle' });
    shapes.push({ t: 'text', x: frame.serverX, y: 14, text: text.serverTitle, c: 'lane-title', anchor: 'middle' });
    shapes.push({ t: 'text', x: frame.serverX, y: 27, text: text.server, c: 'lane-address', anchor: 'middle' });
    shapes.push({ t: 'text', x: 8, y: 14, text: text.timeHeader, c: 'gutter-head' });
  }
  return shapes;
}

function arrowHead(x: number, y: number, fromX: number, fromY: number, c: ShapeClass): Shape {
  const angle = Math.atan2(y - fromY, x - fromX);
  const size = 8;
  const a = angle + Math.PI - 0.4;
  const b = angle + Math.PI + 0.4;
  const r = (v: number) => Math.round(v * 10) / 10;
  return { t: 'path', d: `M${r(x)},${r(y)} L${r(x + size * Math.cos(a))},${r(y + size * Math.sin(a))} L${r(x + size * Math.cos(b))},${r(y + size * Math.sin(b))} Z`, c };
}

/** The selected row's highlight, drawn under every row so it hides no neighbour's label. */
export function drawSelection(row: LadderRow, layout: LadderLayout, frame: LadderFrame): Shape[] {
  const h = layout.geometry.rowHeight * 0.76;
  // stops short of the phase column: the phase labels stay readable
  return [{ t: 'rect', x: 0, y: row.labelY - h * 0.62, w: frame.phaseX - 8, h, c: 'selected' }];
}

/**
 * A row's band around its label line: what a click in empty space lands on.
 * Bands are drawn in a layer under all rows, so a click on a label or an
 * arrow always reaches its own row.
 */
export function drawHitBand(row: LadderRow, layout: LadderLayout, frame: LadderFrame): Shape {
  const h = layout.geometry.rowHeight * 0.76;
  return { t: 'rect', x: 0, y: row.labelY - h * 0.62, w: frame.width, h, c: 'hit' };
}

const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/;

/** Rough text width: enough to keep a label inside the lanes (CJK characters are twice as wide). */
export function textWidth(text: string, px: number): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? px : px * 0.58;
  return w;
}

/** Title and detail cut (detail first) to fit `width` px; the full text is in the tooltip and the inspector. */
export function fitLabel(title: string, detail: string, width: number): { title: string; detail: string } {
  const titleWidth = textWidth(title, 12.5);
  if (titleWidth + textWidth(detail, 10) <= width) return { title, detail };
  let d = detail;
  while (d.length > 0 && titleWidth + textWidth(`${d}…`, 10) > width) d = d.slice(0, -1);
  if (d.length > 0) return { title, detail: `${d.trimEnd()}…` };
  let t = title;
  while (t.length > 1 && textWidth(`${t}…`, 12.5) > width) t = t.slice(0, -1);
  return { title: t === title ? t : `${t}…`, detail: '' };
}

/** A row's shapes (an arrow gets a wide invisible twin, easier to click than the line). */
export function drawRow(row: LadderRow, layout: LadderLayout, frame: LadderFrame, text: RowText): Shape[] {
  const g = layout.geometry;
  const { clientX, serverX } = frame;
  const shapes: Shape[] = [];
  const ly = row.labelY;
  if (text.pause) {
    const by = row.y - g.rowHeight * 0.72 - 6;
    shapes.push({ t: 'path', d: `M${clientX - 10},${by + 3} l6,-6 l6,6 M${serverX - 10},${by + 3} l6,-6 l6,6`, c: 'break' });
    shapes.push({ t: 'text', x: 8, y: by + 2, text: text.pause, c: 'pause' });
  }
  shapes.push({ t: 'text', x: 8, y: ly - 4, text: text.time, c: 'time' });
  if (text.delta) shapes.push({ t: 'text', x: 8, y: ly + 9, text: text.delta, c: 'delta' });
  if (row.showStep && text.step) {
    const label = text.step;
    const w = Math.max(18, label.length * 6 + 8);
    shapes.push({ t: 'rect', x: frame.gutter + 4, y: ly - 14, w, h: 16, rx: 8, c: 'step-badge' });
    shapes.push({ t: 'text', x: frame.gutter + 4 + w / 2, y: ly - 2, text: label, c: 'step-text', anchor: 'middle' });
  }
  const mid = (clientX + serverX) / 2;
  const room = serverX - clientX - 36;
  if (row.kind === 'run' || row.kind === 'run-header') {
    const fitted = fitLabel(`${row.kind === 'run' ? '▸' : '▾'} ${text.label.title}`, '', room);
    shapes.push({ t: 'rect', x: clientX + 4, y: ly - 16, w: serverX - clientX - 8, h: 25, rx: 4, c: 'run-band' });
    shapes.push({ t: 'path', d: `M${clientX + 4},${ly - 4} l9,-6 v12 Z M${serverX - 4},${ly - 4} l-9,-6 v12 Z`, c: 'head-c2s' });
    shapes.push({ t: 'text', x: mid, y: ly - 5, text: fitted.title, c: 'run-text', anchor: 'middle' });
    shapes.push({ t: 'text', x: mid, y: ly + 6, text: fitLabel(text.label.detail, '', room).title, c: 'detail', anchor: 'middle' });
    return shapes;
  }
  const problem = !!row.item.problem;
  const sender = row.dir === 'c2s' ? clientX : serverX;
  if (row.kind === 'gap') {
    const dx = row.dir === 'c2s' ? 1 : -1;
    let d = `M${sender},${ly - 4}`;
    for (let i = 0; i < 6; i++) d += ` l${dx * 6},${i % 2 ? 6 : -6}`;
    shapes.push({ t: 'path', d, c: 'gap-mark' });
    const fitted = fitLabel(`≈ ${text.label.title}`, `  ${text.label.detail}`, room);
    shapes.push({ t: 'text', x: mid, y: ly - 4, text: fitted.title, c: 'title-problem', anchor: 'middle', sub: { text: fitted.detail, c: 'detail' } });
    return shapes;
  }
  const receiver = row.dir === 'c2s' ? serverX : clientX;
  const from = { x: sender, y: row.y };
  const to = { x: receiver, y: row.headY };
  const cls: ShapeClass = problem ? 'arrow-problem' : row.dir === 'c2s' ? 'arrow-c2s' : 'arrow-s2c';
  const retransmitted = row.item.tcpKind === 'retransmission' || row.item.tcpKind === 'out-of-order';
  shapes.push({ t: 'line', x1: from.x, y1: from.y, x2: to.x, y2: to.y, c: 'hit-line' });
  shapes.push({ t: 'line', x1: from.x, y1: from.y, x2: to.x, y2: to.y, c: cls, ...(retransmitted || row.item.alertIndex !== undefined ? { dash: true } : {}) });
  shapes.push(arrowHead(to.x, to.y, from.x, from.y, problem ? 'head-problem' : row.dir === 'c2s' ? 'head-c2s' : 'head-s2c'));
  // on one line above the arrow's middle, tilted with it (read left to right whichever way it points)
  const leftY = row.dir === 'c2s' ? from.y : to.y;
  const rightY = row.dir === 'c2s' ? to.y : from.y;
  const angle = Math.round((Math.atan2(rightY - leftY, serverX - clientX) * 180) / Math.PI * 100) / 100;
  const fitted = fitLabel((retransmitted ? '↻ ' : '') + text.label.title, `  ${text.label.detail}`, room);
  shapes.push({ t: 'text', x: mid, y: ly - 5, text: fitted.title, c: problem ? 'title-problem' : 'title', anchor: 'middle', rotate: angle, sub: { text: fitted.detail, c: 'detail' } });
  return shapes;
}

/** A bracket at the sender's side for messages that ended in one TCP segment. */
export function drawGroup(layout: LadderLayout, groupIndex: number, frame: LadderFrame, label: string): Shape[] {
  const group = layout.groups[groupIndex];
  const row = layout.rows[group.firstRow];
  const c2s = row.dir === 'c2s';
  const x = c2s ? frame.clientX - 10 : frame.serverX + 10;
  const tick = c2s ? 5 : -5;
  const y0 = group.y0;
  const y1 = group.y1;
  return [
    { t: 'path', d: `M${x + tick},${y0} H${x} V${y1} H${x + tick}`, c: 'group' },
    { t: 'text', x: c2s ? x - 3 : x + 3, y: (y0 + y1) / 2 + 3, text: label, c: 'group-text', anchor: c2s ? 'end' : 'start' },
  ];
}
