/**
 * `keydeck import-env`: the command's contract (plan on stdout, the refusal off a terminal, --dry-run,
 * --yes, the leak with its commit, `list`/`show` marking it). The logic is tested through core in
 * test/core/migrate/. Real consumers: git (the commit the leak names), bash and `node --env-file` reading
 * the rewritten file, and the real binary's `run --env-file` and `exec` handing a node child each stored
 * value byte for byte.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliEnv, dropCliEnv, runKeydeck, runKeydeckHere, type CliEnv } from '../harness/cli.js';

const OPENAI = 'sk-proj-' + 'Cl1OpenAiKey0123456789abcdefghijklmnopqr';
const TOKEN = 'tok_cli_' + '5f'.repeat(12);

let cli: CliEnv;
let tmp: string;
before(() => {
  cli = cliEnv();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-import-env-'));
});
after(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await dropCliEnv(cli);
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  })
    .toString()
    .trim();
}

test('import-env: plan, refusal off a terminal, dry run, apply with --yes, leak with its commit, list/show badge', async () => {
  const repo = path.join(tmp, 'app');
  fs.mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  const env = path.join(repo, '.env');
  const original = `# app\nOPENAI_API_KEY=${OPENAI}\nPORT=3000\nexport SHOP_TOKEN="${TOKEN}" # live\n`;
  fs.writeFileSync(env, original, { mode: 0o600 });
  git(repo, 'add', '.env');
  git(repo, 'commit', '-qm', 'oops: env');
  const commit = git(repo, 'rev-parse', 'HEAD');

  // Off a terminal without --yes: the plan, then a refusal with a hint; nothing changes.
  let r = await runKeydeckHere(cli, ['import-env', env]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /refusing to import without --yes when not on a terminal \(preview with --dry-run\)/);
  assert.match(r.stderr, /git tracks \.env: its history still holds the values/);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^LINE\s+VARIABLE\s+PROVIDER\s+ACTION\s+WHY$/);
  assert.match(lines[1]!, /^2\s+OPENAI_API_KEY\s+OpenAI \(by name and shape\)\s+create "OpenAI" \(byok\)/);
  assert.match(lines[2]!, /^3\s+PORT\s+-\s+leave\s+not a secret: a number or port$/);
  assert.match(lines[3]!, /^4\s+SHOP_TOKEN\s+Custom\s+create "SHOP_TOKEN" \(standard\)/);
  assert.ok(!r.stdout.includes(OPENAI) && !r.stderr.includes(OPENAI) && !r.stdout.includes(TOKEN));
  assert.equal(fs.readFileSync(env, 'utf8'), original);

  r = await runKeydeckHere(cli, ['import-env', env, '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Dry run: nothing was created/);
  assert.equal(fs.readFileSync(env, 'utf8'), original);

  r = await runKeydeckHere(cli, ['import-env', env, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /created: OPENAI_API_KEY → "OpenAI"/);
  assert.match(r.stderr, /created: SHOP_TOKEN → "SHOP_TOKEN"/);
  assert.match(r.stderr, /left as is: PORT/);
  assert.ok(r.stderr.includes(`LEAKED: OPENAI_API_KEY ("OpenAI") is in git history: commit ${commit} (.env)`));
  assert.ok(r.stderr.includes(`LEAKED: SHOP_TOKEN ("SHOP_TOKEN") is in git history: commit ${commit} (.env)`));
  // git agrees: the commit that introduced the key.
  assert.equal(git(repo, 'log', '--format=%H', '-S', OPENAI), commit);

  const text = fs.readFileSync(env, 'utf8');
  assert.equal(
    text,
    '# app\nOPENAI_API_KEY=keydeck://Personal/OpenAI\nPORT=3000\nexport SHOP_TOKEN=keydeck://Personal/SHOP_TOKEN # live\n',
  );
  assert.equal(fs.statSync(env).mode & 0o777, 0o600);
  assert.deepEqual(fs.readdirSync(repo).sort(), ['.env', '.git']);
  // bash still reads the rewritten file.
  const fromBash = execFileSync('bash', ['-c', 'set -a; . ./.env; printf "%s|%s" "$OPENAI_API_KEY" "$PORT"'], {
    cwd: repo,
  }).toString();
  assert.equal(fromBash, 'keydeck://Personal/OpenAI|3000');

  r = await runKeydeckHere(cli, ['list']);
  assert.match(r.stdout, /OpenAI .* leaked: rotate/);
  r = await runKeydeckHere(cli, ['show', 'OpenAI']);
  assert.ok(r.stdout.includes(`Leaked:      rotate: found in git commit ${commit} (.env)`));

  // The stored values come back byte for byte to a real child (the built binary's exec).
  for (const [name, variable, value] of [
    ['OpenAI', 'OPENAI_API_KEY', OPENAI],
    ['SHOP_TOKEN', 'SHOP_TOKEN', TOKEN],
  ] as const) {
    const out = await runKeydeck(cli, [
      'exec',
      '--no-mask',
      '--cred',
      name,
      '--',
      process.execPath,
      '-e',
      `process.stdout.write(process.env.${variable})`,
    ]);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, value);
  }

  // `keydeck run` resolves the rewritten file (allowed by the import) to the original bytes, and node's
  // own --env-file parser reads the same references.
  const viaRun = await runKeydeck(
    cli,
    [
      'run',
      '--no-mask',
      '--env-file',
      env,
      '--',
      process.execPath,
      '-e',
      'process.stdout.write(JSON.stringify([process.env.OPENAI_API_KEY, process.env.SHOP_TOKEN, process.env.PORT]))',
    ],
    { cwd: repo },
  );
  assert.equal(viaRun.code, 0, viaRun.stderr);
  assert.deepEqual(JSON.parse(viaRun.stdout), [OPENAI, TOKEN, '3000']);
  const viaNode = execFileSync(process.execPath, [
    `--env-file=${env}`,
    '-e',
    'process.stdout.write(process.env.SHOP_TOKEN)',
  ]).toString();
  assert.equal(viaNode, 'keydeck://Personal/SHOP_TOKEN');

  // Running again: the references are left alone.
  r = await runKeydeckHere(cli, ['import-env', env, '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /No secrets found/);
});
