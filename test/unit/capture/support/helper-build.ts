/**
 * The capture helper runs on plain Node, so tests need it built. It is built
 * here on its own (vite, seconds) into node_modules/.cache — inside the
 * project, so `cap` resolves — independent of the app's full build state.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'tlslens-capture-helper');
export const HELPER_PATH = join(OUT_DIR, 'capture-helper.js');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export async function buildHelper(): Promise<string> {
  const sources = Math.max(newest(join(ROOT, 'main', 'capture')), newest(join(ROOT, 'main', 'engine', 'link')), newest(join(ROOT, 'contract', 'capture')));
  if (existsSync(HELPER_PATH) && statSync(HELPER_PATH).mtimeMs >= sources) return HELPER_PATH;
  const { build } = await import('vite');
  // test files run in parallel processes: each builds in its own folder, then renames (atomic)
  const own = join(OUT_DIR, `build-${process.pid}`);
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: join(ROOT, 'main', 'capture', 'helper', 'capture-helper.ts'),
      outDir: own,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'es', entryFileNames: 'capture-helper.js' } },
    },
  });
  renameSync(join(own, 'capture-helper.js'), HELPER_PATH);
  rmSync(own, { recursive: true, force: true });
  return HELPER_PATH;
}
