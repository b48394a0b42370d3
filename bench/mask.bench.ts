/**
 * Masking throughput: a child printing 100 MB through `keydeck exec` (masked, into a pipe) against `cat`
 * of the same bytes through a pipe, in turns in the same run (issue 16 target ≥ 0.5×). Printed twice: the
 * whole process, and with keydeck's start-up (`exec -- true`) taken off, which is the masking stream's
 * own speed. Also the masker alone, in this process, on the same bytes, and with a service-account key.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Masker } from '../electron/core/exec/masker.js';
import { cliEnv, dropCliEnv, runKeydeckHere } from '../test/harness/cli.js';
import type { BenchModule } from './run.js';
import { line } from './util.js';

const BIN = path.resolve('bin/keydeck.js');
const MB = Number(process.env.BENCH_MASK_MB ?? 100);
const ROUNDS = Number(process.env.BENCH_MASK_ROUNDS ?? 5);
const KEY = 'sk-live-B3nchMask0123456789abcdefghij';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time (ms) and the CPU time (user + system, ms) of everything the command ran, from sh's `times`. */
function wall(cmd: string, env: NodeJS.ProcessEnv): { ms: number; cpu: number } {
  const t = performance.now();
  const r = spawnSync('sh', ['-c', `${cmd}; s=$?; times >&3; exit $s`], {
    env,
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}`);
  // The second line is the children's: "0m0.52s 0m0.40s".
  const children = String(r.output[3]).trim().split('\n')[1] ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { ms, cpu: cpu * 1000 };
}

/** MB of log-like text (76-column Base64 lines), the key printed once per MB. */
function writeInput(file: string): void {
  const fd = fs.openSync(file, 'w');
  const block = Buffer.from(
    Array.from({ length: 13_000 }, (_, i) => Buffer.from(`line ${i} `.repeat(8)).toString('base64').slice(0, 76)).join(
      '\n',
    ),
  ).subarray(0, 1 << 20);
  block.write(`\nkey=${KEY}\n`, block.length - 60);
  for (let i = 0; i < MB; i++) fs.writeSync(fd, block);
  fs.closeSync(fd);
}

function maskerAlone(secrets: { name: string; value: string }[], data: Buffer): number {
  const warm = new Masker(secrets); // let the JIT settle first
  for (let at = 0; at < Math.min(data.length, 16 << 20); at += 65536) warm.push(data.subarray(at, at + 65536));
  const m = new Masker(secrets);
  const t = performance.now();
  for (let at = 0; at < data.length; at += 65536) m.push(data.subarray(at, at + 65536));
  m.flush();
  return data.length / 1e6 / ((performance.now() - t) / 1000);
}

const bench: BenchModule = {
  title: `Masking throughput (${MB} MB through exec vs cat through a pipe)`,
  async run() {
    const cli = cliEnv();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-bench-mask-'));
    try {
      const add = await runKeydeckHere(cli, ['add', 'openai', '--kind', 'byok', '--provider', 'openai'], {
        input: KEY,
      });
      if (add.code !== 0) throw new Error(add.stderr);
      const file = path.join(dir, 'out.txt');
      writeInput(file);
      const node = JSON.stringify(process.execPath);
      const kd = `${node} ${JSON.stringify(BIN)} exec --cred openai --`;
      const cmds = {
        cat: `cat ${file} | cat > /dev/null`,
        exec: `${kd} cat ${file} | cat > /dev/null`,
        start: `${kd} true | cat > /dev/null`,
      };
      const samples: Record<keyof typeof cmds, { ms: number; cpu: number }[]> = { cat: [], exec: [], start: [] };
      for (const c of Object.values(cmds)) wall(c, cli.env); // warm caches
      for (let i = 0; i < ROUNDS; i++) {
        for (const [k, c] of Object.entries(cmds)) samples[k as keyof typeof cmds].push(wall(c, cli.env));
      }
      const of = (k: keyof typeof cmds, f: 'ms' | 'cpu') => median(samples[k].map((x) => x[f]));
      const [cat, exec, start] = [of('cat', 'ms'), of('exec', 'ms'), of('start', 'ms')];
      line('cat FILE | cat', `${cat.toFixed(0)} ms`);
      line(`keydeck exec -- cat FILE | cat (masked)`, `${exec.toFixed(0)} ms`);
      line('keydeck exec -- true (start-up)', `${start.toFixed(0)} ms`);
      line('throughput ratio, whole process (cat / exec)', `${(cat / exec).toFixed(2)}×`, '≥ 0.5×');
      line(
        'throughput ratio, start-up taken off (cat / (exec - start))',
        `${(cat / Math.max(1, exec - start)).toFixed(2)}×`,
        '≥ 0.5×',
      );
      // On a busy machine wall time is mostly waiting for a CPU; the CPU each pipeline used is steadier.
      const [catCpu, execCpu, startCpu] = [of('cat', 'cpu'), of('exec', 'cpu'), of('start', 'cpu')];
      line(
        'CPU time: cat | cat / exec / start-up',
        `${catCpu.toFixed(0)} / ${execCpu.toFixed(0)} / ${startCpu.toFixed(0)} ms`,
      );
      line(
        'masked stream CPU (exec - start-up), MB per CPU second',
        `${(MB / (Math.max(1, execCpu - startCpu) / 1000)).toFixed(0)} MB/s`,
      );
      const data = fs.readFileSync(file);
      line('Masker alone, one API key', `${maskerAlone([{ name: 'k', value: KEY }], data).toFixed(0)} MB/s`);
      const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const sa = JSON.stringify({ type: 'service_account', private_key: pem, client_email: 'x@y.iam' }, null, 2);
      line(
        'Masker alone, a service-account key (all forms)',
        `${maskerAlone([{ name: 'v', value: sa }], data).toFixed(0)} MB/s`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await dropCliEnv(cli);
    }
  },
};
export default bench;
