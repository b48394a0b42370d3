/** `keydeck rm` moves to the trash; `keydeck trash list|restore NAME|empty` (issue 11 §3). */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { KeyringVault } from '../../electron/core/vault.js';
import { cliEnv, runKeydeck } from '../harness/cli.js';

const cli = cliEnv();
const accounts = async () => (await new KeyringVault(cli.service).entries()).map((e) => e.account);

after(async () => {
  const v = new KeyringVault(cli.service);
  for (const e of await v.entries()) await v.delete(e.account);
  fs.rmSync(cli.home, { recursive: true, force: true });
});

test('rm, trash list, restore (a reused name needs --name), empty', async () => {
  let r = await runKeydeck(cli, ['add', 'Groq', '--kind', 'byok', '--provider', 'groq'], {
    input: 'gsk_cliTrash000000000000000000000001',
  });
  assert.equal(r.code, 0, r.stderr);
  r = await runKeydeck(cli, ['rm', 'Groq', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Moved "Groq" to the trash/);
  assert.equal((await accounts()).length, 1, 'the keychain keeps the secret');

  r = await runKeydeck(cli, ['trash', 'list', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    (JSON.parse(r.stdout) as { name: string }[]).map((t) => t.name),
    ['Groq'],
  );
  assert.ok(!r.stdout.includes('gsk_cliTrash'), 'metadata only');

  // The name is reused meanwhile: restore asks for a new name.
  r = await runKeydeck(cli, ['add', 'Groq', '--kind', 'standard', '--provider', 'custom'], {
    input: 'other-secret-01',
  });
  assert.equal(r.code, 0, r.stderr);
  r = await runKeydeck(cli, ['trash', 'restore', 'Groq']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[NAME_TAKEN\]: .*new name/m);
  r = await runKeydeck(cli, ['trash', 'restore', 'Groq', '--name', 'Groq old']);
  assert.equal(r.code, 0, r.stderr);
  r = await runKeydeck(cli, ['header', 'Groq old']);
  assert.equal(r.stdout.trim(), 'Authorization: Bearer gsk_cliTrash000000000000000000000001');

  r = await runKeydeck(cli, ['rm', 'Groq old', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  r = await runKeydeck(cli, ['trash', 'empty']);
  assert.equal(r.code, 2, 'off a terminal, emptying needs --yes');
  r = await runKeydeck(cli, ['trash', 'empty', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /1 credential\(s\) deleted for good/);
  assert.equal((await accounts()).length, 1, 'only the live key is left');
  r = await runKeydeck(cli, ['trash', 'restore', 'Groq old']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[CREDENTIAL_NOT_FOUND\]/m);
  r = await runKeydeck(cli, ['trash', 'shred']);
  assert.equal(r.code, 2);
});
