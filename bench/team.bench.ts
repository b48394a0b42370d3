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
import { teamService } from '../electron/core/team/index.js';
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
      const names = core.credentials.list().map((c) => c.name);
      let t = performance.now();
      await team.share(names);
      const share = performance.now() - t;
      line(`share ${N} credentials (one commit)`, fmtMs(share), '≤ 2 s');
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
