/**
 * The engine reaches the file system only from main/engine/files/: everything else in the
 * engine works on bytes and frames it is given, so a new reader (a live capture, a browser
 * file) can drive it. Fails on a Node file-system import (fs, fs/promises, os, path) in any
 * other engine module, and on code in the engine's index, which only re-exports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE = join(__dirname, '..', '..', '..', '..', 'main', 'engine');
const FILE_SYSTEM_MODULES = new Set(['fs', 'fs/promises', 'os', 'path']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Node built-ins a module imports (static or dynamic, with or without the node: prefix). */
function nodeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](?:node:)?([a-z_/]+)['"]/gm)) {
    if (FILE_SYSTEM_MODULES.has(m[1])) found.push(m[1]);
  }
  return found;
}

describe('engine file-system boundary', () => {
  const files = sources(ENGINE).map((path) => ({ path: relative(ENGINE, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }));

  it('finds the engine sources, and the files/ folder uses the file system (the check can see it)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((f) => f.path.startsWith('files/') && nodeImports(f.text).includes('fs')).length).toBeGreaterThan(0);
  });

  it('no engine module outside files/ imports fs, fs/promises, os or path', () => {
    const offenders = files.filter((f) => !f.path.startsWith('files/') && nodeImports(f.text).length > 0).map((f) => `${f.path}: ${nodeImports(f.text).join(', ')}`);
    expect(offenders).toEqual([]);
  });

  it('index.ts only re-exports', () => {
    const index = files.find((f) => f.path === 'index.ts')!;
    const code = index.text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const statements = code.split(';').map((s) => s.trim()).filter(Boolean);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => !/^export\s+(type\s+)?\{[^}]*\}\s+from\s+'[^']+'$/.test(s))).toEqual([]);
  });
});
