/**
 * No import cycles, type-only ones included. Every `.ts`/`.tsx` file under electron/, shared/ and
 * renderer/ is parsed with TypeScript's own pre-processor (static imports, `import type`, re-exports,
 * `import('…')` in value and type positions, `require`), relative specifiers are resolved to files, and
 * a depth-first walk lists every cycle it closes. Bare specifiers (packages, `node:*`) are leaves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const DIRS = ['electron', 'shared', 'renderer'];

function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' || d.name === 'dist' ? [] : sources(p);
    return /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The specifiers a file imports, of every kind (type-only ones too). */
export function specifiersOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** A relative specifier as a file on disk (`./x.js` → `./x.ts`/`./x.tsx`, a folder → its index). */
function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(c|m)?jsx?$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((c) => /\.tsx?$/.test(c) && fs.existsSync(c) && fs.statSync(c).isFile());
}

export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const deps = specifiersOf(fs.readFileSync(f, 'utf8'))
      .map((s) => resolve(f, s))
      .filter((d): d is string => d !== undefined);
    graph.set(f, [...new Set(deps)]);
  }
  return graph;
}

/** Every cycle the depth-first walk meets (each listed once, from its smallest path). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]!);
        const canonical = [...cycle.slice(start), ...cycle.slice(0, start)];
        const key = canonical.join(' → ');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(canonical);
        }
      } else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

test('the walk finds type-only, re-export and import() cycles (checked on a made-up graph)', () => {
  assert.deepEqual(
    specifiersOf(
      "import type { A } from './a.js';\nexport * from './b.js';\nlet c: import('./c.js').C;\nconst d = await import('./d.js');",
    ).sort(),
    ['./a.js', './b.js', './c.js', './d.js'],
  );
  const g = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['d']],
    ['e', ['a']],
  ]);
  assert.deepEqual(findCycles(g), [['a', 'b', 'c'], ['d']]);
});

test('no import cycles under electron/, shared/ and renderer/ (import type included)', () => {
  const files = DIRS.flatMap((d) => sources(path.join(ROOT, d)));
  assert.ok(files.length > 50, `found only ${files.length} source files`);
  const cycles = findCycles(importGraph(files)).map((c) =>
    [...c, c[0]!].map((f) => path.relative(ROOT, f)).join(' → '),
  );
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.join('\n')}`);
});
