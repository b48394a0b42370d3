/**
 * The confirmations of `keydeck allow` and `keydeck import-env` in a real terminal (tmux), with the
 * real binary: the question shows with what it is about, nothing happens before the answer, `y`
 * proceeds, anything else or end of input (Ctrl-D) refuses and changes nothing.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addOpenAIHereAndInProduction, cliEnv, dropCliEnv, runKeydeckHere, type CliEnv } from '../harness/cli.js';
import { Tmux, hasTmux, paneScript } from '../harness/tmux.js';
import { skipUnless } from '../harness/tools.js';

const DEV = 'sk-dev-C0nfirmKey0123456789abcdefghij';
const PROD = 'sk-prod-C0nfirmKey0123456789abcdefghij';
const NEW_KEY = 'sk-proj-' + 'C0nfirmNewKey0123456789abcdefghijklmn';

/** Each answer, as typed, and whether it proceeds. */
const ANSWERS: [string, string[], boolean][] = [
  ['y', ['y', 'Enter'], true],
  ['n', ['n', 'Enter'], false],
  ['Enter alone', ['Enter'], false],
  ['Ctrl-D (end of input)', ['C-d'], false],
];

describe('confirmations in a terminal', { concurrency: false }, () => {
  let cli: CliEnv;
  let tmp: string;
  before(async () => {
    cli = cliEnv();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-confirm-')));
    await addOpenAIHereAndInProduction(cli, DEV, PROD);
  });
  after(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await dropCliEnv(cli);
  });

  for (const [name, keys, proceeds] of ANSWERS) {
    test(`allow: the question shows what the file asks for; nothing is allowed before the answer; ${name}`, async (t) => {
      const skip = skipUnless(hasTmux, 'tmux');
      if (skip) return t.skip(skip);
      const dir = fs.mkdtempSync(path.join(tmp, 'allow-'));
      const file = path.join(dir, '.keydeck');
      fs.writeFileSync(file, JSON.stringify({ credentials: ['OpenAI'], workspace: 'Production' }));
      const allowed = async () =>
        (JSON.parse((await runKeydeckHere(cli, ['allow', '--list', '--json'])).stdout) as { path: string }[]).some(
          (a) => a.path === file,
        );
      const tmux = new Tmux(dir, cli.env, paneScript(dir, ['allow', file]));
      try {
        await tmux.until('the question', /Allow Keydeck to use it\? \[y\/N\] $/m);
        assert.ok(tmux.screen().includes(`asks for workspace "Production": OpenAI.`), tmux.screen());
        assert.equal(await allowed(), false, 'allowed before the answer');
        tmux.keys(...keys);
        const [, code] = (await tmux.until('the exit status', /EXIT=(\d+)/))!;
        assert.equal(code, proceeds ? '0' : '1', tmux.screen());
        assert.equal(await allowed(), proceeds);
        if (!proceeds) assert.match(tmux.screen(), /Nothing allowed\./);
      } finally {
        tmux.kill();
      }
    });
  }

  for (const [name, keys, proceeds] of ANSWERS) {
    test(`import-env: the plan and the question show; nothing is stored or rewritten before the answer; ${name}`, async (t) => {
      const skip = skipUnless(hasTmux, 'tmux');
      if (skip) return t.skip(skip);
      const dir = fs.mkdtempSync(path.join(tmp, 'import-'));
      const env = path.join(dir, '.env');
      const original = `OPENAI_API_KEY=${NEW_KEY}\nPORT=3000\n`;
      fs.writeFileSync(env, original, { mode: 0o600 });
      const stored = async () => (await runKeydeckHere(cli, ['list', '--json'])).stdout.split('"name"').length - 1;
      const before = await stored();
      const tmux = new Tmux(dir, cli.env, paneScript(dir, ['import-env', env]));
      try {
        await tmux.until('the question', /with references\? \[y\/N\] $/m);
        assert.match(tmux.screen(), /OPENAI_API_KEY/);
        assert.ok(!tmux.screen().includes(NEW_KEY), 'the plan shows the secret');
        assert.equal(fs.readFileSync(env, 'utf8'), original, 'rewritten before the answer');
        assert.equal(await stored(), before, 'stored before the answer');
        tmux.keys(...keys);
        const [, code] = (await tmux.until('the exit status', /EXIT=(\d+)/))!;
        assert.equal(code, proceeds ? '0' : '1', tmux.screen());
        const text = fs.readFileSync(env, 'utf8');
        if (proceeds) {
          assert.ok(!text.includes(NEW_KEY), text);
          assert.match(text, /^OPENAI_API_KEY=keydeck:\/\//m);
          assert.equal(await stored(), before + 1);
        } else {
          assert.equal(text, original);
          assert.equal(await stored(), before);
          assert.match(tmux.screen(), /Nothing imported\./);
        }
      } finally {
        tmux.kill();
      }
    });
  }
});
