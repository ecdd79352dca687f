/**
 * The flow list: a virtualised, sortable table of connections. It asks the
 * analysis worker for the rows around what is on screen, again whenever the
 * worker reports new or changed rows (revision), so connections appear while
 * the file is still being read.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { MAX_PAGE_SIZE, type ConnectionPage, type SortDirection, type SortKey } from '../../../../contract/api';
import { useApi } from '../../api/api-context';
import { scrollRowIntoView, useVirtualWindow } from '../../app/use-virtual-window';
import { useI18n } from '../../i18n/i18n-context';
import { COLUMNS } from './columns';

export const ROW_HEIGHT = 26;
/** rows are fetched in blocks so scrolling a few pixels does not ask again */
const BLOCK = 100;

export interface FlowSort {
  key: SortKey;
  direction: SortDirection;
}

export interface FlowSelection {
  id: number;
  index: number;
}

interface Props {
  analysisId: string;
  revision: number;
  sort: FlowSort;
  filter: string;
  selected: FlowSelection | null;
  /** still reading: an empty list is not (yet) an empty capture */
  reading: boolean;
  onSortChange(sort: FlowSort): void;
  onSelect(selection: FlowSelection | null): void;
  onCounts(counts: { shown: number; total: number }): void;
}

export interface FlowTableHandle {
  move(delta: number): void;
  /** scroll so the row at `index` (in the filtered, sorted order) is visible */
  reveal(index: number): void;
}

export const FlowTable = forwardRef<FlowTableHandle, Props>(function FlowTable(props, ref) {
  const { analysisId, revision, sort, filter, selected, reading, onSelect, onSortChange, onCounts } = props;
  const api = useApi();
  const { t, language } = useI18n();
  const body = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLDivElement>(null);
  const win = useVirtualWindow(body, ROW_HEIGHT);
  const [page, setPage] = useState<ConnectionPage | null>(null);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  const blockStart = Math.max(0, Math.floor(win.first / BLOCK) * BLOCK - BLOCK);
  const limit = Math.min(MAX_PAGE_SIZE, 3 * BLOCK + win.count);

  useEffect(() => {
    let stale = false;
    const locateId = selectedRef.current?.id;
    void api
      .listConnections({ analysisId, offset: blockStart, limit, sort, filter, ...(locateId === undefined ? {} : { locateId }) })
      .then((r) => {
        if (stale || !r.ok) return;
        setPage(r.value);
        onCounts({ shown: r.value.total, total: r.value.totalAll });
        // the selected connection moved (new sort, filter, rows) or was filtered out
        const sel = selectedRef.current;
        if (sel && sel.id === locateId && r.value.locatedIndex !== sel.index) {
          onSelect(r.value.locatedIndex === null ? null : { id: sel.id, index: r.value.locatedIndex });
        }
      });
    return () => {
      stale = true;
    };
  }, [api, analysisId, revision, sort, filter, blockStart, limit, onCounts, onSelect]);

  useImperativeHandle(
    ref,
    () => ({
      move(delta) {
        const total = page?.total ?? 0;
        if (total === 0) return;
        const from = selected ? selected.index : delta > 0 ? -1 : total;
        const index = Math.max(0, Math.min(total - 1, from + delta));
        void api.listConnections({ analysisId, offset: index, limit: 1, sort, filter }).then((r) => {
          const row = r.ok ? r.value.rows[0] : undefined;
          if (!row) return;
          onSelect({ id: row.id, index });
          if (body.current) scrollRowIntoView(body.current, index, ROW_HEIGHT);
        });
      },
      reveal(index) {
        if (body.current) scrollRowIntoView(body.current, index, ROW_HEIGHT);
      },
    }),
    [api, analysisId, page, selected, sort, filter, onSelect],
  );

  const total = page?.total ?? 0;
  const rows = [];
  for (let index = win.first; index < Math.min(total, win.first + win.count); index++) {
    const row = page ? page.rows[index - page.offset] : undefined;
    const isSelected = !!row && selected?.id === row.id;
    rows.push(
      <div
        key={index}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        className={`flow-row grid-flows${isSelected ? ' selected' : ''}${index % 2 ? ' odd' : ''}`}
        style={{ top: index * ROW_HEIGHT }}
        data-testid={row ? 'flow-row' : undefined}
        data-connection-id={row?.id}
        data-status={row?.status}
        onClick={() => row && onSelect({ id: row.id, index })}
      >
        {row &&
          COLUMNS.map((c) => (
            <div key={c.key} role="gridcell" className={`cell${c.numeric ? ' numeric' : ''}${c.cellClass ? ` ${c.cellClass(row)}` : ''}`} title={c.text(row, t, language)}>
              {c.text(row, t, language)}
            </div>
          ))}
      </div>,
    );
  }

  return (
    <div className="flow-table" role="grid" aria-rowcount={total + 1} data-testid="flow-table">
      <div className="flow-header grid-flows" role="row" aria-rowindex={1} ref={header}>
        {COLUMNS.map((c) => {
          const active = sort.key === c.key;
          return (
            <button
              key={c.key}
              type="button"
              role="columnheader"
              aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              className={`header-cell${c.numeric ? ' numeric' : ''}${active ? ' active' : ''}`}
              title={active ? `${t(c.title)}: ${t(sort.direction === 'asc' ? 'flows.sortAscending' : 'flows.sortDescending')}` : t(c.title)}
              onClick={() => onSortChange({ key: c.key, direction: active && sort.direction === 'asc' ? 'desc' : 'asc' })}
            >
              {t(c.title)}
              {active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
            </button>
          );
        })}
      </div>
      <div
        className="flow-body"
        ref={body}
        tabIndex={0}
        data-testid="flow-body"
        // the header scrolls sideways with the body
        onScroll={(e) => header.current && (header.current.style.transform = `translateX(${-e.currentTarget.scrollLeft}px)`)}
      >
        <div className="flow-spacer" style={{ height: total * ROW_HEIGHT }}>
          {rows}
        </div>
        {page && total === 0 && (filter !== '' || !reading) && <p className="empty-note">{t(page.totalAll === 0 ? 'flows.none' : 'flows.noMatch')}</p>}
      </div>
    </div>
  );
});
