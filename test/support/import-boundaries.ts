/**
 * The layers' import rules, checked on the import graph of the source tree
 * (issue 18): contract/ is the only code main, preload and renderer share;
 * the engine stays pure; no import circles. Used by
 * test/unit/contract/import-boundaries.test.ts on the real tree and on
 * made-up trees that must fail.
 */
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

/** One import: the specifier as written and, for a relative one, the project file it names. */
export interface ImportEdge {
  specifier: string;
  /** project-relative path with forward slashes; null for a package or Node built-in */
  target: string | null;
}

/** project-relative source path → its imports */
export type ImportGraph = Map<string, ImportEdge[]>;

export const SOURCE_ROOTS = ['contract', 'main', 'preload', 'renderer/src'];
const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '/index.ts', '/index.tsx'];
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Every module specifier of a file: static `import … from`, `export … from`,
 * side-effect `import '…'`, dynamic `import()` and `require()`, as TypeScript's
 * own pre-processor finds them (comments and strings are not mistaken for imports).
 */
export function importSpecifiers(sourceText: string): string[] {
  return ts.preProcessFile(sourceText, true, true).importedFiles.map((f) => f.fileName);
}

/** Resolves a relative specifier against a set of project files (paths with forward slashes). */
export function resolveSpecifier(from: string, specifier: string, exists: (path: string) => boolean): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  for (const suffix of RESOLVE_SUFFIXES) if (exists(base + suffix)) return base + suffix;
  // an unresolvable relative import is reported as it is written, under the importer's folder
  return base;
}

function listSources(root: string, dir: string, out: string[]): void {
  const full = join(root, dir);
  if (!existsSync(full)) return;
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) listSources(root, path, out);
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
}

/** The import graph of every source file under SOURCE_ROOTS of the project at `root`. */
export function readImportGraph(root: string): ImportGraph {
  const files: string[] = [];
  for (const dir of SOURCE_ROOTS) listSources(root, dir, files);
  const exists = (path: string) => existsSync(join(root, path)) && statSync(join(root, path)).isFile();
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const specifiers = importSpecifiers(readFileSync(join(root, file), 'utf8'));
    graph.set(
      file,
      specifiers.map((specifier) => ({ specifier, target: resolveSpecifier(file, specifier, exists) })),
    );
  }
  return graph;
}

/** The graph of made-up sources: path → text. */
export function graphOfSources(sources: Record<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  const exists = (path: string) => Object.prototype.hasOwnProperty.call(sources, path);
  for (const [file, text] of Object.entries(sources)) {
    graph.set(
      file,
      importSpecifiers(text).map((specifier) => ({ specifier, target: resolveSpecifier(file, specifier, exists) })),
    );
  }
  return graph;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(folder + '/');
const isNodeBuiltin = (specifier: string) => NODE_BUILTINS.has(specifier) || specifier.startsWith('node:');

interface Rule {
  /** the importing files the rule is about */
  appliesTo: (file: string) => boolean;
  /** why an import is refused, or null when it is allowed */
  refuse: (edge: ImportEdge) => string | null;
}

/** main/ folders that are not the engine: what the engine must never reach for */
const ABOVE_ENGINE = ['main/worker', 'main/app', 'main/capture', 'main/shells', 'main/report', 'main/tools'];

export const RULES: readonly Rule[] = [
  {
    // the page gets no Node and no Electron; it shares with main only what contract/ holds
    appliesTo: (f) => under(f, 'renderer'),
    refuse: ({ specifier, target }) => {
      if (target !== null) return under(target, 'renderer') || under(target, 'contract') ? null : 'renderer may import only renderer/ and contract/';
      if (specifier === 'electron' || isNodeBuiltin(specifier)) return 'renderer may not import Electron or Node built-ins';
      return null;
    },
  },
  {
    appliesTo: (f) => under(f, 'main'),
    refuse: ({ target }) => (target !== null && (under(target, 'renderer') || under(target, 'preload')) ? 'main may not import renderer/ or preload/ (shared code goes in contract/)' : null),
  },
  {
    appliesTo: (f) => under(f, 'preload'),
    refuse: ({ target }) => (target !== null && !under(target, 'preload') && !under(target, 'contract') ? 'preload may import only preload/ and contract/' : null),
  },
  {
    // contract/ runs in the renderer, the preload and main alike
    appliesTo: (f) => under(f, 'contract'),
    refuse: ({ target }) => (target === null ? 'contract may not import packages or Node built-ins' : under(target, 'contract') ? null : 'contract may import only contract/'),
  },
  {
    appliesTo: (f) => under(f, 'main/engine'),
    refuse: ({ specifier, target }) => {
      if (target === null) return specifier === 'electron' ? 'the engine may not import Electron' : null;
      const above = ABOVE_ENGINE.find((folder) => under(target, folder));
      if (above) return `the engine may not import ${above}/`;
      return under(target, 'main/engine') || under(target, 'contract') ? null : 'the engine may import only main/engine/ and contract/';
    },
  },
];

/** Every import that breaks a rule, as "importer → specifier (target): reason". */
export function boundaryViolations(graph: ImportGraph): string[] {
  const found: string[] = [];
  for (const [file, edges] of graph) {
    for (const rule of RULES) {
      if (!rule.appliesTo(file)) continue;
      for (const edge of edges) {
        const reason = rule.refuse(edge);
        if (reason) found.push(`${file} → ${edge.specifier}${edge.target ? ` (${edge.target})` : ''}: ${reason}`);
      }
    }
  }
  return found;
}

/**
 * Import circles: the strongly connected components of more than one file (or a file
 * importing itself), each as its files in the order the circle runs (Tarjan's algorithm).
 */
export function importCycles(graph: ImportGraph): string[][] {
  const next = (file: string) => [...new Set((graph.get(file) ?? []).map((e) => e.target).filter((t): t is string => t !== null && graph.has(t)))];
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const target of next(file)) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || next(file).includes(file)) components.push(circleThrough(component, next));
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return components;
}

/** One circle inside a component, starting at its first file by name: a → b → … → a. */
function circleThrough(component: string[], next: (file: string) => string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0];
  // breadth-first from start back to start, inside the component
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of next(file)) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [file];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0])!);
        return [...path, start];
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** Everything wrong with a graph, one line each (empty: the layers hold). */
export function importProblems(graph: ImportGraph): string[] {
  return [...boundaryViolations(graph), ...importCycles(graph).map((circle) => `import circle: ${circle.join(' → ')}`)];
}
