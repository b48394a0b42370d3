/**
 * A secret given where a NAME is expected is never repeated in an error: not by core's lookups, not by
 * any CLI error path that quotes argv (run in process here; one spawned check lives in test/cli).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { MAX_ECHO, NOT_SHOWN, echoable, quoteArg, redactArgs } from '../../shared/echo.js';
import { runCli } from '../../electron/cli/main.js';
import type { CliIO } from '../../electron/cli/io.js';
import { makeTestCore } from '../harness/core.js';

const SECRETS = [
  'sk-live-0123456789abcdefghijKLMNOPQRST',
  'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
  'xai-Zk3p9QmW2rT8vL5nB7cX1dF4gH6jK0sA',
  'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  'Zk3p9QmW2rT8vL5nB7cX1dF4', // no prefix: random, 24 characters
  'a'.repeat(MAX_ECHO + 1), // simply too long
];

/** True when `text` holds any 8-character run of `secret`. */
function leaks(text: string, secret: string): boolean {
  for (let i = 0; i + 8 <= secret.length; i++) if (text.includes(secret.slice(i, i + 8))) return true;
  return false;
}

test('echo rule: names are repeated, secret-shaped or long arguments are not', () => {
  for (const name of ['openai', 'prod key', 'groq-2024-staging', 'Personal', 'my_service_key_v2']) {
    assert.ok(echoable(name), name);
    assert.equal(quoteArg(name), `"${name}"`);
  }
  for (const s of SECRETS) {
    assert.ok(!echoable(s), s);
    assert.equal(quoteArg(s), NOT_SHOWN);
  }
  // A plain URL is judged by its parts (a port number made one look random, at random); a token in its
  // query, a user or password, or a key-shaped path segment keeps it hidden.
  for (let port = 1024; port < 65536; port += 7) assert.ok(echoable(`ws://127.0.0.1:${port}/ws`), String(port));
  for (const url of [
    'ws://127.0.0.1:8080/ws?token=abc',
    'wss://u:pw@example.com/ws',
    'https://x.test/sk-live-0123456789abcdef',
    'https://x.test/Zk3p9QmW2rT8vL5nB7cX1dF4',
    'ws://h/ws#Zk3p9QmW2rT8vL5nB7',
  ])
    assert.ok(!echoable(url), url);
  // Control characters in a repeated name are escaped, never sent to the terminal.
  assert.equal(quoteArg('a\u001b]0;x\u0007'), '"a\\u{1b}]0;x\\u{7}"');
  // Redaction catches an argument cut short by a message (slice(0, N)), and --opt=value forms.
  const s = SECRETS[0]!;
  assert.equal(redactArgs(`no "${s.slice(0, 20)}" here`, [s]), `no "${NOT_SHOWN}" here`);
  assert.equal(redactArgs(`bad ${s}`, [`--workspace=${s}`]), `bad ${NOT_SHOWN}`);
  assert.equal(redactArgs('no credential "openai"', ['openai']), 'no credential "openai"');
});

test('core: looking up a secret as a name says "no credential by that name" without repeating it', async () => {
  const core = makeTestCore();
  try {
    for (const s of SECRETS) {
      await assert.rejects(core.credentials.readSecret(s), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'CREDENTIAL_NOT_FOUND');
        assert.match(e.message, /No credential by that name/);
        assert.ok(!leaks(e.message, s), e.message);
        return true;
      });
    }
    assert.throws(() => core.credentials.get('openai'), /No credential named "openai"/);
    // An id (of a key deleted elsewhere) is named as an id, whichever id it is: some random UUIDs
    // would also pass as echoable names, so the id check comes first.
    for (let i = 0; i < 300; i++) {
      assert.throws(() => core.credentials.get(randomUUID()), /No credential with that id/);
    }
    assert.throws(
      () => core.credentials.list({ workspace: SECRETS[0] }),
      (e: Error) => !leaks(e.message, SECRETS[0]!) && e.message.includes(NOT_SHOWN),
    );
  } finally {
    await core.cleanup();
  }
});

test('CLI: every error path that prints argv leaves a secret out', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create({ name: 'openai', kind: 'byok', provider: 'openai' }, SECRETS[1]!);
    const s = SECRETS[0]!;
    const cases: string[][] = [
      ['header', s],
      ['header', 'openai', s],
      ['rotate', s],
      ['rm', s],
      ['show', s],
      ['copy', s],
      ['env', s],
      ['header', 'openai', '--workspace', s],
      ['header', 'openai', `--${s}`],
      [s],
      ['jwt', s],
      ['workspace', s],
      ['sandbox', s],
      ['snippet', 'openai', '--as', s],
    ];
    for (const argv of cases) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (d: Buffer) => (err += d.toString()));
      let out = '';
      stdout.on('data', (d: Buffer) => (out += d.toString()));
      const stdin = new PassThrough();
      stdin.end();
      const io = { stdin, stdout, stderr, env: {} } as unknown as CliIO;
      const code = await runCli(argv, io, () => core);
      assert.notEqual(code, 0, argv.join(' '));
      assert.match(err, /^error\[/, argv.join(' '));
      assert.ok(!leaks(err + out, s), `${argv.join(' ')} → ${err}`);
    }
  } finally {
    await core.cleanup();
  }
});
