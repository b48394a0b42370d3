/**
 * The CLI contract of `validate` against a mock provider, run by `runCli` in this process
 * (runKeydeckHere): nothing here needs a process of its own.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliEnv, dropCliEnv, runKeydeckHere, type CliEnv } from '../harness/cli.js';
import { startMockProvider, type MockProvider } from '../harness/mock-provider.js';

let mock: MockProvider;
let cli: CliEnv;
const GOOD = `sk-proj-good-${'A1'.repeat(30)}`;
const BAD = `sk-proj-bad-${'B2'.repeat(30)}`;
const HANG = `sk-proj-hang-${'C3'.repeat(30)}`;
const INWORLD = Buffer.from('iwkey:iwsecret-abcdef').toString('base64');

async function add(name: string, provider: string, kind: string, secret: string): Promise<void> {
  const r = await runKeydeckHere(
    cli,
    ['add', name, '--kind', kind, '--provider', provider, '--base-url', mock.baseUrl(provider as 'openai')],
    { input: secret },
  );
  assert.equal(r.code, 0, r.stderr);
}

before(async () => {
  mock = await startMockProvider();
  mock.setKey('openai', GOOD, 'ok');
  mock.setKey('anthropic', BAD, 'invalid');
  mock.setKey('groq', HANG, 'hang');
  mock.setKey('inworld', INWORLD, 'ok');
  cli = cliEnv();
  await add('good', 'openai', 'byok', GOOD);
  await add('bad', 'anthropic', 'byok', BAD);
  await add('slow', 'groq', 'byok', HANG);
  await add('inworld', 'inworld', 'standard', INWORLD);
});

after(async () => {
  await mock.close();
  await dropCliEnv(cli);
});

function noSecrets(...texts: string[]): void {
  for (const t of texts) for (const s of [GOOD, BAD, HANG, INWORLD]) assert.ok(!t.includes(s), 'a secret leaked');
}

test('validate NAME --json prints the result and exits 0 only for valid', async () => {
  const r = await runKeydeckHere(cli, ['validate', 'good', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out).sort(), ['checkedAt', 'detail', 'httpStatus', 'name', 'status']);
  assert.equal(out.name, 'good');
  assert.equal(out.status, 'valid');
  assert.equal(out.httpStatus, 200);
  const bad = await runKeydeckHere(cli, ['validate', 'bad']);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^bad: invalid \(HTTP 401\)/);
  noSecrets(r.stdout, r.stderr, bad.stdout, bad.stderr);
  const shown = await runKeydeckHere(cli, ['show', 'bad', '--json']);
  if (shown.code === 0) assert.match(shown.stdout, /"status": "invalid"/, 'the result is stored');
});

test('--timeout bounds a provider that never answers', async () => {
  // The provider never answers: only the timeout can end the probe, so 'timeout' is the proof.
  const r = await runKeydeckHere(cli, ['validate', 'slow', '--timeout', '0.5', '--json']);
  assert.equal(r.code, 1);
  assert.equal((JSON.parse(r.stdout) as { status: string }).status, 'timeout');
});

test('--base-url overrides; a bad base URL or timeout is refused', async () => {
  const r = await runKeydeckHere(cli, ['validate', 'good', '--base-url', 'http://no-such-host.invalid/v1', '--json']);
  assert.equal(r.code, 1);
  assert.equal((JSON.parse(r.stdout) as { status: string }).status, 'unreachable');
  const count = mock.requests.length;
  for (const bad of ['ftp://127.0.0.1/v1', 'http://u:p@127.0.0.1/v1', 'http://127.0.0.1/v1#x']) {
    const b = await runKeydeckHere(cli, ['validate', 'good', '--base-url', bad]);
    assert.equal(b.code, 1, bad);
    assert.match(b.stderr, /error\[INVALID_URL\]/);
  }
  assert.equal(mock.requests.length, count);
  assert.equal((await runKeydeckHere(cli, ['validate', 'good', '--timeout', 'soon'])).code, 2);
  assert.equal((await runKeydeckHere(cli, ['validate'])).code, 2);
  assert.equal((await runKeydeckHere(cli, ['validate', 'nope'])).code, 1);
});

test('validate --all prints progress on stderr and one JSON entry per credential', async () => {
  // The timeout ends the hanging probe; it is long enough that the answering ones never meet it, even on a
  // loaded machine (at 0.5 s they did).
  const r = await runKeydeckHere(cli, ['validate', '--all', '--timeout', '3', '--json']);
  assert.equal(r.code, 1, 'not every key is valid');
  assert.match(r.stderr, /validated 4\/4/);
  const lines = JSON.parse(r.stdout) as { name: string; status: string }[];
  assert.deepEqual(Object.fromEntries(lines.map((l) => [l.name, l.status])), {
    good: 'valid',
    bad: 'invalid',
    slow: 'timeout',
    inworld: 'valid',
  });
  noSecrets(r.stdout, r.stderr);
});

test('validate NAME --router reports byok or system from the router attempts', async () => {
  const r = await runKeydeckHere(cli, ['validate', 'good', '--router', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { status: string; attempts: { credentialType: string }[] };
  assert.equal(out.status, 'byok');
  assert.deepEqual(
    out.attempts.map((a) => a.credentialType),
    ['byok'],
  );
  const s = await runKeydeckHere(cli, ['validate', 'bad', '--router']);
  assert.equal(s.code, 1);
  assert.match(s.stdout, /bad: system \(attempts: byok → system\)/);
  noSecrets(r.stdout, s.stdout, s.stderr);
});

test('validate NAME --router stores the result: keydeck show prints it; a rotation clears it', async () => {
  const r = await runKeydeckHere(cli, ['validate', 'good', '--router']);
  assert.equal(r.code, 0, r.stderr);
  const shown = await runKeydeckHere(cli, ['show', 'good']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^Router: {6}byok via openai\/gpt-4o-mini \(\d{4}-\d\d-\d\dT[^)]+\)$/m);
  const asJson = JSON.parse((await runKeydeckHere(cli, ['show', 'good', '--json'])).stdout) as {
    routerCheck?: { credentialType: string; model?: string; checkedAt: string };
  };
  assert.equal(asJson.routerCheck?.credentialType, 'byok');
  assert.equal(asJson.routerCheck?.model, 'openai/gpt-4o-mini');

  const s = await runKeydeckHere(cli, ['validate', 'bad', '--router']);
  assert.equal(s.code, 1);
  assert.match((await runKeydeckHere(cli, ['show', 'bad'])).stdout, /^Router: {6}system via anthropic\//m);
  // A key never checked shows a dash.
  assert.match((await runKeydeckHere(cli, ['show', 'inworld'])).stdout, /^Router: {6}-$/m);

  const NEXT = `sk-proj-next-${'D4'.repeat(30)}`;
  mock.setKey('openai', NEXT, 'ok');
  const rot = await runKeydeckHere(cli, ['rotate', 'good'], { input: NEXT });
  assert.equal(rot.code, 0, rot.stderr);
  const after = await runKeydeckHere(cli, ['show', 'good']);
  assert.match(after.stdout, /^Router: {6}-$/m);
  noSecrets(r.stdout, shown.stdout, after.stdout);
  assert.ok(!after.stdout.includes(NEXT));
});
