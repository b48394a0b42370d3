/**
 * Handlers that used to read the catalog themselves now ask core services: the JWT screen's key list
 * names the realtime credential behind an HS256 key (`credentials.byId`), a key made from a credential
 * is answered from `keys.meta`, and the backup preview says where each signing key would land
 * (`previewImport`, with import's own workspace matching). `overLoaded`, the one pattern for handlers
 * over a service loaded on first use, loads once and tries a failed load again.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import { createHandlers, type IpcHandlers } from '../../electron/main/ipc-handlers.js';
import { overLoaded } from '../../electron/main/handlers/loaded.js';
import { makeTestCore, type TestCore } from '../harness/core.js';
import { addRealtime } from '../core/jwt/helpers.js';

const cores: TestCore[] = [];
/** A fresh core of this test's own (each test stands alone), removed after the file. */
const freshCore = () => {
  const core = makeTestCore();
  cores.push(core);
  return core;
};
const handlersOf = (core: TestCore): IpcHandlers =>
  createHandlers({ core, clipboard: new ClipboardGuard(new MemoryClipboard()), version: 'test' });

after(async () => {
  for (const core of cores) await core.cleanup();
});

test('overLoaded loads the service once for all its handlers, and tries a failed load again', async () => {
  let loads = 0;
  const h = overLoaded(
    async () => {
      loads++;
      if (loads === 1) throw new Error('first load fails');
      return { revocations: [] };
    },
    { 'jwt:revocations': async (s) => s.revocations, 'jwt:unrevoke': async () => ({ removed: false }) },
  );
  await assert.rejects(h['jwt:revocations']({}), /first load fails/);
  assert.deepEqual(await h['jwt:revocations']({}), []);
  await h['jwt:unrevoke']({ jti: 'x' });
  await Promise.all([h['jwt:revocations']({}), h['jwt:revocations']({})]);
  assert.equal(loads, 2, 'one failed load, then one load shared by every later call');
});

test("a realtime key's HS256 signing key carries the credential's name; generated keys carry none", async () => {
  const src = freshCore();
  const h = handlersOf(src);
  await addRealtime(src, 'rt');
  const made = await h['jwt:keys:create']({ alg: 'HS256', credential: 'rt' });
  assert.equal(made.source, 'credential');
  assert.equal(made.credentialName, 'rt');
  const es = await h['jwt:keys:create']({ alg: 'ES256' });
  assert.equal(es.credentialName, undefined);
  const { keys } = await h['jwt:keys']({});
  assert.deepEqual(keys.map((k) => [k.alg, k.credentialName]).sort(), [
    ['ES256', undefined],
    ['HS256', 'rt'],
  ]);
  await assert.rejects(h['jwt:keys:create']({ alg: 'ES256', credential: 'rt' }), { code: 'INVALID_INPUT' });
});

test('the backup preview says where each signing key would land: by id here, by name in another vault, else new', async () => {
  const src = freshCore();
  const dst = freshCore();
  const h = handlersOf(src);
  await addRealtime(src, 'rt');
  await h['jwt:keys:create']({ alg: 'HS256', credential: 'rt' });
  await h['jwt:keys:create']({ alg: 'ES256' });
  await src.workspaces.add('Work');
  await h['jwt:keys:create']({ alg: 'EdDSA', workspace: 'Work' });
  const dir = fs.mkdtempSync(path.join(src.home, 'backup-'));
  const identity = await generateX25519Identity();
  const idFile = path.join(dir, 'key.txt');
  fs.writeFileSync(idFile, `${identity}\n`, { mode: 0o600 });
  const output = path.join(dir, 'vault.age');
  await h['backup:export']({ output, recipients: [await identityToRecipient(identity)] });

  const byWorkspace = (p: { signingKeys?: { alg: string; workspace: string; matchedBy: string }[] }) =>
    Object.fromEntries((p.signingKeys ?? []).map((k) => [`${k.workspace} ${k.alg}`, k.matchedBy]));
  const here = await h['backup:preview']({ path: output, identityPath: idFile });
  assert.deepEqual(byWorkspace(here), {
    'Personal HS256': 'id',
    'Personal ES256': 'id',
    'Work EdDSA': 'id',
  });
  assert.equal(here.unchanged.length, 1, 'the realtime credential is already here');

  // Another vault has its own "Personal" (matched by name) and no "Work" (a new workspace).
  dst.workspaces.list(); // a first read writes the empty catalog
  const fileNow = () => fs.readFileSync(dst.catalog.path, 'utf8');
  const before = fileNow();
  const elsewhere = await handlersOf(dst)['backup:preview']({ path: output, identityPath: idFile });
  assert.deepEqual(byWorkspace(elsewhere), {
    'Personal HS256': 'name',
    'Personal ES256': 'name',
    'Work EdDSA': 'new',
  });
  assert.equal(elsewhere.add.length, 1);
  assert.equal(fileNow(), before, 'a preview writes nothing');
});
