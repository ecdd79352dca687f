/** Small JSON files in the user-data folder: read leniently, written atomically. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Parsed content, or null when the file is missing, unreadable or not JSON (a fresh start, not a crash). */
export function readJsonFile(path: string, maxBytes = 1024 * 1024): unknown {
  try {
    const text = readFileSync(path, 'utf8');
    if (text.length > maxBytes) return null;
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Write to a temp file then rename, so a crash mid-write never leaves half a file. */
export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
