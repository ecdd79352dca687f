/**
 * Live capture for the UI: start/stop, a status to poll, throttled update
 * events (at most 4 a second) carrying the new and changed connection rows,
 * "save as". No Electron import: the shell wires it to IPC and to browser mode
 * the way it wires AnalysisService. One capture runs at a time; stopped ones
 * stay queryable until closed (their files stay on disk).
 */
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ConnectionRow } from '../../../contract/api';
import { connectionRow } from '../../worker/connection-row';
import type { AnalysisReport, ConnectionReport } from '../../engine/model/report';
import { type CaptureErrorInfo } from '../../../contract/capture/capture-errors';
import { CaptureError } from '../protocol/capture-error';
import { defaultCaptureDir } from './capture-dir';
import { LiveCapture, type CaptureInfo, type LiveCaptureStats } from './capture-source';
import type { StopReason } from '../../../contract/capture/capture-status';
import { checkFilter, listInterfaces, type FilterCheck } from './helper-ops';
import type { LaunchOptions } from './helper-launch';
import type { CaptureSettings } from '../protocol/helper-messages';
import type { CaptureInterface } from '../../../contract/capture/interfaces';

export interface StartCaptureRequest extends CaptureSettings {
  durationSeconds?: number;
  keylogPath?: string;
}

export interface CaptureStatus {
  captureId: string;
  state: 'running' | 'stopped';
  path: string;
  info: CaptureInfo;
  stats: LiveCaptureStats;
  connections: number;
  tlsConnections: number;
  /** grows whenever rows were added or changed */
  revision: number;
  stoppedBy: StopReason | null;
  error: CaptureErrorInfo | null;
}

export type CaptureEvent =
  | { type: 'started'; captureId: string; status: CaptureStatus }
  /** at most every UPDATE_INTERVAL_MS while running; `rows` = added/changed since the previous update (first MAX_ROWS_PER_UPDATE; poll changes() for the rest) */
  | { type: 'update'; captureId: string; status: CaptureStatus; rows: ConnectionRow[]; rowsTruncated: boolean }
  | { type: 'stopped'; captureId: string; status: CaptureStatus };

export interface CaptureServiceOptions {
  /** default defaultCaptureDir(); the desktop shell passes captureDirIn(app.getPath('userData')) */
  captureDir?: string;
  launch?: LaunchOptions;
  /** ≥ 250 ms (4 updates a second at most) */
  updateIntervalMs?: number;
}

export const UPDATE_INTERVAL_MS = 250;
export const MAX_ROWS_PER_UPDATE = 500;

interface Entry {
  id: string;
  capture: LiveCapture;
  revision: number;
  /** per connection id: frames seen at the last tick, and the revision it last changed in */
  seenFrames: number[];
  changedAt: number[];
  /** revision up to which update events already carried rows */
  emittedRevision: number;
  timer: NodeJS.Timeout | null;
  stopTimer: NodeJS.Timeout | null;
  stopped: boolean;
}

export class CaptureService {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(event: CaptureEvent) => void>();
  private counter = 0;
  private readonly interval: number;

  constructor(private readonly options: CaptureServiceOptions = {}) {
    this.interval = Math.max(UPDATE_INTERVAL_MS, options.updateIntervalMs ?? UPDATE_INTERVAL_MS);
  }

  listInterfaces(): Promise<CaptureInterface[]> {
    return listInterfaces(this.options.launch);
  }

  /** libpcap's verdict on a filter for an interface, before starting. */
  checkFilter(iface: string, filter: string): Promise<FilterCheck> {
    return checkFilter(iface, filter, this.options.launch);
  }

  subscribe(listener: (event: CaptureEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(request: StartCaptureRequest): Promise<CaptureStatus> {
    const running = [...this.entries.values()].find((e) => !e.stopped);
    if (running) throw new CaptureError('capture.busy', { captureId: running.id });
    if (request.durationSeconds !== undefined && !(request.durationSeconds > 0)) throw new CaptureError('capture.bad-option', { option: 'duration', value: String(request.durationSeconds) });
    const capture = await LiveCapture.start({
      interface: request.interface,
      filter: request.filter,
      snapLength: request.snapLength,
      promiscuous: request.promiscuous,
      bufferSize: request.bufferSize,
      count: request.count,
      keylogPath: request.keylogPath,
      captureDir: this.options.captureDir ?? defaultCaptureDir(),
      launch: this.options.launch,
    });
    const entry: Entry = { id: `c${++this.counter}-${Date.now().toString(36)}`, capture, revision: 0, seenFrames: [], changedAt: [], emittedRevision: 0, timer: null, stopTimer: null, stopped: false };
    this.entries.set(entry.id, entry);
    entry.timer = setInterval(() => this.tick(entry), this.interval);
    if (request.durationSeconds) entry.stopTimer = setTimeout(() => void capture.stop(), request.durationSeconds * 1000);
    void capture.done.then(() => this.onDone(entry));
    const status = this.statusOf(entry);
    this.emit({ type: 'started', captureId: entry.id, status });
    return status;
  }

  async stop(captureId: string): Promise<CaptureStatus> {
    const entry = this.entry(captureId);
    await entry.capture.stop();
    // onDone ran from the same promise before us (registered first)
    return this.statusOf(entry);
  }

  status(captureId: string): CaptureStatus {
    return this.statusOf(this.entry(captureId));
  }

  /** Rows added or changed after `sinceRevision` (0: all), for a UI that polls instead of subscribing. */
  changes(captureId: string, sinceRevision = 0, limit = MAX_ROWS_PER_UPDATE): { revision: number; rows: ConnectionRow[]; more: boolean } {
    const entry = this.entry(captureId);
    if (!entry.stopped) this.scan(entry);
    const { rows, more } = this.rowsSince(entry, sinceRevision, limit);
    return { revision: entry.revision, rows, more };
  }

  connectionDetails(captureId: string, connectionId: number): ConnectionReport {
    const entry = this.entry(captureId);
    const conn = entry.capture.session.analyzer.connections[connectionId];
    if (!conn) throw new CaptureError('capture.bad-option', { option: 'connection', value: String(connectionId) });
    return entry.capture.session.connectionReport(conn);
  }

  report(captureId: string): AnalysisReport {
    return this.entry(captureId).capture.report();
  }

  /**
   * "Save capture as…": a copy of the pcapng. While capturing, the copy ends
   * at the last whole block already written, so it is always a valid file.
   */
  async saveAs(captureId: string, destination: string): Promise<{ path: string; bytes: number }> {
    const entry = this.entry(captureId);
    const source = entry.capture.path;
    if (resolvePath(destination) === resolvePath(source)) return { path: source, bytes: (await fsp.stat(source)).size };
    const bytes = entry.stopped ? (await fsp.stat(source)).size : await entry.capture.flushedLength();
    try {
      if (bytes === 0) await fsp.writeFile(destination, new Uint8Array(0));
      else await pipeline(createReadStream(source, { start: 0, end: bytes - 1 }), createWriteStream(destination));
    } catch (err) {
      throw new CaptureError('capture.write-failed', { path: destination, error: (err as Error).message });
    }
    return { path: destination, bytes };
  }

  /** Forgets a stopped capture (its file stays). */
  close(captureId: string): void {
    const entry = this.entry(captureId);
    if (!entry.stopped) throw new CaptureError('capture.busy', { captureId });
    this.entries.delete(captureId);
  }

  /** Stops whatever runs (app quit). */
  async dispose(): Promise<void> {
    await Promise.all([...this.entries.values()].filter((e) => !e.stopped).map((e) => e.capture.stop()));
    this.listeners.clear();
  }

  private entry(captureId: string): Entry {
    const entry = this.entries.get(captureId);
    if (!entry) throw new CaptureError('capture.unknown-capture', { captureId });
    return entry;
  }

  /** Marks connections whose frame count moved; O(connections) per tick, like the file worker's index. */
  private scan(entry: Entry): void {
    const connections = entry.capture.session.analyzer.connections;
    let bumped = false;
    for (let i = 0; i < connections.length; i++) {
      const c = connections[i];
      const frames = c.counters.c2s.frames + c.counters.s2c.frames;
      if (entry.seenFrames[i] === frames) continue;
      if (!bumped) {
        entry.revision++;
        bumped = true;
      }
      entry.seenFrames[i] = frames;
      entry.changedAt[i] = entry.revision;
    }
  }

  private rowsSince(entry: Entry, since: number, limit: number): { rows: ConnectionRow[]; more: boolean } {
    const connections = entry.capture.session.analyzer.connections;
    const rows: ConnectionRow[] = [];
    let more = false;
    for (let i = 0; i < connections.length; i++) {
      if ((entry.changedAt[i] ?? 0) <= since) continue;
      if (rows.length >= limit) {
        more = true;
        break;
      }
      rows.push(connectionRow(entry.capture.session.connectionReport(connections[i])));
    }
    return { rows, more };
  }

  private tick(entry: Entry): void {
    if (entry.stopped) return;
    this.scan(entry);
    const { rows, more } = this.rowsSince(entry, entry.emittedRevision, MAX_ROWS_PER_UPDATE);
    entry.emittedRevision = entry.revision;
    this.emit({ type: 'update', captureId: entry.id, status: this.statusOf(entry), rows, rowsTruncated: more });
  }

  private onDone(entry: Entry): void {
    if (entry.timer) clearInterval(entry.timer);
    if (entry.stopTimer) clearTimeout(entry.stopTimer);
    // the end of the capture may change summaries (trailing gaps, frozen TLS): every row counts as changed
    this.scan(entry);
    entry.revision++;
    entry.changedAt.fill(entry.revision);
    entry.stopped = true;
    this.emit({ type: 'stopped', captureId: entry.id, status: this.statusOf(entry) });
  }

  private statusOf(entry: Entry): CaptureStatus {
    const c = entry.capture;
    const connections = c.session.analyzer.connections;
    let tls = 0;
    for (const conn of connections) if (c.session.hasTls(conn)) tls++;
    return {
      captureId: entry.id,
      state: entry.stopped ? 'stopped' : 'running',
      path: c.path,
      info: c.info,
      stats: c.stats(),
      connections: connections.length,
      tlsConnections: tls,
      revision: entry.revision,
      stoppedBy: c.result?.reason ?? null,
      error: c.result?.error ?? null,
    };
  }

  private emit(event: CaptureEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a listener's bug must not stop the capture's bookkeeping
      }
    }
  }
}
