/**
 * The CLI and browser mode run on plain Node: nothing the built cli.js loads
 * (its own code and every chunk it imports, transitively) may import electron.
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

  it('the Electron main process does import electron (the check above can see it)', () => {
    const all = [...closure(join(out, 'index.js')).values()].flat();
    expect(all).toContain('electron');
  });
});
