// `npm test`: type check, lint, format check, build, then every test inside a throwaway real keyring.
// Usage: node scripts/test.mjs [--only unit|e2e] [--tsx] [test files…]
// The unit tests run as JavaScript transpiled once by esbuild (scripts/bundle-tests.mjs), not through tsx in
// every test process; `--tsx` runs them through tsx as before.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { bundleTests } from './bundle-tests.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const files = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--only');
const viaTsx = args.includes('--tsx');

/** Each stage's wall time, printed as a summary at the end (and when a stage fails). */
const stages = [];
function summary() {
  const width = Math.max(...stages.map((s) => s.label.length));
  process.stdout.write('\nStage times:\n');
  for (const s of stages)
    process.stdout.write(`  ${s.ok ? '✔' : '✖'} ${s.label.padEnd(width)}  ${s.secs.padStart(6)} s\n`);
}

function run(label, cmd, cmdArgs, opts = {}) {
  const t = Date.now();
  process.stdout.write(`\n▶ ${label}\n`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', ...opts });
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  stages.push({ label, secs, ok: r.status === 0 });
  if (r.status !== 0) {
    process.stdout.write(`✖ ${label} failed (${secs}s)\n`);
    summary();
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`✔ ${label} (${secs}s)\n`);
}

/**
 * Runs independent stages at the same time (the static checks spend much of their time waiting on the
 * file system); each one's output is printed whole when it ends, so the log stays readable.
 */
async function runTogether(list) {
  const results = await Promise.all(
    list.map(
      ([label, cmd, cmdArgs]) =>
        new Promise((resolve) => {
          const t = Date.now();
          const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
          const out = [];
          child.stdout.on('data', (d) => out.push(d));
          child.stderr.on('data', (d) => out.push(d));
          child.on('error', (err) => out.push(Buffer.from(String(err))));
          child.on('close', (code) => resolve({ label, code, out, secs: ((Date.now() - t) / 1000).toFixed(1) }));
        }),
    ),
  );
  let failed = false;
  for (const r of results) {
    process.stdout.write(`\n▶ ${r.label}\n`);
    process.stdout.write(Buffer.concat(r.out));
    stages.push({ label: r.label, secs: r.secs, ok: r.code === 0 });
    process.stdout.write(r.code === 0 ? `✔ ${r.label} (${r.secs}s)\n` : `✖ ${r.label} failed (${r.secs}s)\n`);
    failed ||= r.code !== 0;
  }
  if (failed) {
    summary();
    process.exit(1);
  }
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
if (!files.length) {
  await runTogether([
    ['type check (tsc)', npx, ['tsc', '-p', '.']],
    ['lint (eslint, zero warnings)', npx, ['eslint', '.', '--max-warnings', '0']],
    ['format (prettier --check)', npx, ['prettier', '--check', '.', '--log-level', 'warn']],
  ]);
}
// Unit tests need only the Node bundles; the full build adds the renderer (Vite).
if (files.length || only === 'unit') run('build (node bundles)', process.execPath, ['scripts/build.mjs']);
else run('build', 'npm', ['run', '--silent', 'build']);

const unit = files.length ? files : walk('test').filter((f) => !f.startsWith(path.join('test', 'e2e')));
if (only !== 'e2e' && unit.length) {
  let testFiles = unit;
  if (!viaTsx) {
    const t = Date.now();
    process.stdout.write(`\n▶ transpile tests (esbuild)\n`);
    testFiles = await bundleTests(unit);
    const secs = ((Date.now() - t) / 1000).toFixed(1);
    stages.push({ label: 'transpile tests (esbuild)', secs, ok: true });
    process.stdout.write(`✔ transpile tests (esbuild) (${secs}s)\n`);
  }
  run(`tests (${unit.length} files, node:test, real keyring)`, 'scripts/with-keyring.sh', [
    process.execPath,
    ...(viaTsx ? ['--import', 'tsx'] : ['--enable-source-maps']),
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    // After the run: the slowest files and tests, so a slow stage names its culprits.
    '--test-reporter=./scripts/slowest-reporter.mjs',
    '--test-reporter-destination=stdout',
    ...testFiles,
  ]);
}
if (only !== 'unit' && !files.length && existsSync('playwright.config.ts')) {
  run('UI end-to-end (Playwright, Debian Chromium, real keyring)', 'scripts/with-keyring.sh', [
    npx,
    'playwright',
    'test',
  ]);
}
summary();
