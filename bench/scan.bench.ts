/**
 * Leak scan speed: a tree of 20,000 files (200 MB) searched for 500 stored secrets (read from the real
 * throwaway keychain), against `grep -rF` with the same secrets over the same tree in the same run.
 * grep gets its patterns on stdin (`-f -`), so no secret touches the disk for either side.
 * KEYDECK_BENCH_SCAN_FILES=2000 runs a smaller tree (10 KB per file either way).
 * Then whole processes: `keydeck scan TREE` (start, catalog, every secret from the keychain in one
 * search, scan) against `grep -rF -f -` with the same patterns (needs `node scripts/build.mjs` first).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadNeedles, scanWithNeedles } from '../electron/core/scan/index.js';
import { makeTestCore } from '../test/harness/core.js';
import { line } from './util.js';

const FILES = Number(process.env.KEYDECK_BENCH_SCAN_FILES ?? 20_000);
const FILE_SIZE = 10_000;
const SECRETS = 500;
const WORDS =
  'the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(
    ' ',
  );

function secret(i: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(32);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `sk-live-${String(i).padStart(3, '0')}${s}`;
}

/** A pool of source-like text that files are cut from (so each file differs). */
function textPool(bytes: number): string {
  const parts: string[] = [];
  let n = 0;
  let seed = 12345;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  while (n < bytes) {
    const words = 4 + Math.floor(rnd() * 10);
    let l = rnd() < 0.2 ? '  const x = ' : '';
    for (let w = 0; w < words; w++) l += WORDS[Math.floor(rnd() * WORDS.length)] + ' ';
    l += rnd() < 0.1 ? `id_${Math.floor(rnd() * 1e9).toString(36)};\n` : '\n';
    parts.push(l);
    n += l.length;
  }
  return parts.join('');
}

interface Timing {
  /** Wall clock. */
  ms: number;
  /** CPU time (user + system): steadier than wall time on a shared machine. */
  cpuMs: number;
}

const BIN = path.resolve('bin/keydeck.js');

/** A whole `keydeck scan` process, wall clock from spawn to exit. Exit 1 means it found leaks. */
function timeKeydeckScan(dir: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [BIN, 'scan', dir, '--json', '--include-ignored'], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - t, code: code ?? -1, out }));
  });
}

/** grep, with its CPU time from the shell's `times` (children's line), patterns on stdin. */
function timeGrep(dir: string, patterns: string[], env: NodeJS.ProcessEnv): Promise<Timing & { lines: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn('sh', ['-c', 'grep -rnF -f - "$1"; times >&2', 'sh', dir], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let lines = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      for (const b of d) if (b === 10) lines++;
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const ms = performance.now() - t;
      const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(err.trim());
      const cpuMs = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : NaN;
      resolve({ ms, cpuMs, lines });
    });
    child.stdin.end(patterns.join('\n') + '\n');
  });
}

export default {
  title: `Leak scan: ${FILES} files × 10 KB for ${SECRETS} stored secrets vs grep -rF`,
  async run() {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-bench-scan-'));
    const removeTree = () => fs.rmSync(root, { recursive: true, force: true });
    process.once('exit', removeTree);
    const core = makeTestCore();
    try {
      let t = performance.now();
      const secrets = Array.from({ length: SECRETS }, (_, i) => secret(i));
      for (let i = 0; i < SECRETS; i++) {
        await core.credentials.create({ name: `key-${i}`, kind: 'standard', provider: 'custom' }, secrets[i]!);
      }
      line('store 500 secrets in the keychain (setup)', `${((performance.now() - t) / 1000).toFixed(1)} s`);

      t = performance.now();
      const pool = textPool(4 << 20);
      let planted = 0;
      for (let f = 0; f < FILES; f++) {
        const dir = path.join(root, `d${Math.floor(f / 200)}`, `s${Math.floor(f / 20) % 10}`);
        if (f % 20 === 0) fs.mkdirSync(dir, { recursive: true });
        const off = (f * 7919) % (pool.length - FILE_SIZE);
        let body = pool.slice(off, off + FILE_SIZE);
        if (f % 400 === 7) {
          // A few leaks: exact values and Basic credentials.
          const s = secrets[f % SECRETS]!;
          const leak =
            f % 800 === 7 ? `KEY=${s}\n` : `Authorization: Basic ${Buffer.from(`u:${s}`).toString('base64')}\n`;
          body = body.slice(0, FILE_SIZE - leak.length) + leak;
          planted++;
        }
        fs.writeFileSync(path.join(dir, `f${f}.ts`), body);
      }
      const total = FILES * FILE_SIZE;
      line('generate tree (setup)', `${((performance.now() - t) / 1000).toFixed(1)} s`);

      t = performance.now();
      const needles = await loadNeedles(core.credentials);
      const loadMs = performance.now() - t;
      line('read 500 secrets from the keychain into needles', `${loadMs.toFixed(0)} ms`);

      // Warm the page cache for both sides, then take the best of three runs each.
      await timeGrep(root, secrets, { ...process.env, LC_ALL: 'C' });
      await scanWithNeedles(root, needles);
      const best = async (fn: () => Promise<Timing>): Promise<Timing> => {
        let b: Timing = { ms: Infinity, cpuMs: Infinity };
        for (let i = 0; i < 3; i++) {
          const r = await fn();
          b = { ms: Math.min(b.ms, r.ms), cpuMs: Math.min(b.cpuMs, r.cpuMs) };
        }
        return b;
      };
      let found = 0;
      const ours = await best(async () => {
        const cpu = process.cpuUsage();
        const r = await scanWithNeedles(root, needles);
        const d = process.cpuUsage(cpu);
        found = r.findings.length;
        return { ms: r.durationMs, cpuMs: (d.user + d.system) / 1000 };
      });
      let grepLines = 0;
      const grepC = await best(async () => {
        const g = await timeGrep(root, secrets, { ...process.env, LC_ALL: 'C' });
        grepLines = g.lines;
        return g;
      });
      const grepUtf8 = await best(() => timeGrep(root, secrets, { ...process.env, LC_ALL: 'C.UTF-8' }));
      const mbps = (ms: number) => `${(total / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
      const both = (t: Timing) => `${mbps(t.ms)} wall, ${mbps(t.cpuMs)} CPU`;
      console.log(
        `(best of 3 after a warm-up; load average now ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
      );
      line(`keydeck scan (${(total / 1e6).toFixed(0)} MB, ${needles.bytes.length} needles)`, both(ours));
      line('grep -rnF -f - (LC_ALL=C)', both(grepC));
      line('grep -rnF -f - (LC_ALL=C.UTF-8)', both(grepUtf8));
      line('ratio keydeck / grep, wall (C locale)', (grepC.ms / ours.ms).toFixed(2), '≥ 0.5');
      line('ratio keydeck / grep, wall (UTF-8 locale)', (grepUtf8.ms / ours.ms).toFixed(2), '≥ 0.5');
      line('ratio keydeck / grep, CPU time (C locale)', (grepC.cpuMs / ours.cpuMs).toFixed(2), '≥ 0.5');
      line('ratio keydeck / grep, CPU time (UTF-8 locale)', (grepUtf8.cpuMs / ours.cpuMs).toFixed(2), '≥ 0.5');
      line('scan including the keychain read (wall)', mbps(ours.ms + loadMs));
      line('leaks planted / found by keydeck / lines found by grep', `${planted} / ${found} / ${grepLines}`);

      // Whole processes, as a user runs them: `keydeck scan TREE` against `grep -rF -f` (patterns on stdin).
      if (!fs.existsSync('dist/cli/keydeck.js')) {
        line('keydeck scan as a whole process', 'skipped: build first (node scripts/build.mjs)');
        return;
      }
      const cliEnv = { ...process.env, KEYDECK_HOME: core.home, KEYDECK_SERVICE: core.vault.service };
      await timeKeydeckScan(root, cliEnv); // warm-up
      let proc = { ms: Infinity, code: -1, out: '' };
      for (let i = 0; i < 3; i++) {
        const r = await timeKeydeckScan(root, cliEnv);
        if (r.ms < proc.ms) proc = r;
      }
      const procFound = (() => {
        try {
          return String((JSON.parse(proc.out) as { findings?: unknown[] }).findings?.length ?? '?');
        } catch {
          return '?';
        }
      })();
      line('`keydeck scan TREE`, whole process (exit code)', `${proc.ms.toFixed(0)} ms (${proc.code})`);
      line('`grep -rnF -f - TREE`, whole process (C locale)', `${grepC.ms.toFixed(0)} ms`);
      line('ratio keydeck scan / grep, whole process, wall', (proc.ms / grepC.ms).toFixed(2) + '×', '≤ 2×');
      line('leaks found by the keydeck scan process', procFound);
    } finally {
      removeTree();
      process.removeListener('exit', removeTree);
      await core.cleanup();
    }
  },
};
