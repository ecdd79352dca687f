/** Where live captures are written, and their file names (interface + UTC start time). */
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $XDG_DATA_HOME/tlslens/captures, else ~/.local/share/tlslens/captures. The desktop shell passes Electron's userData instead (captureDirIn). */
export function defaultCaptureDir(env: NodeJS.ProcessEnv = process.env): string {
  const data = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(data, 'tlslens', 'captures');
}

export function captureDirIn(userDataDir: string): string {
  return join(userDataDir, 'captures');
}

/** e.g. lo-2026-11-23T10-15-00Z.pcapng (no colons: valid on every file system) */
export function captureFileName(iface: string, date: Date = new Date(), suffix = ''): string {
  const safe = iface.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'capture';
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  return `${safe}-${stamp}${suffix}.pcapng`;
}

/** Creates the folder and an empty, new file for a capture (never overwrites: -2, -3… when two start in the same second). */
export async function createCaptureFile(dir: string, iface: string, date: Date = new Date()): Promise<{ path: string; handle: fsp.FileHandle }> {
  await fsp.mkdir(dir, { recursive: true });
  for (let n = 1; ; n++) {
    const path = join(dir, captureFileName(iface, date, n === 1 ? '' : `-${n}`));
    try {
      return { path, handle: await fsp.open(path, 'wx') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw err;
    }
  }
}
