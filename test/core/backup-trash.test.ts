/**
 * The trash travels with backups (issue 11 §3): an export carries the trashed keys with their secrets,
 * an import puts them in the trash there (deleted and purge dates kept), and a restore brings back the
 * very secret. Through the real `age` CLI too: it opens our file, and a file it encrypts imports here.
 * An import never lets a trashed key overwrite one known here, live or trashed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import {
  exportBackup,
  importBackup,
  openBackup,
  parseIdentities,
  type BackupDocument,
} from '../../electron/core/backup/index.js';
import { keychainAccounts, makeTestCore, type TestCore } from '../harness/core.js';
import { skipUnless } from '../harness/tools.js';

const LIVE = 'sk-proj-liveKEY0123456789abcdef';
const GONE = 'gsk_trashedKEY0123456789abcdefghij';
const hasAge = spawnSync('age', ['--version']).status === 0;

async function withTrash(): Promise<TestCore> {
  const core = makeTestCore();
  await core.credentials.create({ name: 'openai', kind: 'byok', provider: 'openai' }, LIVE);
  await core.credentials.create({ name: 'old groq', kind: 'byok', provider: 'groq', tags: ['legacy'] }, GONE);
  await core.trash.moveToTrash('old groq');
  return core;
}

const noOverwrite = () => false;

test('export carries the trash with its secret; import puts it in the trash; restore brings the secret back', async () => {
  const src = await withTrash();
  const dst = makeTestCore();
  try {
    const identity = await generateX25519Identity();
    const exp = await exportBackup(src, { key: { recipients: [await identityToRecipient(identity)] } });
    assert.equal(exp.credentials, 1);
    assert.equal(exp.versions, 1, 'live versions only in this count');
    assert.equal(exp.trashed, 1);
    const doc = await openBackup(exp.bytes, { identities: [identity] });
    const [srcTrash] = src.trash.list();

    const rep = await importBackup(dst, doc, { overwrite: noOverwrite });
    assert.deepEqual(rep.added, ['openai']);
    assert.deepEqual(rep.trashAdded, ['old groq']);
    assert.deepEqual(
      dst.credentials.list().map((c) => c.name),
      ['openai'],
      'a trashed key stays out of the list',
    );
    const [t] = dst.trash.list();
    assert.deepEqual([t!.name, t!.deletedAt, t!.purgeAt], ['old groq', srcTrash!.deletedAt, srcTrash!.purgeAt]);
    assert.equal((await keychainAccounts(dst)).length, 2, 'its secret is in the keychain, as a trashed key’s is');

    // Importing again changes nothing: the trashed key is known here now.
    const again = await importBackup(dst, doc, { overwrite: noOverwrite });
    assert.deepEqual(again.trashAdded, []);
    assert.equal(dst.trash.list().length, 1);

    const back = await dst.trash.restore('old groq');
    assert.deepEqual(back.tags, ['legacy']);
    assert.equal((await dst.credentials.readSecret('old groq')).secret, GONE);
    // Once restored, a backup's trashed copy never overwrites the live key.
    const third = await importBackup(dst, doc, { overwrite: noOverwrite });
    assert.deepEqual(third.trashAdded, []);
    assert.equal(dst.trash.list().length, 0);
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test('a trashed key whose secret was altered in the backup is skipped, with why; the rest imports', async () => {
  const src = await withTrash();
  const dst = makeTestCore();
  try {
    const identity = await generateX25519Identity();
    const exp = await exportBackup(src, { key: { recipients: [await identityToRecipient(identity)] } });
    const doc = await openBackup(exp.bytes, { identities: [identity] });
    const trashedId = doc.trash![0]!.credential.id;
    const tampered: BackupDocument = {
      ...doc,
      secrets: doc.secrets.map((s) =>
        s.credentialId === trashedId ? { ...s, secret: 'gsk_other0123456789abcdef' } : s,
      ),
    };
    const rep = await importBackup(dst, tampered, { overwrite: noOverwrite });
    assert.deepEqual(rep.added, ['openai']);
    assert.deepEqual(rep.trashAdded, []);
    assert.equal(rep.skipped[0]?.code, 'FINGERPRINT_MISMATCH');
    assert.match(rep.skipped[0]!.reason, /in the trash/);
    assert.equal(dst.trash.list().length, 0);
    assert.equal((await keychainAccounts(dst)).length, 1, 'no secret written for the skipped key');
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test('a backup without a trash (older files, team documents) imports as before', async () => {
  const src = await withTrash();
  const dst = makeTestCore();
  try {
    const identity = await generateX25519Identity();
    const exp = await exportBackup(src, { key: { recipients: [await identityToRecipient(identity)] } });
    const { trash: _dropped, ...older } = await openBackup(exp.bytes, { identities: [identity] });
    const rep = await importBackup(dst, older, { overwrite: noOverwrite });
    assert.deepEqual([rep.added, rep.trashAdded], [['openai'], []]);
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test(
  'round trip through the real age CLI: `age -d` shows the trash and its secret; an `age -r` file restores it',
  { skip: skipUnless(hasAge, 'the age CLI (apt-get install age)') },
  async () => {
    const src = await withTrash();
    const dst = makeTestCore();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-age-trash-'));
    try {
      const identity = await generateX25519Identity();
      const recipient = await identityToRecipient(identity);
      fs.writeFileSync(path.join(dir, 'key.txt'), `${identity}\n`, { mode: 0o600 });
      const exp = await exportBackup(src, { key: { recipients: [recipient] } });
      fs.writeFileSync(path.join(dir, 'ours.age'), exp.bytes);
      const plain = execFileSync('age', ['-d', '-i', 'key.txt', 'ours.age'], { cwd: dir, encoding: 'utf8' });
      const doc = JSON.parse(plain) as BackupDocument;
      const trashed = doc.trash![0]!.credential;
      assert.equal(trashed.name, 'old groq');
      assert.equal(doc.secrets.find((s) => s.credentialId === trashed.id)?.secret, GONE);

      fs.writeFileSync(path.join(dir, 'plain.json'), plain, { mode: 0o600 });
      execFileSync('age', ['-r', recipient, '-o', 'theirs.age', 'plain.json'], { cwd: dir });
      const theirs = await openBackup(fs.readFileSync(path.join(dir, 'theirs.age')), {
        identities: parseIdentities(fs.readFileSync(path.join(dir, 'key.txt'), 'utf8')),
      });
      const rep = await importBackup(dst, theirs, { overwrite: noOverwrite });
      assert.deepEqual(rep.trashAdded, ['old groq']);
      await dst.trash.restore('old groq');
      assert.equal((await dst.credentials.readSecret('old groq')).secret, GONE);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await src.cleanup();
      await dst.cleanup();
    }
  },
);
