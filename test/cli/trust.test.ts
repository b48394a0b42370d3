/**
 * `keydeck allow` and `keydeck deny` (one contract test each), and the cloned-repository scenario of
 * issue 16 §5 with a real `git clone` and the built binary: a `.keydeck` that names keys of another
 * workspace injects nothing until allowed, and nothing again once one byte changes. Needs
 * `node scripts/build.mjs` first.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onPath } from '../../electron/core/clipboard-cli.js';
import {
  cliEnv,
  dropCliEnv,
  runKeydeck,
  runKeydeckHere,
  type CliEnv,
  addOpenAIHereAndInProduction,
} from '../harness/cli.js';
import { skipUnless } from '../harness/tools.js';

const DEV = 'sk-dev-Tru5tKey0123456789abcdefghij';
const PROD = 'sk-prod-Tru5tKey0123456789abcdefghij';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** A child that reports which key it got without printing it (the masker would hide it anyway). */
const PRINT_KEY = [
  'node',
  '-e',
  'const v = process.env.OPENAI_API_KEY; const h = v && require("crypto").createHash("sha256").update(v).digest("hex"); console.log("key:" + (h || "none"))',
];

describe('keydeck allow / deny', () => {
  let cli: CliEnv;
  let tmp: string;
  before(async () => {
    cli = cliEnv();
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-trust-cli-')));
    await addOpenAIHereAndInProduction(cli, DEV, PROD);
  });
  after(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await dropCliEnv(cli);
  });

  test('allow: shows what the file asks for, refuses without --yes off a terminal, records with --yes, lists', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'allow-'));
    const file = path.join(dir, '.keydeck');
    fs.writeFileSync(file, JSON.stringify({ credentials: ['OpenAI'], workspace: 'Production' }));
    let r = await runKeydeckHere(cli, ['allow', file]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`${file} asks for workspace "Production": OpenAI.`), r.stderr);
    assert.match(r.stderr, /refusing to allow without --yes when not on a terminal/);
    r = await runKeydeckHere(cli, ['allow', '--list', '--json']);
    assert.deepEqual(JSON.parse(r.stdout), []);

    r = await runKeydeckHere(cli, ['allow', file, '--yes']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes('Allowed, as it is now (workspace "Production": OpenAI)'), r.stderr);
    r = await runKeydeckHere(cli, ['allow', file, '--yes']);
    assert.match(r.stderr, /Already allowed as it is/);
    r = await runKeydeckHere(cli, ['allow', '--list', '--json']);
    const list = JSON.parse(r.stdout) as { path: string; workspace: string; sha256: string; credentials: string[] }[];
    assert.equal(list.length, 1);
    assert.equal(list[0]!.path, file);
    assert.equal(list[0]!.workspace, 'Production');
    assert.equal(list[0]!.sha256, sha(fs.readFileSync(file, 'utf8')));
    assert.deepEqual(list[0]!.credentials, ['OpenAI']);
    r = await runKeydeckHere(cli, ['allow', '--list']);
    assert.ok(r.stdout.startsWith(`${file}\t`), r.stdout);

    // Bad input: a name of another workspace is refused; so are a symlink and a missing path.
    const other = fs.mkdtempSync(path.join(tmp, 'allow-'));
    fs.writeFileSync(path.join(other, '.keydeck'), JSON.stringify({ credentials: ['Nope'], workspace: 'Personal' }));
    r = await runKeydeckHere(cli, ['allow', path.join(other, '.keydeck'), '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[CREDENTIAL_NOT_FOUND\]: The project file may only name credentials of workspace/);
    const linked = fs.mkdtempSync(path.join(tmp, 'allow-'));
    fs.symlinkSync(file, path.join(linked, '.keydeck'));
    r = await runKeydeckHere(cli, ['allow', path.join(linked, '.keydeck'), '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[PROJECT_FILE_SYMLINK\]/);
    r = await runKeydeckHere(cli, ['allow', path.join(tmp, 'missing', '.keydeck'), '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[PATH_NOT_FOUND\]/);
  });

  test('deny: takes an allow back; denying what was not allowed changes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'deny-'));
    const file = path.join(dir, '.keydeck');
    fs.writeFileSync(file, JSON.stringify({ credentials: ['OpenAI'], workspace: 'Personal' }));
    let r = await runKeydeckHere(cli, ['allow', file, '--yes']);
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeckHere(cli, ['deny', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /No longer allowed/);
    r = await runKeydeckHere(cli, ['allow', '--list', '--json']);
    assert.ok(!(JSON.parse(r.stdout) as { path: string }[]).some((t) => t.path === file));
    r = await runKeydeckHere(cli, ['deny', file]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /It was not allowed; nothing changed/);
    r = await runKeydeckHere(cli, ['deny', 'a', 'b']);
    assert.equal(r.code, 2);
  });

  test(
    'a cloned repository whose .keydeck names keys of another workspace injects nothing until allowed',
    { skip: skipUnless(onPath('git'), 'git (apt-get install git)') },
    async () => {
      // The "attacker's" repository: a .keydeck naming Production's OpenAI key, committed.
      const origin = path.join(tmp, 'origin');
      fs.mkdirSync(origin);
      const git = (cwd: string, ...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'pipe' });
      git(origin, 'init', '-q');
      fs.writeFileSync(
        path.join(origin, '.keydeck'),
        JSON.stringify({ credentials: ['OpenAI'], workspace: 'Production' }),
      );
      fs.writeFileSync(path.join(origin, 'package.json'), '{}\n');
      git(origin, 'add', '.');
      git(origin, 'commit', '-qm', 'init');
      const clone = path.join(tmp, 'clone');
      git(tmp, 'clone', '-q', origin, clone);
      const file = path.join(clone, '.keydeck');
      fs.mkdirSync(path.join(clone, 'src'));

      // Not allowed: nothing runs, nothing injected, the message says what it asks for and how to allow it.
      let r = await runKeydeck(cli, ['exec', '--', ...PRINT_KEY], { cwd: path.join(clone, 'src') });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '', 'the child never ran');
      assert.match(r.stderr, /error\[NOT_ALLOWED\]/);
      assert.ok(r.stderr.includes('asks for workspace "Production": OpenAI'), r.stderr);
      assert.ok(r.stderr.includes(`keydeck allow ${file}`), r.stderr);
      // --cred in that folder means the active workspace's key, whatever the .keydeck says.
      r = await runKeydeck(cli, ['exec', '--cred', 'OpenAI', '--', ...PRINT_KEY], { cwd: clone });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `key:${sha(DEV)}\n`);

      // Allowed (the found file, from the working folder): it works, with the declared workspace's key.
      r = await runKeydeck(cli, ['allow', '--yes'], { cwd: path.join(clone, 'src') });
      assert.equal(r.code, 0, r.stderr);
      r = await runKeydeck(cli, ['exec', '--', ...PRINT_KEY], { cwd: path.join(clone, 'src') });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `key:${sha(PROD)}\n`);

      // One byte changed: refused again.
      fs.appendFileSync(file, ' ');
      r = await runKeydeck(cli, ['exec', '--', ...PRINT_KEY], { cwd: clone });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /error\[CHANGED_SINCE_ALLOWED\]/);
      assert.ok(r.stderr.includes(`keydeck allow ${file}`), r.stderr);
    },
  );
});
