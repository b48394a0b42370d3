/**
 * An add with several problems is refused once, naming every problem beside its field, in words a person
 * reads (no schema paths), and saves nothing: not in the catalog, not in the keychain. Through main's
 * real dispatch too, where the request's schema speaks first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import { createHandlers, dispatch } from '../../electron/main/ipc-handlers.js';
import { KeydeckError } from '../../shared/errors.js';
import { makeTestCore, type TestCore } from '../harness/core.js';

let core: TestCore;
before(async () => {
  core = makeTestCore();
  await core.credentials.create({ name: 'Taken', kind: 'standard', provider: 'custom' }, 'tok_taken_0123456789');
});
after(() => core.cleanup());

test('several problems, one refusal: each with its field, nothing saved', async () => {
  const entries = (await core.vault.entries()).length;
  const err = await core.credentials
    .create(
      {
        name: 'Taken',
        kind: 'standard',
        provider: 'custom',
        allowedOrigins: ['https://app.example.com/path'],
        baseUrl: 'ftp://example.com',
        expiresAt: 'next tuesday',
      },
      'tok with space',
    )
    .then(
      () => assert.fail('accepted'),
      (e: unknown) => e,
    );
  assert.ok(err instanceof KeydeckError);
  const byField = Object.fromEntries((err.issues ?? []).map((i) => [i.field, i.message]));
  assert.deepEqual(Object.keys(byField).sort(), ['allowedOrigins', 'baseUrl', 'expiresAt', 'name', 'secret']);
  assert.match(byField.name!, /already exists/);
  assert.match(byField.allowedOrigins!, /not an origin/);
  assert.match(byField.baseUrl!, /http or https/);
  assert.match(byField.expiresAt!, /not a date/);
  assert.ok(byField.secret);
  assert.equal(core.credentials.list({}).length, 1, 'nothing added to the catalog');
  assert.equal((await core.vault.entries()).length, entries, 'nothing written to the keychain');
});

test('one problem stays one plain error (no issues list)', async () => {
  const err = await core.credentials
    .create({ name: 'Taken', kind: 'standard', provider: 'custom' }, 'tok_other_0123456789')
    .catch((e: unknown) => e);
  assert.ok(err instanceof KeydeckError);
  assert.equal(err.code, 'DUPLICATE_NAME');
  assert.equal(err.issues, undefined);
});

test("main's request check: every form field's problem in words, no schema path", async () => {
  const handlers = createHandlers({ core, clipboard: new ClipboardGuard(new MemoryClipboard()), version: 't' });
  const r = await dispatch(handlers, 'credentials:create', {
    input: { name: 'X', kind: 'standard', tags: ['ok', 'a'.repeat(5000)], envVar: '9BAD', note: 'n'.repeat(5000) },
    secret: 'tok_0123456789abcdef',
  });
  assert.equal(r.ok, false);
  const e = (r as { error: { message: string; issues?: { field?: string; message: string }[] } }).error;
  assert.doesNotMatch(e.message, /input\.|Too big|expected string/);
  const byField = Object.fromEntries((e.issues ?? []).map((i) => [i.field, i.message]));
  assert.match(byField.tags!, /^Tags: each is at most \d+ characters\.$/);
  assert.match(byField.envVar!, /^Env var: env var names use letters/);
  assert.match(byField.note!, /^Note: at most \d+ characters\.$/);
});

test('an edit with several problems names every one beside its field and changes nothing', async () => {
  const c = await core.credentials.create(
    { name: 'Editable', kind: 'standard', provider: 'custom', tags: ['keep'] },
    'tok_editable_0123456789',
  );
  const err = await core.credentials
    .update(c.credential.id, {
      name: 'Taken',
      allowedOrigins: ['https://app.example.com/path'],
      baseUrl: 'ftp://example.com',
      expiresAt: 'next tuesday',
      tags: ['bell\u0007tag'],
    })
    .then(
      () => assert.fail('accepted'),
      (e: unknown) => e,
    );
  assert.ok(err instanceof KeydeckError);
  const byField = Object.fromEntries((err.issues ?? []).map((i) => [i.field, i.message]));
  assert.deepEqual(Object.keys(byField).sort(), ['allowedOrigins', 'baseUrl', 'expiresAt', 'name', 'tags']);
  assert.match(byField.name!, /already exists/);
  assert.match(byField.allowedOrigins!, /not an origin/);
  assert.match(byField.baseUrl!, /http or https/);
  assert.match(byField.expiresAt!, /not a date/);
  assert.match(byField.tags!, /control/);
  const after = core.credentials.get(c.credential.id);
  assert.equal(after.name, 'Editable', 'nothing saved');
  assert.deepEqual(after.tags, ['keep']);
});
