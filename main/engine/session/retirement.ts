/**
 * Bounded memory for one-pass readers (the CLI): a connection whose streams ended is
 * reported some capture time later, its report parked in the spool and the connection
 * forgotten; one silent for the idle timeout is ended first. The reports are read back
 * merged with the connections still live, in id order.
 */
import type { Analyzer, ForgetReason } from '../model/analyzer';
import { ReportSpool } from '../files/report-spool';
import type { TcpConnection } from '../tcp/connection';
import type { TlsConnectionAnalyzer } from '../tls/connection';
import type { FrozenTls } from './frozen-tls';
import type { SessionOptions } from './session-options';

/** An idle connection is ended only if this many frames passed since its last one (one frame with a wild clock must not end them all). */
const IDLE_MIN_FRAMES = 1000;
/**
 * Table rows parked in memory (about 100 characters each) before the spool writes them to its
 * file: ~150,000 rows, ~20 MB, where a report would be ~13 KB and goes to the file at once.
 */
const TABLE_ROW_CHARS_IN_MEMORY = 16 * 1024 * 1024;
/** Ended connections waiting for retirement beyond this are frozen meanwhile (memory guard). */
const MAX_UNFROZEN_WAITING = 512;
/** An ended connection retires after retireAfterSeconds of capture time, or this many frames after it ended, whatever the clock says. */
const RETIRE_AFTER_FRAMES = 20_000;

/** A retiring connection's report as parked (JSON or the table row's text), and whether it had TLS. */
export type ParkReport = (connection: TcpConnection) => { text: string; tls: boolean };

export class Retirement {
  /** ended connections waiting for their retirement time, oldest first (from `retireHead`) */
  private retireQueue: Array<{ connection: TcpConnection; frames: number }> = [];
  private retireHead = 0;
  private spool: ReportSpool | null = null;
  private retiredTlsCount = 0;
  private inputEnded = false;
  /** capture time of the last search for idle connections */
  private lastIdleSweep = -Infinity;
  /**
   * With an idle timeout: the connections whose streams have not ended, in id order, which
   * are all a search for idle ones needs to look at (the array of connections also holds
   * every ended one waiting for retirement: ~500 per search on the 600 MB bench, 2 % of it).
   */
  private readonly open = new Set<TcpConnection>();

  constructor(
    private readonly analyzer: Analyzer,
    private readonly options: Pick<SessionOptions, 'retireAfterSeconds' | 'idleTimeoutSeconds' | 'tableOnly'>,
    private readonly frozen: FrozenTls,
    private readonly park: ParkReport,
  ) {}

  /** Retired connections that carried TLS (the report head counts them with the live ones). */
  get retiredTls(): number {
    return this.retiredTlsCount;
  }

  private get idleTimeout(): number {
    return this.options.retireAfterSeconds === undefined ? 0 : (this.options.idleTimeoutSeconds ?? 0);
  }

  connectionOpened(connection: TcpConnection): void {
    if (this.idleTimeout > 0) this.open.add(connection);
  }

  /** The end of the input: nothing waits any more, the reports are written next. */
  inputEnd(): void {
    this.inputEnded = true;
  }

  afterFrame(time: number): void {
    if (this.retireQueue.length > this.retireHead) this.retireDue(time);
    if (this.idleTimeout > 0 && (time - this.lastIdleSweep >= this.idleTimeout / 4 || time < this.lastIdleSweep)) this.retireIdle(time);
  }

  /** Both streams of the connection ended (or its held records were released since). */
  streamsEnded(connection: TcpConnection): void {
    this.open.delete(connection);
    if (this.options.retireAfterSeconds === undefined) return this.frozen.freeze(connection);
    const tls = connection.consumer as TlsConnectionAnalyzer | null;
    if (tls?.holding) {
      this.frozen.holdUntilReleased(tls, connection);
      return;
    }
    // a connection retired soon needs no freezing; a long wait would hold many live analyzers
    // (at the end of the input nothing waits any more: the reports are written next). The
    // table's facts cost nothing to keep, and the analyzer kept until retirement would be
    // copied by the collector for nothing.
    if (this.options.tableOnly || (!this.inputEnded && this.retireQueue.length - this.retireHead >= MAX_UNFROZEN_WAITING)) this.frozen.freeze(connection);
    this.retireQueue.push({ connection, frames: this.analyzer.stats.frames });
  }

  private retireDue(now: number): void {
    const after = this.options.retireAfterSeconds!;
    const frames = this.analyzer.stats.frames;
    let requeued = 0;
    while (this.retireHead < this.retireQueue.length) {
      const entry = this.retireQueue[this.retireHead];
      const c = entry.connection;
      // capture clocks jump (a host's clock set, merged files): frames counted since the end
      // decide as well, and a connection dated after this frame waits at the back of the queue
      const due = now - c.end >= after || frames - entry.frames >= RETIRE_AFTER_FRAMES;
      if (!due) {
        if (c.end <= now || requeued++ >= 8) break;
        this.retireHead++;
        this.retireQueue.push(entry);
        continue;
      }
      this.retireHead++;
      this.retire(c);
    }
    if (this.retireHead > 4096 && this.retireHead * 2 > this.retireQueue.length) {
      this.retireQueue = this.retireQueue.slice(this.retireHead);
      this.retireHead = 0;
    }
  }

  /** Ends, reports and forgets the connections silent for the idle timeout (swept now and then, not per frame). */
  private retireIdle(now: number): void {
    // a clock that went back starts the count again rather than ending connections early
    const wentBack = now < this.lastIdleSweep;
    this.lastIdleSweep = now;
    if (wentBack) return;
    const frames = this.analyzer.stats.frames;
    const idle: TcpConnection[] = [];
    for (const c of this.open) {
      if (c.forgotten || c.streamsEnded || now - c.end < this.idleTimeout || frames - c.lastFrame.frame < IDLE_MIN_FRAMES) continue;
      // records still waiting for keys a later DSB may bring: keep the connection
      if ((c.consumer as TlsConnectionAnalyzer | null)?.holding) continue;
      idle.push(c);
    }
    for (const c of idle) {
      this.analyzer.endIdle(c);
      this.retire(c, 'idle');
    }
  }

  private retire(connection: TcpConnection, why: ForgetReason = 'ended'): void {
    const { text, tls } = this.park(connection);
    if (tls) this.retiredTlsCount++;
    (this.spool ??= new ReportSpool(this.options.tableOnly ? { memoryChars: TABLE_ROW_CHARS_IN_MEMORY } : {})).add(connection.id, text);
    this.frozen.forget(connection);
    this.open.delete(connection);
    this.analyzer.forget(connection, why);
  }

  /** Live connections and spooled reports (as parked), merged by id; `close`: the spool is closed at the end. */
  *connectionsInIdOrder(close = true): Generator<TcpConnection | string> {
    const spool = this.spool;
    try {
      const spooled = spool?.ids() ?? [];
      let i = 0;
      for (const c of this.analyzer.liveConnections()) {
        while (i < spooled.length && spooled[i] < c.id) yield spool!.read(spooled[i++]);
        yield c;
      }
      while (i < spooled.length) yield spool!.read(spooled[i++]);
    } finally {
      if (close) this.dispose();
    }
  }

  /** Removes the spool file (reports not read are lost); safe to call twice. */
  dispose(): void {
    this.spool?.close();
    this.spool = null;
  }
}
