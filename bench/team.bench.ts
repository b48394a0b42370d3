/**
 * The team vault (issue 13): sharing 200 credentials (target ≤ 2 s), and `team sync` of those 200 with
 * nothing changed against a bare `git fetch` + `git status` of the same repository in the same run
 * (target ≤ 1.5×). Medians of several runs; printed, never asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import crypto from 'node:crypto';
import { Encrypter } from 'age-encryption';
import { teamService } from '../electron/core/team/index.js';
import { sealAge } from '../electron/core/team/seal.js';
import { makeTestCore } from '../test/harness/core.js';
import { fmtMs, line, pct, timeMany } from './util.js';

const N = 200;
const RUNS = 7;
const run = promisify(execFile);

export default {
  title: `team vault: share ${N}, sync with nothing changed`,
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-team-bench-'));
    const remote = path.join(dir, 'team.git');
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
    const core = makeTestCore();
    try {
      for (let i = 0; i < N; i++) {
        await core.credentials.create(
          { name: `service ${i}`, kind: 'standard', provider: 'custom' },
          `tok_bench${i}_0123456789abcdefghij`,
        );
      }
      const team = teamService(core);
      await team.init(remote);
      let t = performance.now();
      await team.share([], { all: true });
      const share = performance.now() - t;
      line(`share ${N} credentials (--all, one commit)`, fmtMs(share), '≤ 2 s');
      // Baselines in the same run: one `git add` + `git commit` of ${N} files of the same size (the floor
      // of a one-commit share), and sealing the same ${N} plaintexts with the age library (the old path).
      const scratch = path.join(dir, 'scratch');
      execFileSync('git', ['init', '-q', '-b', 'main', scratch]);
      fs.mkdirSync(path.join(scratch, 'ws'));
      for (let i = 0; i < N; i++) fs.writeFileSync(path.join(scratch, 'ws', `f${i}.age`), crypto.randomBytes(260));
      t = performance.now();
      await run('git', ['add', '-A'], { cwd: scratch });
      await run('git', ['-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-q', '-m', 'x'], { cwd: scratch });
      const commit = performance.now() - t;
      line(`baseline: git add + commit of ${N} files`, fmtMs(commit));
      line('ratio share / (add + commit)', `${(share / commit).toFixed(2)}×`);
      const { recipient } = await team.whoami();
      const text = 'tok_bench_0123456789abcdefghij\nformat: keydeck-team/1\nkind: standard\n';
      t = performance.now();
      for (let i = 0; i < N; i++) sealAge(text, [recipient]);
      const native = performance.now() - t;
      t = performance.now();
      for (let i = 0; i < N; i++) {
        const e = new Encrypter();
        e.addRecipient(recipient);
        await e.encrypt(text);
      }
      const lib = performance.now() - t;
      line(`seal ${N} files, native crypto (seal.ts)`, fmtMs(native));
      line(`seal ${N} files, age library (before)`, fmtMs(lib));
      line('ratio native / library', `${(native / lib).toFixed(3)}×`);
      t = performance.now();
      await team.sync();
      line(`first sync (push ${N} files)`, fmtMs(performance.now() - t));

      const store = path.join(core.home, 'team', 'stores', fs.readdirSync(path.join(core.home, 'team', 'stores'))[0]!);
      const sync = pct(await timeMany(RUNS, () => team.sync()), 50);
      const git = pct(
        await timeMany(RUNS, async () => {
          await run('git', ['fetch', '-q', 'origin'], { cwd: store });
          await run('git', ['status', '--porcelain'], { cwd: store });
        }),
        50,
      );
      line(`team sync, ${N} shared, nothing changed (median)`, fmtMs(sync));
      line('git fetch + git status, same repository (median)', fmtMs(git));
      line('ratio sync / (fetch + status)', `${(sync / git).toFixed(2)}×`, '≤ 1.5×');
    } finally {
      await core.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
