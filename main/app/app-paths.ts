/**
 * Where the project's files are at run time. The same module runs from the
 * TypeScript sources (tests), from out/main/*.js and from a bundled chunk in
 * out/main/chunks/, so the root is found by walking up to our package.json
 * rather than by a fixed number of "..".
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | null = null;

export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && readPackageName(pkg) === 'tlslens') return (cachedRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('TLS Lens: cannot find the project folder (package.json named "tlslens")');
    dir = parent;
  }
}

function readPackageName(path: string): string | null {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name ?? null;
  } catch {
    return null;
  }
}

export const rendererDir = (): string => join(projectRoot(), 'out', 'renderer');
export const samplesDir = (): string => join(projectRoot(), 'samples');
export const analysisWorkerPath = (): string => join(projectRoot(), 'out', 'main', 'analysis-worker.js');

/**
 * Settings and recent files outside Electron. Electron's userData for an app
 * named "tlslens" is the same folder on Linux, so both modes share the recent list.
 * TLSLENS_USER_DATA overrides it (tests use a temp folder).
 */
export function defaultUserDataDir(): string {
  if (process.env.TLSLENS_USER_DATA) return process.env.TLSLENS_USER_DATA;
  const config = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'tlslens');
}
