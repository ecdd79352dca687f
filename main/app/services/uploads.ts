/**
 * Browser mode: a page cannot give a file path, so it streams the chosen or
 * dropped file in chunks; each upload is written to its own temp folder and
 * analysed from there. The folder is removed when that analysis closes.
 */
import { mkdtempSync, rmSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiError } from './api-error';

/** a tab that opened uploads and vanished must not pin files forever */
const MAX_OPEN_UPLOADS = 4;

interface Upload {
  id: string;
  dir: string;
  path: string;
  name: string;
  size: number;
  received: number;
  handle: fsp.FileHandle;
  writing: Promise<void>;
}

export interface FinishedUpload {
  path: string;
  name: string;
  size: number;
  /** removes the temp folder */
  remove: () => void;
}

export class Uploads {
  private readonly open = new Map<string, Upload>();

  constructor(private readonly baseDir: string = tmpdir()) {}

  async begin(name: string, size: number): Promise<{ uploadId: string }> {
    while (this.open.size >= MAX_OPEN_UPLOADS) await this.abort(this.open.keys().next().value!);
    const id = randomBytes(12).toString('hex');
    const dir = mkdtempSync(join(this.baseDir, 'tlslens-upload-'));
    const path = join(dir, safeFileName(name));
    const handle = await fsp.open(path, 'wx', 0o600);
    this.open.set(id, { id, dir, path, name, size, received: 0, handle, writing: Promise.resolve() });
    return { uploadId: id };
  }

  async chunk(uploadId: string, offset: number, data: Uint8Array): Promise<{ received: number }> {
    const u = this.get(uploadId);
    if (offset !== u.received) throw new ApiError('upload-failed', `chunk at offset ${offset}, expected ${u.received}`);
    if (u.received + data.length > u.size) throw new ApiError('upload-failed', `more bytes than announced (${u.size})`);
    u.received += data.length;
    u.writing = u.writing.then(() => u.handle.write(data, 0, data.length, offset).then(() => undefined));
    await u.writing;
    return { received: u.received };
  }

  async finish(uploadId: string): Promise<FinishedUpload> {
    const u = this.get(uploadId);
    if (u.received !== u.size) throw new ApiError('upload-failed', `upload incomplete: ${u.received} of ${u.size} bytes`);
    this.open.delete(uploadId);
    await u.writing;
    await u.handle.close();
    return { path: u.path, name: u.name, size: u.size, remove: () => rmSync(u.dir, { recursive: true, force: true }) };
  }

  async abort(uploadId: string): Promise<void> {
    const u = this.open.get(uploadId);
    if (!u) return;
    this.open.delete(uploadId);
    await u.writing.catch(() => undefined);
    await u.handle.close().catch(() => undefined);
    rmSync(u.dir, { recursive: true, force: true });
  }

  async dispose(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.abort(id);
  }

  private get(uploadId: string): Upload {
    const u = this.open.get(uploadId);
    if (!u) throw new ApiError('upload-failed', `no upload ${uploadId}`);
    return u;
  }
}

/** The page's file name, reduced to something safe to create in our own temp folder. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^\p{L}\p{N}._ -]/gu, '_').replace(/^\.+/, '').slice(0, 120);
  return cleaned || 'capture.pcap';
}
