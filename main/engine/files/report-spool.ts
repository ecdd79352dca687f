/**
 * Connection reports parked on disk: the CLI reports a connection shortly after it ends and
 * forgets it, writing its JSON here, then prints everything in id order at the end. Memory
 * keeps 12 bytes per connection instead of its events and TLS summary. Small reports (the
 * text table's rows, ~100 characters) may stay in memory up to a budget first: encoding each
 * to the file and decoding it back was a tenth of the table's run on the 600 MB bench.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Written in batches (one system call per connection was a tenth of a large capture's time),
 * each report encoded into one reused buffer as it comes: a list of strings joined per batch
 * kept every report alive into the old generation and copied it twice more (ndjson on the
 * 600 MB bench: ~10 % of the run).
 */
const WRITE_BUFFER_BYTES = 1 << 20;
/**
 * ... and read through a window of this size: reports are read back in id order, which is
 * nearly the order they were written in, so one read serves hundreds of reports
 */
const READ_WINDOW_BYTES = 1 << 20;

export interface ReportSpoolOptions {
  /** reports kept in memory, as strings, until their characters reach this (0: all on disk) */
  memoryChars?: number;
}

export class ReportSpool {
  private dir: string | null = null;
  private fd: number | null = null;
  private closed = false;
  private readonly memoryChars: number;
  private memoryUsed = 0;
  /** reports kept in memory, by id (ids are dense: an array, where a Map was a cost per row) */
  private inMemory: Array<string | undefined> = [];
  private inMemoryCount = 0;

  constructor(options: ReportSpoolOptions = {}) {
    this.memoryChars = options.memoryChars ?? 0;
  }

  /** The file, made at the first report that goes to disk (a small capture's table makes none). */
  private file(): number {
    if (this.fd !== null) return this.fd;
    if (this.closed) throw new Error('the spool is closed');
    const dir = mkdtempSync(join(tmpdir(), 'tlslens-spool-'));
    this.fd = openSync(join(dir, 'connections.jsonl'), 'w+');
    this.dir = dir;
    // unlinked at once where the system allows it (the open descriptor keeps the file): a
    // CLI stopped with Ctrl-C or killed leaves nothing behind in the temp folder
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Windows keeps open files: close() removes them
    }
    return this.fd;
  }
  /** bytes in the file plus bytes waiting in `pending` */
  private size = 0;
  private written = 0;
  private pending: Buffer | null = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private pendingBytes = 0;
  private readonly where = new Map<number, { offset: number; length: number }>();
  /** file bytes [windowStart, windowStart + windowLength) as last read */
  private window: Buffer | null = null;
  private windowStart = 0;
  private windowLength = 0;

  get count(): number {
    return this.where.size + this.inMemoryCount;
  }

  /** `json`: one connection report, JSON-encoded (compact), or a table row's text */
  add(id: number, json: string): void {
    if (this.memoryUsed + json.length <= this.memoryChars) {
      if (this.inMemory[id] === undefined) this.inMemoryCount++;
      this.inMemory[id] = json;
      this.memoryUsed += json.length;
      return;
    }
    const length = Buffer.byteLength(json, 'utf8');
    this.where.set(id, { offset: this.size, length });
    this.size += length;
    const pending = this.pending!;
    if (this.pendingBytes + length > pending.length) this.flush();
    if (length > pending.length) this.writeAll(Buffer.from(json, 'utf8'), length);
    else this.pendingBytes += pending.write(json, this.pendingBytes, 'utf8');
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    this.writeAll(this.pending!, this.pendingBytes);
    this.pendingBytes = 0;
  }

  private writeAll(bytes: Buffer, length: number): void {
    let done = 0;
    const fd = this.file();
    while (done < length) done += writeSync(fd, bytes, done, length - done, this.written + done);
    this.written += length;
  }

  has(id: number): boolean {
    return this.inMemory[id] !== undefined || this.where.has(id);
  }

  /** the ids held, ascending */
  ids(): number[] {
    const ids: number[] = [];
    this.inMemory.forEach((_, id) => ids.push(id));
    if (this.where.size === 0) return ids;
    return [...ids, ...this.where.keys()].sort((a, b) => a - b);
  }

  read(id: number): string {
    const kept = this.inMemory[id];
    if (kept !== undefined) return kept;
    const at = this.where.get(id);
    if (!at) throw new Error(`connection ${id} is not in the spool`);
    if (at.offset + at.length > this.written) this.flush();
    if (at.length > READ_WINDOW_BYTES) return this.readAt(Buffer.allocUnsafe(at.length), at.offset, at.length, id).toString('utf8');
    if (!this.window || at.offset < this.windowStart || at.offset + at.length > this.windowStart + this.windowLength) {
      this.window ??= Buffer.allocUnsafe(READ_WINDOW_BYTES);
      this.windowStart = at.offset;
      this.windowLength = Math.min(READ_WINDOW_BYTES, this.written - at.offset);
      this.readAt(this.window, at.offset, this.windowLength, id);
    }
    const from = at.offset - this.windowStart;
    return this.window.toString('utf8', from, from + at.length);
  }

  /** Fills bytes[0, length) from file offset `offset`. */
  private readAt(bytes: Buffer, offset: number, length: number, id: number): Buffer {
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd!, bytes, done, length - done, offset + done);
      if (n === 0) throw new Error(`spool file ends before connection ${id}'s report`);
      done += n;
    }
    return bytes;
  }

  /** Removes the file; safe to call twice. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.closed = true;
    this.pending = null;
    this.pendingBytes = 0;
    this.window = null;
    this.inMemory = [];
    this.inMemoryCount = 0;
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
  }
}
