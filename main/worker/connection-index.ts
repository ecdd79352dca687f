/**
 * The flow list's rows, kept where the connections are (the analysis worker),
 * so a capture with 100,000+ connections is filtered, sorted and paged here
 * and the renderer only ever holds the visible page.
 */
import type { ConnectionPage, ConnectionQuery, ConnectionReportView, ConnectionRow, SortKey } from '../../contract/api';
import { connectionRow, searchText } from './connection-row';
import { compileFilter } from '../../contract/filter/flow-filter';

/** What the index reads connections from: the analyzer's list, or a test double. */
export interface ConnectionSource {
  count(): number;
  /** changes whenever the connection's row may have (new frames, new events such as a trailing gap) */
  version(index: number): number;
  report(index: number): ConnectionReportView;
}

/** A page as the contract has it, before the worker names the analysis it belongs to. */
export type IndexPage = Omit<ConnectionPage, 'analysisId'>;

const STATUS_RANK: Record<ConnectionRow['status'], number> = { alert: 0, reset: 1, incomplete: 2, complete: 3, 'not-tls': 4 };

export class ConnectionIndex {
  private readonly rows: ConnectionRow[] = [];
  private readonly versions: number[] = [];
  private readonly search: string[] = [];
  private readonly endpointKeys: Array<{ client: string; server: string }> = [];
  private order: { key: string; revision: number; ids: number[] } | null = null;
  /** where a budgeted refresh goes on from */
  private cursor = 0;
  revision = 0;
  tlsConnections = 0;

  constructor(private readonly source: ConnectionSource) {}

  /**
   * Re-derive the rows of new connections and of those that changed; true
   * when any did. With a time budget (while reading) it stops early and goes
   * on from there next time, so row upkeep never slows the reading by much;
   * new connections come first so they appear at once.
   */
  refresh(budgetMs = Infinity): boolean {
    const count = this.source.count();
    const deadline = budgetMs === Infinity ? Infinity : performance.now() + budgetMs;
    let changed = false;
    for (let i = this.rows.length; i < count && performance.now() < deadline; i++) changed = this.update(i) || changed;
    const known = this.rows.length;
    const from = this.cursor;
    for (let n = 0; n < known && performance.now() < deadline; n++) {
      const i = (from + n) % known;
      changed = this.update(i) || changed;
      this.cursor = (i + 1) % known;
    }
    if (changed) this.revision++;
    return changed;
  }

  /** Bring one row up to date (the one whose details are being shown). */
  refreshRow(i: number): void {
    if (i < 0 || i >= this.source.count()) return;
    if (this.update(i)) this.revision++;
  }

  private update(i: number): boolean {
    const version = this.source.version(i);
    if (this.versions[i] === version) return false;
    const previous = this.rows[i];
    const row = connectionRow(this.source.report(i));
    if (previous && previous.status !== 'not-tls') this.tlsConnections--;
    if (row.status !== 'not-tls') this.tlsConnections++;
    this.rows[i] = row;
    this.versions[i] = version;
    this.search[i] = searchText(row);
    this.endpointKeys[i] = { client: endpointSortKey(row.client), server: endpointSortKey(row.server) };
    return true;
  }

  get size(): number {
    return this.rows.length;
  }

  row(id: number): ConnectionRow | null {
    return this.rows[id] ?? null;
  }

  /** Ids in the flow list's order under `filter` and `sort` (exports write exactly what is listed). */
  orderedRowIds(filter: string, sort: ConnectionQuery['sort']): number[] {
    return this.orderedIds({ offset: 0, limit: 0, filter, sort });
  }

  /** Every row so far, by id (the capture summary aggregates them). */
  allRows(): readonly ConnectionRow[] {
    return this.rows;
  }

  query(q: Omit<ConnectionQuery, 'analysisId'>): IndexPage {
    const ids = this.orderedIds(q);
    const rows = ids.slice(q.offset, q.offset + q.limit).map((id) => this.rows[id]);
    let locatedIndex: number | null = null;
    if (q.locateId !== undefined) {
      const at = ids.indexOf(q.locateId);
      locatedIndex = at >= 0 ? at : null;
    }
    return { revision: this.revision, offset: q.offset, total: ids.length, totalAll: this.rows.length, rows, locatedIndex };
  }

  private orderedIds(q: Omit<ConnectionQuery, 'analysisId'>): number[] {
    const filter = q.filter.trim();
    const key = `${q.sort.key}\u0000${q.sort.direction}\u0000${filter}`;
    if (this.order && this.order.key === key && this.order.revision === this.revision) return this.order.ids;
    const ids: number[] = [];
    // the filter language (sni:, version:, status: … and plain words), parsed once per query
    const matches = compileFilter(filter);
    for (let i = 0; i < this.rows.length; i++) {
      if (this.rows[i] && matches(this.rows[i], this.search[i])) ids.push(i);
    }
    const compare = this.comparator(q.sort.key);
    const sign = q.sort.direction === 'asc' ? 1 : -1;
    ids.sort((a, b) => {
      const c = compare(a, b);
      // missing values go last in either direction; ties keep capture order
      if (c === null) return nullsLast(this.valueOf(q.sort.key, a), this.valueOf(q.sort.key, b)) || a - b;
      return c * sign || a - b;
    });
    this.order = { key, revision: this.revision, ids };
    return ids;
  }

  private valueOf(key: SortKey, id: number): unknown {
    return this.rows[id][key];
  }

  /** returns null when one side has no value (handled by nullsLast) */
  private comparator(key: SortKey): (a: number, b: number) => number | null {
    const rows = this.rows;
    switch (key) {
      case 'client':
      case 'server':
        return (a, b) => cmp(this.endpointKeys[a][key], this.endpointKeys[b][key]);
      case 'status':
        return (a, b) => STATUS_RANK[rows[a].status] - STATUS_RANK[rows[b].status];
      default:
        return (a, b) => {
          const x = rows[a][key];
          const y = rows[b][key];
          if (x === null || y === null) return null;
          return cmp(x, y);
        };
    }
  }
}

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nullsLast(a: unknown, b: unknown): number {
  if (a === null && b === null) return 0;
  return a === null ? 1 : -1;
}

/** "10.0.0.2:443" sorts before "10.0.0.10:443": IPv4 octets and ports compared as numbers. */
export function endpointSortKey(endpoint: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+):(\d+)$/.exec(endpoint);
  if (m) return '4' + m.slice(1, 5).map((o) => o.padStart(3, '0')).join('.') + ':' + m[5].padStart(5, '0');
  const v6 = /^\[(.*)\]:(\d+)$/.exec(endpoint);
  if (v6) return '6' + v6[1] + ':' + v6[2].padStart(5, '0');
  return '9' + endpoint;
}
