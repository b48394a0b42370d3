/**
 * `keydeck team` contract (issue 13): the real binary on two homes with their own keychain services
 * (one throwaway keyring: a second service name stands in for the second machine's keychain) and a
 * bare repository as the remote. The logic is tested through core in test/core/team/.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { cliEnv, dropCliEnv, runKeydeck } from '../harness/cli.js';
import { skipUnless } from '../harness/tools.js';

const hasAge = spawnSync('age', ['--version']).status === 0;
const a = cliEnv();
const b = cliEnv();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-team-cli-'));
const remote = path.join(dir, 'team.git');

after(async () => {
  await dropCliEnv(a);
  await dropCliEnv(b);
  fs.rmSync(dir, { recursive: true, force: true });
});

test(
  'team init, whoami, member add, share, sync, status; bash reads the same key on B; age reads the file',
  { skip: skipUnless(hasAge, 'the age CLI (apt-get install age)') },
  async () => {
    assert.equal(spawnSync('git', ['init', '-q', '--bare', '-b', 'main', remote]).status, 0);
    let r = await runKeydeck(
      a,
      ['add', 'ci token', '--kind', 'standard', '--provider', 'custom', '--env', 'CI_TOKEN'],
      {
        input: 'tok_cliTeam0123456789abcdef',
      },
    );
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeck(a, ['team', 'init', remote]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Linked workspace "Personal"/);
    r = await runKeydeck(b, ['team', 'init', remote]);
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeck(b, ['team', 'whoami']);
    assert.equal(r.code, 0, r.stderr);
    const bob = r.stdout.trim();
    assert.match(bob, /^age1[02-9ac-hj-np-z]{58}$/);

    r = await runKeydeck(a, ['team', 'member', 'add', 'age1nope', '--name', 'x']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[TEAM_BAD_RECIPIENT\]/);
    r = await runKeydeck(a, ['team', 'member', 'add', bob, '--name', 'bob']);
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeck(a, ['team', 'member', 'list']);
    assert.match(r.stdout, new RegExp(`^bob\\t${bob}$`, 'm'));
    r = await runKeydeck(a, ['team', 'share', 'ci token']);
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeck(a, ['team', 'sync']);
    assert.equal(r.code, 0, r.stderr);

    r = await runKeydeck(b, ['team', 'status', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      { name: 'ci token', path: 'Personal/ci%20token.age', state: 'team-newer', detail: 'new from the team' },
    ]);
    r = await runKeydeck(b, ['team', 'sync']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /← ci token/);
    r = await runKeydeck(b, ['team', 'status']);
    assert.match(r.stdout, /^in sync +ci token$/m);

    // A real consumer on B: bash evaluates the env line.
    r = await runKeydeck(b, ['env', 'ci token']);
    assert.equal(r.code, 0, r.stderr);
    const sh = spawnSync('bash', ['-c', `${r.stdout}\nprintf %s "$CI_TOKEN"`], { encoding: 'utf8' });
    assert.equal(sh.stdout, 'tok_cliTeam0123456789abcdef');

    // B's exported identity opens the shared file with the real age CLI.
    const id = path.join(dir, 'bob.txt');
    r = await runKeydeck(b, ['team', 'whoami', '--export', id]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), bob);
    const store = path.join(b.home, 'team', 'stores');
    const wsDir = path.join(store, fs.readdirSync(store)[0]!);
    const d = spawnSync('sh', ['-c', `age -d -i "${id}" "Personal/ci%20token.age" | head -1`], {
      cwd: wsDir,
      encoding: 'utf8',
    });
    assert.equal(d.stdout, 'tok_cliTeam0123456789abcdef\n', d.stderr);

    // list and show (and --json) carry the team marks: shared, then exposed after a member is removed.
    r = await runKeydeck(a, ['add', 'second', '--kind', 'standard', '--provider', 'custom'], {
      input: 'tok_cliSecond0123456789abcdef',
    });
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeck(a, ['team', 'share', '--all']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Shared 1 credential/);
    r = await runKeydeck(a, ['team', 'share', 'second', '--all']);
    assert.equal(r.code, 2);
    r = await runKeydeck(a, ['list']);
    assert.match(r.stdout, /^ci token .* ok, shared$/m);
    r = await runKeydeck(a, ['team', 'member', 'rm', 'bob']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /exposed: rotate/);
    r = await runKeydeck(a, ['list']);
    assert.match(r.stdout, /^ci token .* ok, shared, exposed: rotate$/m);
    r = await runKeydeck(a, ['list', '--json']);
    const listed = JSON.parse(r.stdout) as { name: string; team?: { path: string; exposed?: { member: string } } }[];
    const ci = listed.find((c) => c.name === 'ci token')!;
    assert.equal(ci.team?.path, 'Personal/ci%20token.age');
    assert.equal(ci.team?.exposed?.member, 'bob');
    r = await runKeydeck(a, ['show', 'ci token']);
    assert.match(r.stdout, /^Team: +shared \(Personal\/ci%20token\.age\)$/m);
    assert.match(r.stdout, /^Exposed: +rotate: member bob was removed/m);
    r = await runKeydeck(a, ['rotate', 'ci token', '--no-validate'], { input: 'tok_cliRotated0123456789abcdef' });
    assert.equal(r.code, 0, r.stderr);
    r = await runKeydeck(a, ['show', 'ci token', '--json']);
    const shown = JSON.parse(r.stdout) as { team?: { path: string; exposed?: unknown } };
    assert.deepEqual(shown.team, { path: 'Personal/ci%20token.age' }, 'a rotation clears the mark');
    r = await runKeydeck(b, ['list', '--json']);
    assert.equal((JSON.parse(r.stdout) as { team?: unknown }[])[0]!.team !== undefined, true);

    r = await runKeydeck(b, ['team', 'frob']);
    assert.equal(r.code, 2);
    r = await runKeydeck(b, ['team', 'sync', '--take', 'both', 'x']);
    assert.equal(r.code, 2);
  },
);
