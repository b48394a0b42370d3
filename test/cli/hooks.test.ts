/**
 * Issue 16 §7 with the real programs: `keydeck direnv` in a real direnv (an `.envrc` saying
 * `use keydeck` exports keys only when the project is allowed in Keydeck too, and direnv's output never
 * holds a secret); `keydeck scan --staged` on a real git index; `.pre-commit-hooks.yaml` read by
 * Debian's python3-yaml. Needs `node scripts/build.mjs` first (direnv runs the built `keydeck`).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onPath } from '../../electron/core/clipboard-cli.js';
import {
  BIN,
  cliEnv,
  dropCliEnv,
  runKeydeck,
  runKeydeckHere,
  type CliEnv,
  type CliResult,
  addOpenAIHereAndInProduction,
} from '../harness/cli.js';
import { hermeticEnv } from '../harness/core.js';
import { skipUnless } from '../harness/tools.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEV = 'sk-dev-H00kKey0123456789abcdefghijk';
const PROD = 'sk-prod-H00kKey0123456789abcdefghij';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function run(cmd: string, args: string[], opts: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('direnv, scan --staged and the pre-commit hook definition', () => {
  let cli: CliEnv;
  let tmp: string;
  before(async () => {
    cli = cliEnv();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-hooks-')));
    await addOpenAIHereAndInProduction(cli, DEV, PROD);
  });
  after(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await dropCliEnv(cli);
  });

  test(
    'direnv: `use keydeck` exports the allowed project keys only, and direnv never prints a secret',
    { skip: skipUnless(onPath('direnv'), 'direnv (apt-get install direnv)') },
    async () => {
      // A user's HOME with Keydeck's function in direnvrc, and `keydeck` on PATH (the built binary).
      const home = path.join(tmp, 'home');
      const bin = path.join(home, 'bin');
      fs.mkdirSync(path.join(home, '.config', 'direnv'), { recursive: true });
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'keydeck'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
        mode: 0o755,
      });
      const printed = await runKeydeck(cli, ['direnv']);
      assert.equal(printed.code, 0, printed.stderr);
      assert.match(printed.stdout, /^use_keydeck\(\) \{$/m);
      fs.writeFileSync(path.join(home, '.config', 'direnv', 'direnvrc'), printed.stdout);
      const env = hermeticEnv(cli, {
        ...cli.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        XDG_DATA_HOME: path.join(home, '.local', 'share'),
        DIRENV_LOG_FORMAT: 'direnv: %s',
      });
      env.HOME = home;
      env.XDG_CONFIG_HOME = path.join(home, '.config');

      const project = path.join(tmp, 'project');
      fs.mkdirSync(path.join(project, '.git'), { recursive: true });
      fs.writeFileSync(
        path.join(project, '.keydeck'),
        JSON.stringify({ credentials: ['OpenAI'], workspace: 'Production' }),
      );
      fs.writeFileSync(path.join(project, '.envrc'), 'use keydeck\n');
      let r = await run('direnv', ['allow', project], { env });
      assert.equal(r.code, 0, r.stderr);
      const probe = [
        'direnv',
        'exec',
        project,
        'node',
        '-e',
        'const v = process.env.OPENAI_API_KEY; console.log("key:" + (v ? require("crypto").createHash("sha256").update(v).digest("hex") : "none"))',
      ] as const;

      // Allowed in direnv, not in Keydeck: nothing exported, and direnv shows why.
      r = await run(probe[0], probe.slice(1), { env, cwd: project });
      assert.equal(r.stdout, 'key:none\n', r.stderr);
      assert.match(r.stderr, /NOT_ALLOWED/);
      assert.match(r.stderr, /keydeck: no keys exported/);

      // Allowed in both: the Production key arrives; direnv's output names the variable only.
      r = await runKeydeck(cli, ['allow', path.join(project, '.keydeck'), '--yes']);
      assert.equal(r.code, 0, r.stderr);
      r = await run(probe[0], probe.slice(1), { env, cwd: project });
      assert.equal(r.stdout, `key:${sha(PROD)}\n`, r.stderr);
      for (const s of [PROD, DEV]) assert.ok(!r.stderr.includes(s), 'direnv printed a secret');

      // Denied again in Keydeck: gone.
      r = await runKeydeck(cli, ['deny', path.join(project, '.keydeck')]);
      assert.equal(r.code, 0, r.stderr);
      r = await run(probe[0], probe.slice(1), { env, cwd: project });
      assert.equal(r.stdout, 'key:none\n', r.stderr);

      // `direnv export` refuses extra words; the function text is all `keydeck direnv` prints.
      r = await runKeydeck(cli, ['direnv', 'nope']);
      assert.equal(r.code, 2);
    },
  );

  test(
    'scan --staged checks the index: a secret staged then removed from the file is found; one only in the working tree is not',
    { skip: skipUnless(onPath('git'), 'git (apt-get install git)') },
    async () => {
      const repo = path.join(tmp, 'staged');
      fs.mkdirSync(repo);
      const git = (...a: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...a], {
          cwd: repo,
          stdio: 'pipe',
        });
      git('init', '-q');
      fs.writeFileSync(path.join(repo, 'README'), 'hello\n');
      git('add', '.');
      // Before the first commit: the index against nothing.
      let r = await runKeydeck(cli, ['scan', '--staged'], { cwd: repo });
      assert.equal(r.code, 0, r.stderr);
      git('commit', '-qm', 'init');

      // Staged with the key, then the working file cleaned without staging: the commit would hold it.
      fs.writeFileSync(path.join(repo, 'config.js'), `module.exports = "${PROD}";\n`);
      git('add', 'config.js');
      fs.writeFileSync(path.join(repo, 'config.js'), 'module.exports = process.env.KEY;\n');
      r = await runKeydeck(cli, ['scan', '--staged'], { cwd: repo });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^config\.js:1: "OpenAI" v1 \(active\) sha256:[0-9a-f]{16}$/m);
      assert.match(r.stderr, /Scanned 1 staged file/);
      for (const s of [PROD, DEV]) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s));

      // Staged clean, the key only in the working tree (and in an untracked file): not what is committed.
      git('add', 'config.js');
      fs.writeFileSync(path.join(repo, 'README'), `hello ${DEV}\n`);
      fs.writeFileSync(path.join(repo, 'untracked.txt'), DEV);
      r = await runKeydeck(cli, ['scan', '--staged'], { cwd: repo });
      assert.equal(r.code, 0, r.stdout + r.stderr);

      // Bad input: --staged outside a repository; with --git.
      r = await runKeydeckHere(cli, ['scan', '--staged', tmp]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /error\[NOT_A_GIT_REPO\]/);
      r = await runKeydeckHere(cli, ['scan', '--staged', '--git', repo]);
      assert.equal(r.code, 2);

      // What pre-commit runs: the hook's entry, with no file names, in the repository.
      git('add', 'README');
      const yaml = fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
      const entry = /^\s*entry: (.+)$/m.exec(yaml)![1]!;
      assert.equal(entry, 'keydeck scan --staged');
      r = await runKeydeck(cli, entry.split(' ').slice(1), { cwd: repo });
      assert.equal(r.code, 1, 'the staged README holds a key now');
    },
  );

  test(
    '.pre-commit-hooks.yaml is valid YAML with the keydeck-scan hook (read by python3-yaml)',
    { skip: skipUnless(onPath('python3'), 'python3-yaml (apt-get install python3-yaml)') },
    () => {
      const out = execFileSync(
        'python3',
        [
          '-c',
          'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))))',
          path.join(ROOT, '.pre-commit-hooks.yaml'),
        ],
        { encoding: 'utf8' },
      );
      const hooks = JSON.parse(out) as Record<string, unknown>[];
      assert.ok(Array.isArray(hooks) && hooks.length === 1);
      const h = hooks[0]!;
      assert.equal(h.id, 'keydeck-scan');
      assert.equal(h.entry, 'keydeck scan --staged');
      assert.equal(h.language, 'system');
      assert.equal(h.pass_filenames, false);
      assert.equal(typeof h.name, 'string');
    },
  );
});
