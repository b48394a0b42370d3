import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  Masker,
  execCommandLine,
  findProjectFile,
  projectFileText,
  resolveExecEnv,
  runWithSecrets,
} from '../../electron/core/exec/index.js';
import { makeTestCore } from '../harness/core.js';

const SECRET = 'sk-live-0123456789abcdefGHIJ';

function maskAll(secrets: { name: string; value: string }[], chunks: string[]): string {
  const m = new Masker(secrets);
  return Buffer.concat([...chunks.map((c) => m.push(Buffer.from(c))), m.flush()]).toString();
}

test('Masker replaces a secret, even when split across chunks at every possible point', () => {
  const text = `before ${SECRET} after ${SECRET}\n`;
  for (let cut = 0; cut <= text.length; cut++) {
    const out = maskAll([{ name: 'k', value: SECRET }], [text.slice(0, cut), text.slice(cut)]);
    assert.equal(out, 'before [masked:k] after [masked:k]\n', `cut at ${cut}`);
  }
  // One byte at a time.
  assert.equal(maskAll([{ name: 'k', value: SECRET }], [...text]), 'before [masked:k] after [masked:k]\n');
});

test('Masker releases a held prefix that turns out not to be a secret', () => {
  const m = new Masker([{ name: 'k', value: SECRET }]);
  const a = m.push(Buffer.from('prompt> sk-live-01'));
  assert.equal(a.toString(), 'prompt> ');
  const b = m.push(Buffer.from('X done'));
  assert.equal(b.toString(), 'sk-live-01X done');
  assert.equal(m.flush().length, 0);
  const m2 = new Masker([{ name: 'k', value: SECRET }]);
  m2.push(Buffer.from('tail sk-live'));
  assert.equal(m2.flush().toString(), 'sk-live');
});

test('Masker prefers the longer secret when one contains another; leaves tiny secrets alone', () => {
  const out = maskAll(
    [
      { name: 'short', value: 'abcdefgh' },
      { name: 'long', value: 'abcdefgh-ijkl' },
      { name: 'tiny', value: 'ab' },
    ],
    ['x abcdefgh-ijkl y abcdefgh ab'],
  );
  assert.equal(out, 'x [masked:long] y [masked:short] ab');
});

test('findProjectFile searches upward to the repository root, skips a folder named .keydeck, and reports bad JSON clearly', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-proj-')));
  try {
    fs.mkdirSync(path.join(root, '.git'));
    const deep = path.join(root, 'a', 'b');
    fs.mkdirSync(path.join(deep, '.keydeck'), { recursive: true }); // a folder, not a project file
    fs.writeFileSync(path.join(root, '.keydeck'), projectFileText(['openai', 'other'], 'Work'));
    const found = findProjectFile(deep);
    assert.equal(found?.path, path.join(root, '.keydeck'));
    assert.deepEqual(found?.config, { credentials: ['openai', 'other'], workspace: 'Work' });
    fs.writeFileSync(path.join(root, 'a', '.keydeck'), '{"credentials": [');
    assert.throws(() => findProjectFile(deep), { code: 'INVALID_PROJECT_FILE' });
    fs.writeFileSync(path.join(root, 'a', '.keydeck'), '{"creds": []}');
    assert.throws(() => findProjectFile(deep), { code: 'INVALID_PROJECT_FILE' });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('execCommandLine is a copyable command that names credentials only', () => {
  assert.equal(
    execCommandLine({ credentials: ['openai', "bob's key"], workspace: 'Work', command: ['npm', 'run', 'dev'] }),
    `keydeck exec --cred openai --cred 'bob'\\''s key' --workspace Work -- npm run dev`,
  );
});

test('resolveExecEnv reads names from .keydeck, sets key and base URL vars, refuses unknown names and clashes', async () => {
  const core = makeTestCore();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-proj-'));
  try {
    await core.credentials.create({ name: 'openai', kind: 'byok', provider: 'openai' }, SECRET);
    await core.credentials.create(
      { name: 'openai-2', kind: 'standard', provider: 'custom', envVar: 'OPENAI_API_KEY' },
      'another-secret-value-123456',
    );
    await assert.rejects(resolveExecEnv(core.credentials, { trust: core.trust, cwd: dir }), { code: 'INVALID_INPUT' });
    fs.writeFileSync(path.join(dir, '.keydeck'), projectFileText(['openai']));
    await assert.rejects(resolveExecEnv(core.credentials, { trust: core.trust, cwd: dir }), { code: 'NOT_ALLOWED' });
    await core.trust.allow(path.join(dir, '.keydeck'));
    const plan = await resolveExecEnv(core.credentials, { trust: core.trust, cwd: dir });
    assert.equal(plan.env.OPENAI_API_KEY, SECRET);
    assert.equal(plan.env.OPENAI_BASE_URL, 'https://api.openai.com/v1');
    assert.equal(plan.projectFile, path.join(fs.realpathSync(dir), '.keydeck'));
    assert.deepEqual(
      plan.credentials.map((c) => c.name),
      ['openai'],
    );
    await assert.rejects(resolveExecEnv(core.credentials, { trust: core.trust, names: ['nope'], cwd: dir }), {
      code: 'CREDENTIAL_NOT_FOUND',
    });
    await assert.rejects(
      resolveExecEnv(core.credentials, { trust: core.trust, names: ['openai', 'openai-2'], cwd: dir }),
      {
        code: 'ENV_CONFLICT',
      },
    );
    assert.ok(core.credentials.useLogEntries().some((e) => e.action === 'exec' && e.name === 'openai'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await core.cleanup();
  }
});

test('runWithSecrets: env reaches the child, output is masked, exit code and signal death are reported', async () => {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => (stdout += d));
  err.on('data', (d) => (stderr += d));
  const secrets = [{ name: 'openai', value: SECRET }];
  const script =
    'process.stdout.write(process.env.K.slice(0, 5)); setTimeout(() => { process.stdout.write(process.env.K.slice(5) + "\\n"); console.error("err " + process.env.K); process.exit(7); }, 30);';
  const r = await runWithSecrets({
    command: process.execPath,
    args: ['-e', script],
    env: { K: SECRET },
    secrets,
    mask: true,
    stdout: out,
    stderr: err,
  });
  assert.equal(r.exitCode, 7);
  assert.equal(stdout, '[masked:openai]\n');
  assert.equal(stderr, 'err [masked:openai]\n');
  assert.ok(!stdout.includes(SECRET) && !stderr.includes(SECRET));

  const killed = await runWithSecrets({
    command: process.execPath,
    args: ['-e', 'process.kill(process.pid, "SIGKILL")'],
    env: {},
    secrets,
    mask: true,
    stdout: out,
    stderr: err,
  });
  assert.equal(killed.signal, 'SIGKILL');
  assert.equal(killed.exitCode, 128 + 9);

  await assert.rejects(runWithSecrets({ command: 'no-such-command-xyz', args: [], env: {}, secrets, mask: true }), {
    code: 'COMMAND_NOT_FOUND',
  });
});

test('a Basic credential is masked encoded, decoded (key:secret) and by its secret half', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create({ name: 'inworld', kind: 'standard' }, 'myKeyId:mySecretPart1234567890');
    const plan = await resolveExecEnv(core.credentials, { trust: core.trust, names: ['inworld'] });
    const encoded = plan.env.INWORLD_API_KEY!;
    assert.equal(Buffer.from(encoded, 'base64').toString(), 'myKeyId:mySecretPart1234567890');
    const out = maskAll(plan.secrets, [`a ${encoded} b myKeyId:mySecretPart1234567890 c mySecretPart1234567890\n`]);
    assert.equal(out, 'a [masked:inworld] b [masked:inworld] c [masked:inworld]\n');
  } finally {
    await core.cleanup();
  }
});
