/** The most recently opened captures (by path), kept in recent-files.json in the user-data folder. */
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { RecentFile } from '../../../contract/api';
import { readJsonFile, writeJsonFile } from './json-file';

export const MAX_RECENT_FILES = 10;

type Stored = Omit<RecentFile, 'exists'>;

export class RecentFiles {
  private readonly file: string;
  private entries: Stored[];

  constructor(userDataDir: string) {
    this.file = join(userDataDir, 'recent-files.json');
    this.entries = parseStored(readJsonFile(this.file));
  }

  list(): RecentFile[] {
    return this.entries.map((e) => ({ ...e, exists: existsSync(e.path) }));
  }

  add(path: string, size: number): void {
    const entry: Stored = { path, name: basename(path), size, openedAt: Date.now() };
    this.entries = [entry, ...this.entries.filter((e) => e.path !== path)].slice(0, MAX_RECENT_FILES);
    try {
      writeJsonFile(this.file, this.entries);
    } catch {
      // a read-only profile loses the recent list, not the analysis
    }
  }
}

function parseStored(value: unknown): Stored[] {
  if (!Array.isArray(value)) return [];
  const out: Stored[] = [];
  for (const v of value) {
    if (typeof v !== 'object' || v === null) continue;
    const { path, size, openedAt } = v as Record<string, unknown>;
    if (typeof path !== 'string' || !isAbsolute(path) || path.length > 4096) continue;
    out.push({ path, name: basename(path), size: typeof size === 'number' ? size : 0, openedAt: typeof openedAt === 'number' ? openedAt : 0 });
  }
  return out.slice(0, MAX_RECENT_FILES);
}
