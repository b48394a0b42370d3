import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Encrypter, armor, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { exportBackup, importBackup, inspectBackup, openBackup, parseIdentities } from '../../electron/core/backup.js';
import type { Vault } from '../../electron/core/vault.js';
import { keychainAccounts, makeTestCore, type TestCore } from '../harness/core.js';

const K1 = 'sk-live-backupONE0123456789abcdef';
const K2 = 'sk-live-backupTWO0123456789abcdef';
const G = 'gsk_groqKEY0123456789abcdefghijklmn';

/** Lower scrypt cost for speed in tests; the CLI uses age's default (2^18). */
const FAST = 10;

async function seeded(): Promise<TestCore> {
  const core = makeTestCore();
  await core.credentials.create({ name: 'openai', kind: 'byok', provider: 'openai' }, K1);
  await core.credentials.rotate('openai', K2);
  await core.workspaces.add('Work');
  await core.credentials.create({ name: 'groq', kind: 'byok', provider: 'groq', workspace: 'Work' }, G);
  return core;
}

async function snapshot(core: TestCore) {
  return { catalog: fs.readFileSync(core.catalog.path, 'utf8'), accounts: await keychainAccounts(core) };
}

test('export to an age recipient, import into an empty vault: everything comes back, then re-import skips', async () => {
  const src = await seeded();
  const dst = makeTestCore();
  try {
    const identity = await generateX25519Identity();
    const recipient = await identityToRecipient(identity);
    const exp = await exportBackup(src.catalog, src.credentials, { key: { recipients: [recipient] } });
    assert.equal(exp.credentials, 2);
    assert.equal(exp.versions, 3);
    assert.equal(exp.workspaces, 2);
    assert.equal(Buffer.from(exp.bytes.subarray(0, 22)).toString(), 'age-encryption.org/v1\n');
    for (const s of [K1, K2, G]) assert.ok(!Buffer.from(exp.bytes).includes(s), 'the file is encrypted');
    assert.deepEqual(inspectBackup(exp.bytes), { needs: 'identity', armored: false });

    const doc = await openBackup(exp.bytes, { identities: parseIdentities(`# key\n${identity}\n`) });
    const asked: string[] = [];
    const rep = await importBackup(dst.catalog, dst.vault, dst.credentials, doc, (c) => {
      asked.push(c.name);
      return true;
    });
    assert.deepEqual(rep.added.sort(), ['groq', 'openai']);
    assert.deepEqual(rep.workspacesAdded, ['Work']);
    assert.deepEqual(asked, []);
    const openai = dst.credentials.list({ allWorkspaces: true }).find((c) => c.name === 'openai')!;
    assert.equal(await dst.credentials.readVersion(openai, 1), K1);
    assert.equal(await dst.credentials.readVersion(openai, 2), K2);
    assert.equal((await dst.credentials.readSecret('groq', { workspace: 'Work' })).secret, G);
    // Personal exists in both (different ids): merged by name, not duplicated.
    assert.deepEqual(
      dst.workspaces
        .list()
        .workspaces.map((w) => w.name)
        .sort(),
      ['Personal', 'Work'],
    );

    const again = await importBackup(dst.catalog, dst.vault, dst.credentials, doc, () => true);
    assert.deepEqual(again.added, []);
    assert.deepEqual(
      again.skipped.map((s) => s.reason),
      ['unchanged', 'unchanged'],
    );
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test('import asks before overwriting a changed credential; "no" skips, "yes" updates', async () => {
  const src = await seeded();
  const dst = makeTestCore();
  try {
    const key = { passphrase: 'correct horse battery staple' };
    const first = await exportBackup(src.catalog, src.credentials, { key, scryptWorkFactor: FAST });
    await importBackup(dst.catalog, dst.vault, dst.credentials, await openBackup(first.bytes, key), () => true);
    await src.credentials.update('openai', { note: 'changed at the source' });
    await src.credentials.rotate('openai', 'sk-live-backupTHREE0123456789abcd');
    const second = await exportBackup(src.catalog, src.credentials, { key, scryptWorkFactor: FAST });
    const doc = await openBackup(second.bytes, key);

    const no = await importBackup(dst.catalog, dst.vault, dst.credentials, doc, () => false);
    assert.deepEqual(no.updated, []);
    assert.ok(no.skipped.some((s) => s.name === 'openai' && /not overwritten/.test(s.reason)));
    assert.equal(dst.credentials.get('openai').versions.length, 2);

    const asked: string[] = [];
    const yes = await importBackup(dst.catalog, dst.vault, dst.credentials, doc, (c) => {
      asked.push(`${c.workspace}/${c.name}`);
      return true;
    });
    assert.deepEqual(asked, ['Personal/openai']);
    assert.deepEqual(yes.updated, ['openai']);
    const c = dst.credentials.get('openai');
    assert.equal(c.note, 'changed at the source');
    assert.equal((await dst.credentials.readSecret('openai')).secret, 'sk-live-backupTHREE0123456789abcd');
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test('a workspace export holds only that workspace', async () => {
  const src = await seeded();
  try {
    const key = { passphrase: 'pw-for-work' };
    const exp = await exportBackup(src.catalog, src.credentials, { workspace: 'Work', key, scryptWorkFactor: FAST });
    const doc = await openBackup(exp.bytes, key);
    assert.deepEqual(
      doc.credentials.map((c) => c.name),
      ['groq'],
    );
    assert.deepEqual(
      doc.workspaces.map((w) => w.name),
      ['Work'],
    );
    assert.equal(doc.workspace, 'Work');
  } finally {
    await src.cleanup();
  }
});

test('wrong passphrase, truncated, tampered, newer format, non-age and armored files', async () => {
  const src = await seeded();
  try {
    const key = { passphrase: 'right' };
    const { bytes } = await exportBackup(src.catalog, src.credentials, { key, scryptWorkFactor: FAST });
    await assert.rejects(openBackup(bytes, { passphrase: 'wrong' }), { code: 'BACKUP_WRONG_KEY' });
    await assert.rejects(openBackup(bytes, { identities: [await generateX25519Identity()] }), {
      code: 'BACKUP_WRONG_KEY',
    });
    await assert.rejects(openBackup(bytes.subarray(0, bytes.length - 20), key), { code: 'BACKUP_CORRUPT' });
    await assert.rejects(openBackup(bytes.subarray(0, 40), key), { code: 'BACKUP_CORRUPT' });
    const tampered = Uint8Array.from(bytes);
    tampered[tampered.length - 30]! ^= 1;
    await assert.rejects(openBackup(tampered, key), { code: 'BACKUP_CORRUPT' });
    await assert.rejects(openBackup(Buffer.from('{"keydeck":"backup"}'), key), { code: 'BACKUP_NOT_AGE' });

    const e = new Encrypter();
    e.setPassphrase('p');
    e.setScryptWorkFactor(FAST);
    const newer = await e.encrypt(JSON.stringify({ keydeck: 'backup', format: 2, futureField: [] }));
    await assert.rejects(openBackup(newer, { passphrase: 'p' }), { code: 'BACKUP_NEWER_FORMAT' });
    const notOurs = await e.encrypt('hello');
    await assert.rejects(openBackup(notOurs, { passphrase: 'p' }), { code: 'BACKUP_INVALID' });

    const armored = Buffer.from(armor.encode(bytes));
    assert.equal(inspectBackup(armored).armored, true);
    assert.equal((await openBackup(armored, key)).credentials.length, 2);
  } finally {
    await src.cleanup();
  }
});

test('a keychain write that does not read back undoes the whole import: nothing changed', async () => {
  const src = await seeded();
  let writes = 0;
  const dst = makeTestCore({
    wrap: (real: Vault): Vault => ({
      service: real.service,
      backend: () => real.backend(),
      get: (a) => real.get(a),
      delete: (a) => real.delete(a),
      entries: () => real.entries(),
      // The third secret written is silently mangled by the "keychain".
      set: (a, v) => real.set(a, ++writes === 3 ? v + ' ' : v),
    }),
  });
  try {
    const key = { passphrase: 'pw' };
    const { bytes } = await exportBackup(src.catalog, src.credentials, { key, scryptWorkFactor: FAST });
    dst.credentials.list(); // create the empty catalog
    const before = await snapshot(dst);
    const doc = await openBackup(bytes, key);
    await assert.rejects(
      importBackup(dst.catalog, dst.vault, dst.credentials, doc, () => true),
      { code: 'KEYCHAIN_VERIFY_FAILED' },
    );
    assert.deepEqual(await snapshot(dst), before);
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});
