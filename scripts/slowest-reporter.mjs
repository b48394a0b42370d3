// A node:test reporter that prints, after the run, where the time went: the files by their tests' time
// and the slowest tests with their file. `npm test` adds it next to the spec reporter, so a slow stage names
// its culprits. Usage: node --test --test-reporter=spec --test-reporter-destination=stdout
//   --test-reporter=./scripts/slowest-reporter.mjs --test-reporter-destination=stdout FILES…
import fs from 'node:fs';
import path from 'node:path';

/** A test file as its source: `.test-build/test/x.test.mjs` (scripts/bundle-tests.mjs) is `test/x.test.ts`. */
function sourceOf(file) {
  const rel = path.relative(process.cwd(), file);
  const m = /^\.test-build[\\/](.*)\.mjs$/.exec(rel);
  if (!m) return rel;
  return fs.existsSync(`${m[1]}.tsx`) ? `${m[1]}.tsx` : `${m[1]}.ts`;
}

const TOP = 12;

export default async function* slowest(source) {
  /** @type {{ file: string, name: string, ms: number }[]} */
  const tests = [];
  /** The nesting of each file's last reported test: a test reported right after a deeper one is its parent. */
  const lastNesting = new Map();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    const file = data.file ? sourceOf(data.file) : '?';
    const ms = data.details?.duration_ms ?? 0;
    const parent = (lastNesting.get(file) ?? -1) > data.nesting;
    lastNesting.set(file, data.nesting);
    // Only leaves count: suites and tests with subtests hold their children's time; a file that failed
    // to load is reported as a test named after it.
    if (parent || data.details?.type === 'suite' || data.name === data.file) continue;
    tests.push({ file, name: data.name, ms });
  }
  if (!tests.length) return;
  const sec = (ms) => (ms / 1000).toFixed(1).padStart(6);
  const byFile = new Map();
  for (const t of tests) byFile.set(t.file, (byFile.get(t.file) ?? 0) + t.ms);
  let out = `\nSlowest files (s, the sum of their tests):\n`;
  for (const [f, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, TOP)) out += `  ${sec(ms)}  ${f}\n`;
  out += `Slowest tests (s):\n`;
  for (const t of tests.sort((a, b) => b.ms - a.ms).slice(0, TOP)) out += `  ${sec(t.ms)}  ${t.file} › ${t.name}\n`;
  yield out;
}
