/**
 * The CLI and browser mode run on plain Node: nothing the built cli.js loads
 * (its own code and every chunk it imports, transitively) may import electron,
 * and every package they import must be a runtime dependency (`npm install
 * --omit=dev` must be enough to run them).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../../main/app/app-paths';

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm)].map((m) => m[1] ?? m[2]);
}

function closure(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const deps = importsOf(file);
    seen.set(file, deps);
    for (const d of deps) if (d.startsWith('.')) visit(resolve(dirname(file), d));
  };
  visit(entry);
  return seen;
}

describe('built entry points', () => {
  const out = join(projectRoot(), 'out', 'main');

  it.each(['cli.js', 'analysis-worker.js'])('%s and everything it imports stay free of electron', (entry) => {
    const files = closure(join(out, entry));
    expect(files.size).toBeGreaterThan(1);
    for (const [file, deps] of files) expect(deps, file).not.toContain('electron');
  });

  it.each(['cli.js', 'analysis-worker.js', 'capture-helper.js'])('%s imports only Node built-ins and runtime dependencies', (entry) => {
    const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})]);
    const packages = [...closure(join(out, entry)).values()].flat().filter((d) => !d.startsWith('.') && !d.startsWith('node:'));
    const name = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
    for (const p of packages) expect(runtime, `${entry} imports ${p}`).toContain(name(p));
  });

  it('browser mode\'s WebSocket is the ws package, a runtime dependency', () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    expect(pkg.dependencies?.ws).toBeDefined();
    expect(pkg.devDependencies?.ws).toBeUndefined();
    expect([...closure(join(out, 'cli.js')).values()].flat()).toContain('ws');
  });

  it('the Electron main process does import electron (the check above can see it)', () => {
    const all = [...closure(join(out, 'index.js')).values()].flat();
    expect(all).toContain('electron');
  });
});
