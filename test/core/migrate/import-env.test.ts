import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyEnvImport, planEnvImport } from '../../../electron/core/migrate/index.js';
import { parseEnvFile } from '../../../electron/core/env-file.js';
import { resolveReferences } from '../../../electron/core/refs/index.js';
import { makeTestCore, keychainAccounts, type TestCore } from '../../harness/core.js';

const OPENAI = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0';
const OPENAI_2 = 'sk-proj-' + 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2H1g0';
const ANTHROPIC = 'sk-ant-api03-' + 'x'.repeat(50) + 'Yz0123456789abcdefABCDEF0123456789';
const GROQ = 'gsk_' + 'G'.repeat(20) + 'roq0123456789abcdefghijklm';
const CUSTOM = 'tok_live_8c1d2e3f4a5b6c7d8e9f';

let core: TestCore;
let dir: string;

before(() => {
  core = makeTestCore();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-migrate-'));
});

after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await core.cleanup();
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

function envFile(text: string, mode = 0o640): string {
  const sub = fs.mkdtempSync(path.join(dir, 'p-'));
  const file = path.join(sub, '.env');
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  return file;
}

/** A fresh workspace per test, so BYOK slots and names do not carry over. */
async function workspace(): Promise<string> {
  const name = `ws-${Math.random().toString(36).slice(2, 8)}`;
  await core.workspaces.add(name);
  return name;
}

test('plan: provider by name and shape, create / reference / leave, no value in the plan', async () => {
  const ws = await workspace();
  const file = envFile(
    [
      '# service config',
      `OPENAI_API_KEY=${OPENAI}`,
      `export ANTHROPIC_API_KEY="${ANTHROPIC}" # prod`,
      `MY_LLM_KEY=${GROQ}`,
      `PAYMENTS_TOKEN='${CUSTOM}'`,
      'OPENAI_BASE_URL=https://api.openai.com/v1',
      'PORT=8080',
      'DEBUG=true',
      'EMPTY=',
      'NODE_ENV=production',
      'OTHER=keydeck://Work/OpenAI',
      '',
    ].join('\n'),
  );
  const plan = await planEnvImport(core, file, { workspace: ws });
  const row = (v: string) => plan.items.find((i) => i.variable === v)!;
  assert.deepEqual(
    plan.items.map((i) => [i.variable, i.line, i.action]),
    [
      ['OPENAI_API_KEY', 2, 'create'],
      ['ANTHROPIC_API_KEY', 3, 'create'],
      ['MY_LLM_KEY', 4, 'create'],
      ['PAYMENTS_TOKEN', 5, 'create'],
      ['OPENAI_BASE_URL', 6, 'leave'],
      ['PORT', 7, 'leave'],
      ['DEBUG', 8, 'leave'],
      ['EMPTY', 9, 'leave'],
      ['NODE_ENV', 10, 'leave'],
      ['OTHER', 11, 'leave'],
    ],
  );
  assert.equal(row('OPENAI_API_KEY').provider, 'openai');
  assert.equal(row('OPENAI_API_KEY').detectedBy, 'name+shape');
  assert.equal(row('OPENAI_API_KEY').kind, 'byok');
  assert.equal(row('MY_LLM_KEY').provider, 'groq');
  assert.equal(row('MY_LLM_KEY').detectedBy, 'shape');
  assert.equal(row('PAYMENTS_TOKEN').provider, 'custom');
  assert.equal(row('PAYMENTS_TOKEN').kind, 'standard');
  assert.match(row('OPENAI_BASE_URL').reason, /URL/);
  assert.match(row('OTHER').reason, /reference/);
  assert.equal(row('OPENAI_API_KEY').reference, `keydeck://${ws}/OpenAI`);
  assert.equal(plan.secrets, 4);
  const text = JSON.stringify(plan);
  for (const secret of [OPENAI, ANTHROPIC, GROQ, CUSTOM]) assert.ok(!text.includes(secret), 'no value in the plan');
});

test('apply: credentials created, file rewritten in place (comments, order, mode), values read back byte for byte', async () => {
  const ws = await workspace();
  const original = [
    '# keys',
    `OPENAI_API_KEY=${OPENAI}\r`,
    `export ANTHROPIC_API_KEY="${ANTHROPIC}" # prod key`,
    'PORT=3000',
    `PAYMENTS_TOKEN='${CUSTOM}'`,
    '',
  ].join('\n');
  const file = envFile(original, 0o640);
  const plan = await planEnvImport(core, file, { workspace: ws });
  const before = fs.readdirSync(path.dirname(file));
  const r = await applyEnvImport(core, plan);
  assert.deepEqual(
    r.created.map((c) => c.variable),
    ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'PAYMENTS_TOKEN'],
  );
  assert.deepEqual(r.left, ['PORT']);
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(
    text,
    [
      '# keys',
      `OPENAI_API_KEY=keydeck://${ws}/OpenAI\r`,
      `export ANTHROPIC_API_KEY=keydeck://${ws}/Anthropic # prod key`,
      'PORT=3000',
      `PAYMENTS_TOKEN=keydeck://${ws}/PAYMENTS_TOKEN`,
      '',
    ].join('\n'),
  );
  assert.equal(fs.statSync(file).mode & 0o777, 0o640, 'the mode is kept');
  assert.deepEqual(fs.readdirSync(path.dirname(file)), before, 'no temp file or backup copy left');
  for (const [name, value] of [
    ['OpenAI', OPENAI],
    ['Anthropic', ANTHROPIC],
    ['PAYMENTS_TOKEN', CUSTOM],
  ] as const) {
    const use = await core.credentials.readSecret(name, { workspace: ws });
    assert.equal(use.secret, value);
  }
  // The references resolve to the original values byte for byte, through the shared grammar and resolver.
  const entries = parseEnvFile(text, { file });
  const refs = entries.filter((e) => e.value.startsWith('keydeck://'));
  const resolved = await resolveReferences(
    core.credentials,
    refs.map((e) => ({ where: e.key, ref: e.value })),
  );
  assert.deepEqual(resolved.values, [OPENAI, ANTHROPIC, CUSTOM]);
  // The rewritten file is allowed for `keydeck run` as it now is.
  assert.equal(r.allowed, true);
  assert.equal(core.trust.check(file).state, 'allowed');
  const openai = core.credentials.get('OpenAI', ws);
  assert.equal(openai.envVar, 'OPENAI_API_KEY');
  assert.equal(openai.kind, 'byok');
  assert.equal(r.historyScanned, false);
  assert.match(r.historyNote ?? '', /not in a git repository/);
});

test('a second OpenAI key in the workspace becomes a standard credential (one BYOK per provider)', async () => {
  const ws = await workspace();
  const file = envFile(`OPENAI_API_KEY=${OPENAI}\nOPENAI_API_KEY_2=${OPENAI_2}\n`);
  const plan = await planEnvImport(core, file, { workspace: ws });
  assert.equal(plan.items[0]!.kind, 'byok');
  assert.equal(plan.items[1]!.kind, 'standard');
  assert.match(plan.items[1]!.reason, /already holds this workspace's one BYOK OpenAI key/);
  assert.equal(plan.items[1]!.credential, 'OpenAI (OPENAI_API_KEY_2)');
  const r = await applyEnvImport(core, plan);
  assert.equal(r.created.length, 2);
  assert.equal(core.credentials.get('OpenAI (OPENAI_API_KEY_2)', ws).kind, 'standard');
});

test('a secret already stored is referenced, not duplicated; the same value twice in a file is created once', async () => {
  const ws = await workspace();
  await core.credentials.create({ name: 'Groq main', kind: 'byok', provider: 'groq', workspace: ws }, GROQ);
  const file = envFile(`GROQ_API_KEY=${GROQ}\nA_TOKEN=${CUSTOM}\nB_TOKEN=${CUSTOM}\n`);
  const plan = await planEnvImport(core, file, { workspace: ws });
  assert.deepEqual(
    plan.items.map((i) => [i.action, i.credential]),
    [
      ['reference', 'Groq main'],
      ['create', 'A_TOKEN'],
      ['reference', 'A_TOKEN'],
    ],
  );
  const n = core.credentials.list({ workspace: ws }).length;
  await applyEnvImport(core, plan);
  assert.equal(core.credentials.list({ workspace: ws }).length, n + 1);
  assert.equal(
    fs.readFileSync(file, 'utf8'),
    `GROQ_API_KEY=keydeck://${ws}/Groq%20main\nA_TOKEN=keydeck://${ws}/A_TOKEN\nB_TOKEN=keydeck://${ws}/A_TOKEN\n`,
  );
});

test('a file with no secrets: the plan says so and applying changes nothing', async () => {
  const ws = await workspace();
  const body = 'PORT=80\nHOST=localhost\nURL=https://example.com\n# nothing\n';
  const file = envFile(body);
  const plan = await planEnvImport(core, file, { workspace: ws });
  assert.equal(plan.secrets, 0);
  const stat = fs.statSync(file);
  const r = await applyEnvImport(core, plan);
  assert.equal(r.created.length + r.referenced.length, 0);
  assert.equal(fs.readFileSync(file, 'utf8'), body);
  assert.equal(fs.statSync(file).ino, stat.ino, 'not even rewritten');
  assert.equal(core.credentials.list({ workspace: ws }).length, 0);
});

test('duplicate keys and a missing closing quote: an error with the line, nothing created', async () => {
  const ws = await workspace();
  const accounts = await keychainAccounts(core);
  const dup = envFile(`OPENAI_API_KEY=${OPENAI}\nPORT=1\nOPENAI_API_KEY=${OPENAI_2}\n`);
  await assert.rejects(planEnvImport(core, dup, { workspace: ws }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'INVALID_ENV_FILE');
    assert.match(e.message, /\.env:3: OPENAI_API_KEY is set twice \(lines 1 and 3\)/);
    return true;
  });
  const open = envFile(`PORT=1\nOPENAI_API_KEY="${OPENAI}\nOTHER=2\n`);
  await assert.rejects(planEnvImport(core, open, { workspace: ws }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'INVALID_ENV_FILE');
    assert.match(e.message, /\.env:2: the double quote opened here is never closed/);
    assert.ok(!e.message.includes(OPENAI));
    return true;
  });
  assert.deepEqual(await keychainAccounts(core), accounts);
  assert.equal(core.credentials.list({ workspace: ws }).length, 0);
});

test('an interrupted apply (credentials created, file not rewritten): running again references them', async () => {
  const ws = await workspace();
  const body = `OPENAI_API_KEY=${OPENAI}\nX_TOKEN=${CUSTOM}\n`;
  const file = envFile(body);
  const plan = await planEnvImport(core, file, { workspace: ws });
  await assert.rejects(
    applyEnvImport(core, plan, {
      beforeRewrite: () => {
        throw new Error('killed');
      },
    }),
    /killed/,
  );
  assert.equal(fs.readFileSync(file, 'utf8'), body, 'the file is not rewritten');
  assert.equal(core.credentials.list({ workspace: ws }).length, 2);
  const again = await planEnvImport(core, file, { workspace: ws });
  assert.deepEqual(
    again.items.map((i) => i.action),
    ['reference', 'reference'],
  );
  const r = await applyEnvImport(core, again);
  assert.equal(r.created.length, 0);
  assert.equal(core.credentials.list({ workspace: ws }).length, 2, 'nothing created twice');
  assert.equal(
    fs.readFileSync(file, 'utf8'),
    `OPENAI_API_KEY=keydeck://${ws}/OpenAI\nX_TOKEN=keydeck://${ws}/X_TOKEN\n`,
  );
});

test('a file that changed since the preview is refused', async () => {
  const ws = await workspace();
  const file = envFile(`X_TOKEN=${CUSTOM}\n`);
  const plan = await planEnvImport(core, file, { workspace: ws });
  fs.appendFileSync(file, 'PORT=1\n');
  await assert.rejects(applyEnvImport(core, plan), { code: 'ENV_CHANGED' });
  assert.equal(core.credentials.list({ workspace: ws }).length, 0);
});

test('git: a committed value is reported as leaked with its commit, marked on the credential; rotation clears it', async () => {
  const ws = await workspace();
  const repo = fs.mkdtempSync(path.join(dir, 'repo-'));
  git(repo, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(repo, 'README'), 'x\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'init');
  fs.writeFileSync(path.join(repo, '.env'), `OPENAI_API_KEY=${OPENAI}\nPORT=1\n`);
  git(repo, 'add', '.env');
  git(repo, 'commit', '-qm', 'add env');
  const leakCommit = git(repo, 'rev-parse', 'HEAD');
  fs.appendFileSync(path.join(repo, '.env'), `X_TOKEN=${CUSTOM}\n`);
  const file = path.join(repo, '.env');
  const plan = await planEnvImport(core, file, { workspace: ws });
  assert.deepEqual(plan.git, { repo: fs.realpathSync(repo), tracked: true });
  assert.ok(plan.warnings.some((w) => /git tracks \.env: its history still holds the values/.test(w)));
  const r = await applyEnvImport(core, plan);
  assert.equal(r.historyScanned, true);
  // Cross-check with git itself: the commit that added the key.
  const logged = git(repo, 'log', '--format=%H', '-S', OPENAI, '--all').split('\n').pop();
  assert.equal(logged, leakCommit);
  assert.deepEqual(
    r.leaks.map((l) => [l.variable, l.commit, l.path]),
    [['OPENAI_API_KEY', leakCommit, '.env']],
  );
  const cred = core.credentials.get('OpenAI', ws);
  assert.equal(cred.leak?.commit, leakCommit);
  assert.equal(core.credentials.get('X_TOKEN', ws).leak, undefined, 'never committed: no mark');
  await core.credentials.rotate('OpenAI', OPENAI_2, ws);
  assert.equal(core.credentials.get('OpenAI', ws).leak, undefined, 'rotating clears the mark');
});

test('a 1,000-line file plans and applies quickly', async () => {
  const ws = await workspace();
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    lines.push(i % 100 === 0 ? `SVC_${i}_TOKEN=tok_${i}_${'k'.repeat(24)}` : `SETTING_${i}=value-${i}`);
  }
  const file = envFile(lines.join('\n') + '\n');
  const t0 = performance.now();
  const plan = await planEnvImport(core, file, { workspace: ws });
  const tPlan = performance.now() - t0;
  assert.equal(plan.items.length, 1000);
  assert.equal(plan.secrets, 10);
  const r = await applyEnvImport(core, plan);
  const tAll = performance.now() - t0;
  assert.equal(r.created.length, 10);
  assert.equal(fs.readFileSync(file, 'utf8').split('\n').length, 1001);
  console.log(`# 1,000-line file: plan ${tPlan.toFixed(0)} ms, plan+apply (10 secrets) ${tAll.toFixed(0)} ms`);
});

test('a BOM and CRLF line endings are kept; only the secret lines change', async () => {
  const ws = await workspace();
  const file = envFile(
    `\uFEFFOPENAI_API_KEY=${OPENAI}\r\n# note\r\nPORT=1\r\n  export  X_TOKEN = '${CUSTOM}'   # c\r\n`,
  );
  const r = await applyEnvImport(core, await planEnvImport(core, file, { workspace: ws }));
  assert.equal(r.created.length, 2);
  assert.equal(
    fs.readFileSync(file, 'utf8'),
    `\uFEFFOPENAI_API_KEY=keydeck://${ws}/OpenAI\r\n# note\r\nPORT=1\r\n  export  X_TOKEN = keydeck://${ws}/X_TOKEN   # c\r\n`,
  );
});
