/**
 * The trash (issue 11 §3): delete keeps the keychain entries, undo restores, a reused name asks for a new
 * one, emptying goes through the tombstone path and keeps the trash whole while the keychain is locked,
 * and a process that dies between delete and undo loses nothing (a fresh core reads the same trash).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeydeckError } from '../../shared/errors.js';
import { createCore } from '../../electron/core/index.js';
import { FaultyVault } from '../harness/faulty-vault.js';
import { keychainAccounts, makeTestCore } from '../harness/core.js';

const code = (c: string) => (err: unknown) => err instanceof KeydeckError && err.code === c;
const DAY = 24 * 60 * 60 * 1000;

test('delete moves to the trash; the keychain keeps the secret; undo restores it whole', async () => {
  const core = makeTestCore();
  try {
    const { credential } = await core.credentials.create(
      { name: 'OpenAI', kind: 'byok', provider: 'openai', tags: ['prod'] },
      'sk-proj-trash000000000000000000001',
    );
    await core.trash.moveToTrash('OpenAI');
    assert.equal(core.credentials.list().length, 0);
    assert.deepEqual(
      core.trash.list().map((t) => [t.name, t.versions, t.nameTaken]),
      [['OpenAI', 1, false]],
    );
    assert.equal((await keychainAccounts(core)).length, 1, 'the secret stays until the trash is emptied');
    // A reconcile neither adopts the trashed entry back nor cleans it away.
    const report = await core.credentials.reconcile({ adopt: true });
    assert.deepEqual(report.adopted, []);
    assert.equal(core.credentials.list().length, 0);
    const cleaned = await core.credentials.reconcile({ clean: true });
    assert.deepEqual(cleaned.cleaned, []);

    const back = await core.trash.restore('OpenAI');
    assert.equal(back.id, credential.id);
    assert.deepEqual(back.tags, ['prod']);
    assert.equal(core.trash.list().length, 0);
    assert.equal((await core.credentials.readSecret('OpenAI')).secret, 'sk-proj-trash000000000000000000001');
  } finally {
    await core.cleanup();
  }
});

test('nothing is lost if the app dies between delete and undo: a new process reads the same trash', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create(
      { name: 'Groq', kind: 'byok', provider: 'groq' },
      'gsk_trash0000000000000000000000001',
    );
    await core.trash.moveToTrash('Groq');
    // A second core over the same folder and keychain stands for the restarted app.
    const again = createCore({ home: core.home, vault: core.vault });
    await again.credentials.open();
    assert.deepEqual(
      again.trash.list().map((t) => t.name),
      ['Groq'],
    );
    await again.trash.restore('Groq');
    assert.equal((await core.credentials.readSecret('Groq')).secret, 'gsk_trash0000000000000000000000001');
  } finally {
    await core.cleanup();
  }
});

test('restoring a key whose name was reused meanwhile asks for a new name', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create({ name: 'Svc', kind: 'standard', provider: 'custom' }, 'svc-old-secret-0001');
    await core.trash.moveToTrash('Svc');
    await core.credentials.create({ name: 'Svc', kind: 'standard', provider: 'custom' }, 'svc-new-secret-0002');
    assert.equal(core.trash.list()[0]!.nameTaken, true);
    await assert.rejects(core.trash.restore('Svc'), (err: unknown) => {
      assert.ok(err instanceof KeydeckError);
      assert.equal(err.code, 'NAME_TAKEN');
      assert.equal(err.field, 'name');
      return true;
    });
    assert.equal(core.trash.list().length, 1, 'the trash is kept');
    await assert.rejects(core.trash.restore('Svc', { newName: 'Svc' }), code('DUPLICATE_NAME'));
    await assert.rejects(core.trash.restore('Svc', { newName: '   ' }), code('INVALID_NAME'));
    const back = await core.trash.restore('Svc', { newName: 'Svc (old)' });
    assert.equal(back.name, 'Svc (old)');
    assert.equal((await core.credentials.readSecret('Svc (old)')).secret, 'svc-old-secret-0001');
    assert.equal((await core.credentials.readSecret('Svc')).secret, 'svc-new-secret-0002');
    // The envelope learnt the new name: a rebuild from the keychain would restore it faithfully.
    const entries = await core.vault.entries();
    assert.ok(entries.some((e) => e.value.includes('"name":"Svc (old)"')));
  } finally {
    await core.cleanup();
  }
});

test('a BYOK slot taken meanwhile is refused on restore, and the trash kept', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create(
      { name: 'A', kind: 'byok', provider: 'openai' },
      'sk-proj-trashA000000000000000000001',
    );
    await core.trash.moveToTrash('A');
    await core.credentials.create(
      { name: 'B', kind: 'byok', provider: 'openai' },
      'sk-proj-trashB000000000000000000001',
    );
    await assert.rejects(core.trash.restore('A'), code('BYOK_PROVIDER_TAKEN'));
    assert.equal(core.trash.list().length, 1);
  } finally {
    await core.cleanup();
  }
});

test('emptying the trash deletes the keychain entries through tombstones', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create({ name: 'X', kind: 'byok', provider: 'xai' }, 'xai-trash-000000000001');
    await core.credentials.create(
      { name: 'Keep', kind: 'byok', provider: 'groq' },
      'gsk_keep00000000000000000000000001',
    );
    await core.credentials.rotate('X', 'xai-trash-000000000002');
    await core.trash.moveToTrash('X');
    assert.equal((await keychainAccounts(core)).length, 3);
    assert.equal(await core.trash.empty(), 1);
    assert.equal(core.trash.list().length, 0);
    assert.equal(core.catalog.read().tombstones.length, 0);
    assert.equal((await keychainAccounts(core)).length, 1, 'only the live key remains');
    await assert.rejects(core.trash.restore('X'), code('CREDENTIAL_NOT_FOUND'));
    assert.equal(await core.trash.empty(), 0, 'an empty trash empties to nothing');
  } finally {
    await core.cleanup();
  }
});

test('emptying while the keychain is locked: KEYCHAIN_UNAVAILABLE, and the trash is kept', async () => {
  let faulty!: FaultyVault;
  const core = makeTestCore({ wrap: (v) => (faulty = new FaultyVault(v)) });
  try {
    await core.credentials.create({ name: 'L', kind: 'byok', provider: 'mistral' }, 'mistral-trash-key-000000001');
    await core.trash.moveToTrash('L');
    faulty.failOn('get');
    faulty.failOn('delete');
    await assert.rejects(core.trash.empty(), code('KEYCHAIN_UNAVAILABLE'));
    assert.deepEqual(
      core.trash.list().map((t) => t.name),
      ['L'],
    );
    assert.equal(core.catalog.read().tombstones.length, 0);
    faulty.reset();
    await core.trash.restore('L');
    assert.equal((await core.credentials.readSecret('L')).secret, 'mistral-trash-key-000000001');
  } finally {
    await core.cleanup();
  }
});

test('entries past 30 days are emptied by purgeExpired; younger ones stay', async () => {
  let now = Date.parse('2026-12-01T00:00:00Z');
  const core = makeTestCore({ now: () => now });
  try {
    await core.credentials.create({ name: 'Old', kind: 'byok', provider: 'xai' }, 'xai-old-0000000000001');
    await core.trash.moveToTrash('Old');
    now += 10 * DAY;
    await core.credentials.create(
      { name: 'New', kind: 'byok', provider: 'groq' },
      'gsk_new000000000000000000000000001',
    );
    await core.trash.moveToTrash('New');
    now += 21 * DAY;
    assert.equal(await core.trash.purgeExpired(), 1);
    assert.deepEqual(
      core.trash.list().map((t) => t.name),
      ['New'],
    );
    assert.equal((await keychainAccounts(core)).length, 1);
  } finally {
    await core.cleanup();
  }
});

test('restore of a name not in the trash, and of a secret-looking argument, never echoes it', async () => {
  const core = makeTestCore();
  try {
    await assert.rejects(core.trash.restore('nothing'), code('CREDENTIAL_NOT_FOUND'));
    await assert.rejects(core.trash.restore('sk-proj-abcdefghijklmnopqrstuvwxyz012345'), (err: unknown) => {
      assert.ok(err instanceof KeydeckError);
      assert.ok(!err.message.includes('abcdefghij'), err.message);
      return true;
    });
  } finally {
    await core.cleanup();
  }
});
