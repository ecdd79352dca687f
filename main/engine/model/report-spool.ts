/**
 * Connection reports parked on disk: the CLI reports a connection shortly after it ends and
 * forgets it, writing its JSON here, then prints everything in id order at the end. Memory
 * keeps 12 bytes per connection instead of its events and TLS summary.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class ReportSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'tlslens-spool-'));
  private fd: number | null = openSync(join(this.dir, 'connections.jsonl'), 'w+');
  private size = 0;
  private readonly where = new Map<number, { offset: number; length: number }>();

  get count(): number {
    return this.where.size;
  }

  /** `json`: one connection report, JSON-encoded (compact) */
  add(id: number, json: string): void {
    const bytes = Buffer.from(json, 'utf8');
    writeSync(this.fd!, bytes, 0, bytes.length, this.size);
    this.where.set(id, { offset: this.size, length: bytes.length });
    this.size += bytes.length;
  }

  has(id: number): boolean {
    return this.where.has(id);
  }

  /** the ids held, ascending */
  ids(): number[] {
    return [...this.where.keys()].sort((a, b) => a - b);
  }

  read(id: number): string {
    const at = this.where.get(id);
    if (!at) throw new Error(`connection ${id} is not in the spool`);
    const bytes = Buffer.allocUnsafe(at.length);
    let done = 0;
    while (done < at.length) done += readSync(this.fd!, bytes, done, at.length - done, at.offset + done);
    return bytes.toString('utf8');
  }

  /** Removes the file; safe to call twice. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
