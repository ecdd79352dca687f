/** An open capture: filter, flow list on top, the selected connection's details below. */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useApi } from '../api/api-context';
import { DetailArea } from '../features/detail/DetailArea';
import { ExportMenu } from '../features/export/ExportMenu';
import { FilterHelp, WiresharkFilter } from '../features/filter/FilterExtras';
import { FlowContext, type FlowState } from '../features/filter/flow-context';
import { PartialResultsBanner } from '../features/errors/PartialResultsBanner';
import { FlowTable, ROW_HEIGHT, type FlowSelection, type FlowSort, type FlowTableHandle } from '../features/flows/FlowTable';
import { useLadderFocus } from '../features/ladder/ladder-focus';
import { formatInteger } from '../format';
import { useI18n } from '../i18n/i18n-context';
import { Splitter } from './Splitter';
import type { AnalysisView } from './use-analysis';

export interface AnalysisScreenHandle {
  focusFilter(): void;
  move(delta: number): void;
}

const FILTER_DELAY_MS = 150;
/** the list's header, borders and a horizontal scroll bar around its rows */
const LIST_CHROME_PX = 48;

/**
 * The list takes the height of its rows, up to the splitter's share: one
 * connection leaves the rest of the screen to its ladder (issue 22).
 */
export function paneRows(shownRows: number, share: number): string {
  const fit = LIST_CHROME_PX + Math.max(1, shownRows) * ROW_HEIGHT;
  return `minmax(0, min(${fit}px, ${(share * 100).toFixed(1)}%)) auto minmax(0, 1fr)`;
}

export const AnalysisScreen = forwardRef<AnalysisScreenHandle, { analysis: AnalysisView & { analysisId: string } }>(function AnalysisScreen({ analysis }, ref) {
  const { t, language } = useI18n();
  const api = useApi();
  const [sort, setSort] = useState<FlowSort>({ key: 'id', direction: 'asc' });
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<FlowSelection | null>(null);
  const [counts, setCounts] = useState({ shown: 0, total: 0 });
  const [split, setSplit] = useState(0.5);
  const filterBox = useRef<HTMLInputElement>(null);
  const table = useRef<FlowTableHandle>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useImperativeHandle(ref, () => ({
    focusFilter: () => filterBox.current?.select(),
    move: (delta) => table.current?.move(delta),
  }));

  const onFilterText = (text: string) => {
    setFilterText(text);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setFilter(text), FILTER_DELAY_MS);
  };
  const onCounts = useCallback((c: { shown: number; total: number }) => setCounts((old) => (old.shown === c.shown && old.total === c.total ? old : c)), []);
  const revision = analysis.progress?.revision ?? 0;

  // a view below (the waterfall) selects a connection: find where it sits in the list, and show it
  const selectConnection = useCallback(
    (id: number) => {
      void api.listConnections({ analysisId: analysis.analysisId, offset: 0, limit: 1, sort, filter, locateId: id }).then((r) => {
        if (!r.ok || r.value.locatedIndex === null) return;
        const index = r.value.locatedIndex;
        setSelected({ id, index });
        table.current?.reveal(index);
      });
    },
    [api, analysis.analysisId, sort, filter],
  );
  // a lesson step points at an arrow: select its connection, as a click on its row would
  const focus = useLadderFocus();
  useEffect(() => {
    if (!focus) return;
    selectConnection(focus.connectionId);
    // room for the ladder the lesson talks about
    setSplit((old) => Math.min(old, 0.3));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per request, not when the sort changes
  }, [focus?.seq]);
  // a capture with one connection: that connection is the one to look at
  const onlyOne = analysis.status === 'finished' && counts.total === 1 && counts.shown === 1;
  useEffect(() => {
    if (!onlyOne || selected) return;
    let stale = false;
    void api.listConnections({ analysisId: analysis.analysisId, offset: 0, limit: 1, sort, filter }).then((r) => {
      if (!stale && r.ok && r.value.rows[0]) setSelected((old) => old ?? { id: r.value.rows[0].id, index: 0 });
    });
    return () => {
      stale = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once when the capture turns out to hold one connection
  }, [onlyOne, analysis.analysisId]);
  const flow = useMemo<FlowState>(
    () => ({ analysisId: analysis.analysisId, filter, sort, shown: counts.shown, selectedId: selected?.id ?? null, selectConnection }),
    [analysis.analysisId, filter, sort, counts.shown, selected, selectConnection],
  );

  return (
    <div className="analysis-screen">
      {analysis.summary && <PartialResultsBanner summary={analysis.summary} />}
      <div className="filter-bar">
        <input
          ref={filterBox}
          type="search"
          className="filter"
          value={filterText}
          placeholder={t('flows.filter')}
          aria-label={t('flows.filter')}
          onChange={(e) => onFilterText(e.target.value)}
          maxLength={200}
          spellCheck={false}
          data-testid="filter"
        />
        <FilterHelp filter={filterText} />
        <span className="muted" data-testid="flow-count">
          {t('flows.count', { shown: formatInteger(language, counts.shown), total: formatInteger(language, counts.total) })}
        </span>
        <WiresharkFilter analysisId={analysis.analysisId} selected={selected} sort={sort} filter={filter} revision={revision} />
        <ExportMenu analysisId={analysis.analysisId} filter={filter} sort={sort} shown={counts.shown} />
      </div>
      <div className="panes" style={{ gridTemplateRows: paneRows(counts.shown, split) }}>
        <FlowTable
          ref={table}
          analysisId={analysis.analysisId}
          revision={revision}
          sort={sort}
          filter={filter}
          selected={selected}
          reading={analysis.status === 'reading'}
          onSortChange={setSort}
          onSelect={setSelected}
          onCounts={onCounts}
        />
        <Splitter value={split} onChange={setSplit} />
        <FlowContext.Provider value={flow}>
          <DetailArea analysisId={analysis.analysisId} connectionId={selected?.id ?? null} revision={revision} />
        </FlowContext.Provider>
      </div>
    </div>
  );
});
