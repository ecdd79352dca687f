/**
 * The "Ladder" tab: the selected connection as a sequence diagram (client and
 * server lanes, one arrow per event, phases, steps, segment groups, collapsed
 * data runs), with the selected arrow explained and dissected beside it.
 * Only the rows in view are drawn, so a 10,000-event connection scrolls freely.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n-context';
import type { DetailViewProps } from '../detail/detail-view-props';
import { copyText, saveData, svgToPng } from '../export/save';
import { MessageInspector } from '../inspect/MessageInspector';
import '../views.css';
import { drawBackground, drawGroup, drawHitBand, drawRow, drawSelection, ladderFrame, type Shape } from './draw';
import { useLadderFocus } from './ladder-focus';
import { buildLadderItems } from './ladder-items';
import { ladderText } from './ladder-text';
import { stepText } from './labels';
import { layoutLadder, visibleRows, type LadderRow } from './layout';
import { ShapeView } from './ShapeView';
import { pageVariables, svgDocument } from './svg-export';
import { useLadderText } from './use-ladder-text';
import { useScrollWindow } from './use-scroll-window';

const EXPORT_WIDTH = 980;

/** What the row stands for in the engine's output (for tests and tools): message:i, alert:i, event:i, run. */
function sourceOf(row: LadderRow): string {
  const item = row.item;
  if (row.kind === 'run' || row.kind === 'run-header') return 'run';
  if (item.kind === 'tls' && item.messageIndex !== undefined) return `message:${item.messageIndex}`;
  if (item.alertIndex !== undefined) return `alert:${item.alertIndex}`;
  if (item.eventIndex !== undefined) return `event:${item.eventIndex}`;
  return item.messageIndex !== undefined ? `message:${item.messageIndex}` : '';
}

export function LadderView({ details }: DetailViewProps) {
  const api = useApi();
  const { t, language } = useI18n();
  const c = details.connection;
  const items = useMemo(() => buildLadderItems(c), [c]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const layout = useMemo(() => layoutLadder(items, { expanded }), [items, expanded]);
  const text = useLadderText(layout, c, t, language);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const win = useScrollWindow(scroller);
  const frame = ladderFrame(win.width);

  // another connection: start from the top with nothing selected
  useEffect(() => {
    setSelectedKey(null);
    setExpanded(new Set());
    setStatus('');
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [c.id, details.analysisId]);

  // a request to show one of this connection's arrows (a lesson step): select it and scroll to it, once per request
  const focus = useLadderFocus();
  const focusDone = useRef(-1);
  useEffect(() => {
    if (!focus || focus.seq === focusDone.current || focus.connectionId !== c.id) return;
    const row = layout.rows.find((r) => r.key === focus.itemKey);
    if (!row) return;
    focusDone.current = focus.seq;
    setSelectedKey(row.key);
    reveal(row);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reveal reads the current layout
  }, [focus, c.id, layout]);

  const selectedIndex = selectedKey === null ? -1 : layout.rows.findIndex((r) => r.key === selectedKey);
  const selected = selectedIndex >= 0 ? layout.rows[selectedIndex] : null;

  const toggleRun = useCallback((runKey: string) => {
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(runKey)) next.delete(runKey);
      else next.add(runKey);
      return next;
    });
  }, []);

  const reveal = (row: LadderRow) => {
    const el = scroller.current;
    if (!el) return;
    const g = layout.geometry;
    if (row.y - g.rowHeight < el.scrollTop) el.scrollTop = Math.max(0, row.y - g.rowHeight * 1.5);
    else if (row.headY + g.rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = row.headY + g.rowHeight * 1.5 - el.clientHeight;
  };

  const choose = (row: LadderRow | undefined) => {
    if (!row) return;
    setSelectedKey(row.key);
    reveal(row);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const rows = layout.rows;
    if (e.key === 'ArrowDown') choose(rows[Math.min(rows.length - 1, selectedIndex + 1)]);
    else if (e.key === 'ArrowUp') choose(rows[Math.max(0, selectedIndex - 1)]);
    else if (e.key === 'Home') choose(rows[0]);
    else if (e.key === 'End') choose(rows[rows.length - 1]);
    else if (e.key === 'Enter' && selected?.runKey && (selected.kind === 'run' || selected.kind === 'run-header')) toggleRun(selected.runKey);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const [first, end] = visibleRows(layout, win.top, win.height);
  const background = drawBackground(layout, frame, text, Math.max(0, win.top - 300), Math.min(layout.height, win.top + win.height + 300), false);
  const groups: Shape[] = [];
  layout.groups.forEach((group, i) => {
    if (group.lastRow >= first && group.firstRow < end) groups.push(...drawGroup(layout, i, frame, text.groupText));
  });

  const select = (row: LadderRow) => {
    setSelectedKey(row.key);
    scroller.current?.focus({ preventScroll: true });
  };
  const toggleIfRun = (row: LadderRow) => row.runKey && (row.kind === 'run' || row.kind === 'run-header') && toggleRun(row.runKey);
  const bands = [];
  const rows = [];
  for (let i = first; i < end; i++) {
    const row = layout.rows[i];
    bands.push(<ShapeView key={row.key} shape={drawHitBand(row, layout, frame)} onClick={() => select(row)} onDoubleClick={() => toggleIfRun(row)} />);
    const shapes = drawRow(row, layout, frame, text.row(row));
    const label = text.row(row).label;
    rows.push(
      <g
        key={row.key}
        className="ladder-row"
        data-testid="ladder-row"
        data-index={row.index}
        data-key={row.key}
        data-kind={row.kind}
        data-dir={row.dir}
        data-step={row.step ?? ''}
        data-frame={row.item.frame}
        data-source={sourceOf(row)}
        data-alert={row.item.alertIndex}
        data-title={label.title}
        data-selected={row.key === selectedKey}
        onClick={() => select(row)}
        onDoubleClick={() => toggleIfRun(row)}
      >
        <title>{[label.title, label.detail, stepText(row, t)].filter(Boolean).join(' · ')}</title>
        {shapes.map((s, k) => (
          <ShapeView key={k} shape={s} />
        ))}
      </g>,
    );
  }

  const exportSvg = () => {
    const all: Shape[] = [...drawBackground(layout, ladderFrame(EXPORT_WIDTH), text)];
    layout.groups.forEach((_, i) => all.push(...drawGroup(layout, i, ladderFrame(EXPORT_WIDTH), text.groupText)));
    for (const row of layout.rows) all.push(...drawRow(row, layout, ladderFrame(EXPORT_WIDTH), text.row(row)));
    return svgDocument(all, EXPORT_WIDTH, layout.height, t('views.ladder.title', { id: c.id, client: c.client, server: c.server }), pageVariables());
  };
  const baseName = `connection-${c.id}-ladder`;
  const report = (outcome: Awaited<ReturnType<typeof saveData>>) =>
    setStatus(outcome.ok ? t('views.export.saved', { name: outcome.name }) : outcome.cancelled ? '' : t('views.export.failed', { reason: outcome.reason }));

  return (
    <div className="ladder-tab" data-testid="ladder-view">
      <div className="ladder-pane">
        <div className="view-toolbar">
          <button type="button" onClick={() => void saveData(api, `${baseName}.svg`, exportSvg(), 'image/svg+xml').then(report)} data-testid="ladder-export-svg">
            {t('views.ladder.exportSvg')}
          </button>
          <button
            type="button"
            onClick={() =>
              void svgToPng(exportSvg(), EXPORT_WIDTH, layout.height)
                .then((png) => saveData(api, `${baseName}.png`, png, 'image/png'))
                .then(report, (err: Error) => setStatus(t('views.export.failed', { reason: err.message })))
            }
            data-testid="ladder-export-png"
          >
            {t('views.ladder.exportPng')}
          </button>
          <button type="button" onClick={() => void copyText(ladderText(layout, c, t, language)).then((ok) => setStatus(ok ? t('views.ladder.copied') : ''))} data-testid="ladder-copy-text">
            {t('views.ladder.copyText')}
          </button>
          <span className="muted status-text" data-testid="ladder-status" role="status">
            {status}
          </span>
          <span className="spacer" />
          <span className="muted hint" title={t('views.ladder.model')} data-testid="ladder-model">
            ⓘ {t('views.ladder.keys')}
          </span>
        </div>
        <div className="ladder-header" style={{ width: frame.width }} aria-hidden="true">
          <span className="ladder-header-time">{t('views.ladder.timeHeader')}</span>
          <span className="ladder-header-lane" style={{ left: frame.clientX }}>
            <strong>{t('views.ladder.client')}</strong>
            <small>{c.client}</small>
          </span>
          <span className="ladder-header-lane" style={{ left: frame.serverX }}>
            <strong>{t('views.ladder.server')}</strong>
            <small>{c.server}</small>
          </span>
        </div>
        <div className="ladder-scroll" ref={scroller} tabIndex={0} onKeyDown={onKeyDown} data-testid="ladder" aria-label={t('views.ladder.title', { id: c.id, client: c.client, server: c.server })} aria-activedescendant={undefined}>
          {layout.rows.length === 0 ? (
            <p className="empty-note">{t('views.ladder.empty')}</p>
          ) : (
            <svg width={frame.width} height={layout.height} className="ladder-svg" role="img" data-rows={layout.rows.length}>
              {background.map((s, k) => (
                <ShapeView key={`b${k}`} shape={s} />
              ))}
              {selected &&
                selected.index >= first - 2 &&
                selected.index < end + 2 &&
                drawSelection(selected, layout, frame).map((s, k) => <ShapeView key={`s${k}`} shape={s} />)}
              <g className="ladder-bands">{bands}</g>
              {groups.map((s, k) => (
                <ShapeView key={`g${k}`} shape={s} />
              ))}
              {rows}
            </svg>
          )}
        </div>
        <p className="ladder-model muted">{t('views.ladder.model')}</p>
      </div>
      <MessageInspector analysisId={details.analysisId} connection={c} layout={layout} row={selected} onToggleRun={toggleRun} />
    </div>
  );
}
