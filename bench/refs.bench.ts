/**
 * `keydeck run --env-file .env -- true` with 10 references against `keydeck exec --cred X -- true`
 * (issue 16: target ≤ 1.3×), both as real processes, run in turns in the same run so a loaded machine
 * slows both alike; medians of wall time are printed with their ratio.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../electron/core/index.js';
import { KeyringVault } from '../electron/core/vault.js';
import { hermeticEnv, uniqueService } from '../test/harness/core.js';
import type { BenchModule } from './run.js';
import { line } from './util.js';

const BIN = path.resolve('bin/keydeck.js');
const ROUNDS = Number(process.env.BENCH_REFS_ROUNDS ?? 9);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function once(args: string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`keydeck ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - t;
}

const bench: BenchModule = {
  title: 'keydeck run with 10 references vs keydeck exec with one credential',
  async run() {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-bench-refs-'));
    const service = uniqueService();
    const vault = new KeyringVault(service);
    try {
      const core = createCore({ home, vault });
      await core.credentials.open();
      const lines: string[] = [];
      for (let i = 0; i < 10; i++) {
        await core.credentials.create(
          { name: `key ${i}`, kind: 'standard', provider: 'custom' },
          `sk-bench-${i}-0123456789abcdefghij`,
        );
        lines.push(`KEY_${i}=keydeck://key%20${i}`);
      }
      const envFile = path.join(home, '.env');
      fs.writeFileSync(envFile, lines.join('\n') + '\n');
      await core.trust.allow(envFile);
      const env = hermeticEnv({ home, service });
      const cmds: Record<string, string[]> = {
        exec: ['exec', '--cred', 'key 0', '--', 'true'],
        run: ['run', '--env-file', envFile, '--', 'true'],
      };
      const samples: Record<string, number[]> = { exec: [], run: [] };
      for (const c of Object.values(cmds)) once(c, env, home); // warm the file cache
      for (let i = 0; i < ROUNDS; i++) {
        for (const [k, c] of Object.entries(cmds)) samples[k]!.push(once(c, env, home));
      }
      const e = median(samples.exec!);
      const r = median(samples.run!);
      line('keydeck exec --cred X -- true (median wall)', `${e.toFixed(0)} ms`);
      line('keydeck run --env-file .env -- true, 10 refs (median wall)', `${r.toFixed(0)} ms`);
      line('run ÷ exec', `${(r / e).toFixed(2)}×`, '≤ 1.3×');
    } finally {
      for (const x of await vault.entries()) await vault.delete(x.account);
      fs.rmSync(home, { recursive: true, force: true });
    }
  },
};
export default bench;
