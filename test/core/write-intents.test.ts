/**
 * Write intents (issue 15 §6): an operation's process dies between its keychain write and its catalog
 * commit; the next start (CredentialService.open, what every command and the app run first) finishes
 * or undoes it without a manual reconcile. Each case stages the state a kill leaves, with the intent's
 * writer a process that has exited.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createCore } from '../../electron/core/index.js';
import { KeyringVault } from '../../electron/core/vault.js';
import { fingerprint, displayPrefix } from '../../electron/core/display.js';
import { accountFor, sealEnvelope } from '../../electron/core/envelope.js';
import { IntentStore, type IntentDraft } from '../../electron/core/intents.js';
import type { Credential } from '../../shared/domain.js';
import { requireTestKeyring, tempHome, uniqueService } from '../harness/core.js';

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

function setup(t: import('node:test').TestContext) {
  requireTestKeyring();
  const home = tempHome();
  const vault = new KeyringVault(uniqueService());
  const core = createCore({ home, vault });
  const intents = new IntentStore(home);
  t.after(async () => {
    for (const e of await vault.entries()) await vault.delete(e.account);
    fs.rmSync(home, { recursive: true, force: true });
  });
  /** Records an intent as a process that then died. */
  const recordDead = async (draft: IntentDraft): Promise<string> => {
    const id = await intents.record(draft);
    const file = path.join(intents.dir, `${id}.json`);
    const intent = JSON.parse(fs.readFileSync(file, 'utf8')) as { owner: { pid: number; start?: string } };
    intent.owner = { ...intent.owner, pid: deadPid() };
    delete intent.owner.start;
    fs.writeFileSync(file, JSON.stringify(intent));
    return id;
  };
  const accounts = async () => (await vault.entries()).map((e) => e.account).sort();
  return { home, vault, core, intents, recordDead, accounts };
}

/** The record `add` would have committed for `name` with `secret`. */
async function draftCredential(core: ReturnType<typeof createCore>, name: string, secret: string): Promise<Credential> {
  // Made by a real add, then taken out of the catalog, so it is exactly what add builds.
  const { credential } = await core.credentials.create({ name, kind: 'standard', provider: 'custom' }, secret);
  return credential;
}

test('an add killed after its keychain write is finished by the next start', async (t) => {
  const { core, vault, intents, recordDead, accounts } = setup(t);
  const secret = 'kd-intent-finish-abcdefghijklmnop';
  const cred = await draftCredential(core, 'Half', secret);
  await core.credentials.delete(cred.id);
  const account = accountFor(cred.kind, cred.id, 1);
  await recordDead({ op: 'add', credential: cred, writes: [{ account, fingerprint: fingerprint(secret) }] });
  await vault.set(account, sealEnvelope(cred, 'Personal', 1, secret));

  const notices = await core.credentials.open();
  assert.ok(
    notices.some((n) => n.code === 'INTERRUPTED_WRITE_FINISHED'),
    JSON.stringify(notices),
  );
  assert.equal(core.credentials.get('Half').fingerprint, fingerprint(secret));
  assert.equal((await core.credentials.readSecret('Half')).secret, secret);
  assert.deepEqual(await accounts(), [account]);
  assert.deepEqual(intents.abandoned(), []);
  assert.deepEqual(fs.readdirSync(intents.dir), []);
});

test('an add killed before its keychain write (or whose name was taken meanwhile) is undone', async (t) => {
  const { core, vault, recordDead, accounts } = setup(t);
  const a = await draftCredential(core, 'Never', 'kd-intent-never-abcdefghijklmnop');
  await core.credentials.delete(a.id);
  await recordDead({
    op: 'add',
    credential: a,
    writes: [{ account: accountFor('standard', a.id, 1), fingerprint: a.fingerprint }],
  });

  // Written, but by now another credential has the name: the rules refuse it, so it is undone.
  const b = await draftCredential(core, 'Taken', 'kd-intent-taken-abcdefghijklmnop');
  await core.credentials.delete(b.id);
  await core.credentials.create(
    { name: 'Taken', kind: 'standard', provider: 'custom' },
    'kd-intent-other-abcdefghijklmnop',
  );
  const bAccount = accountFor('standard', b.id, 1);
  await recordDead({ op: 'add', credential: b, writes: [{ account: bAccount, fingerprint: b.fingerprint }] });
  await vault.set(bAccount, sealEnvelope(b, 'Personal', 1, 'kd-intent-taken-abcdefghijklmnop'));

  const notices = await core.credentials.open();
  assert.equal(notices.filter((n) => n.code === 'INTERRUPTED_WRITE_UNDONE').length, 2, JSON.stringify(notices));
  assert.deepEqual(
    core.credentials.list().map((c) => c.name),
    ['Taken'],
  );
  assert.equal(core.credentials.get('Taken').fingerprint, fingerprint('kd-intent-other-abcdefghijklmnop'));
  assert.equal((await accounts()).length, 1);
});

test('a rotation killed after its keychain write is finished as the active version, the old one retiring', async (t) => {
  const { core, vault, recordDead } = setup(t);
  const { credential: cred } = await core.credentials.create(
    { name: 'Rot', kind: 'standard', provider: 'custom' },
    'kd-intent-rot-v1-abcdefghijklmnop',
  );
  const next = 'kd-intent-rot-v2-abcdefghijklmnop';
  const account = accountFor(cred.kind, cred.id, 2);
  await recordDead({
    op: 'rotate',
    credentialId: cred.id,
    next: { version: 2, displayPrefix: displayPrefix(next), fingerprint: fingerprint(next) },
    writes: [{ account, fingerprint: fingerprint(next) }],
  });
  await vault.set(account, sealEnvelope(cred, 'Personal', 2, next));

  await core.credentials.open();
  const after = core.credentials.get('Rot');
  assert.deepEqual(
    after.versions.map((v) => [v.version, v.status]),
    [
      [1, 'retiring'],
      [2, 'active'],
    ],
  );
  assert.equal((await core.credentials.readSecret('Rot')).secret, next);
});

test('a rotation killed mid-write (the entry holds another secret) is undone; the active key is untouched', async (t) => {
  const { core, vault, recordDead, accounts } = setup(t);
  const { credential: cred } = await core.credentials.create(
    { name: 'Torn', kind: 'standard', provider: 'custom' },
    'kd-intent-torn-v1-abcdefghijklmnop',
  );
  const account = accountFor(cred.kind, cred.id, 2);
  await recordDead({
    op: 'rotate',
    credentialId: cred.id,
    next: { version: 2, displayPrefix: 'x', fingerprint: fingerprint('what it meant to write') },
    writes: [{ account, fingerprint: fingerprint('what it meant to write') }],
  });
  await vault.set(account, sealEnvelope(cred, 'Personal', 2, 'kd-something-else-abcdefghijklmnop'));
  await core.credentials.open();
  assert.deepEqual(
    core.credentials.get('Torn').versions.map((v) => v.version),
    [1],
  );
  assert.deepEqual(await accounts(), [accountFor(cred.kind, cred.id, 1)]);
});

test("an import's unreferenced writes are deleted; a committed operation's intent just goes; a live writer's stays", async (t) => {
  const { core, vault, intents, recordDead, accounts } = setup(t);
  const { credential: kept } = await core.credentials.create(
    { name: 'Kept', kind: 'standard', provider: 'custom' },
    'kd-intent-kept-abcdefghijklmnop',
  );
  const keptAccount = accountFor('standard', kept.id, 1);
  const stray = accountFor('standard', '11111111-2222-4333-8444-555555555555', 3);
  await vault.set(stray, sealEnvelope({ ...kept, id: '11111111-2222-4333-8444-555555555555' }, 'Personal', 3, 'kd-x'));
  await recordDead({
    op: 'import',
    writes: [
      { account: keptAccount, fingerprint: kept.fingerprint },
      { account: stray, fingerprint: fingerprint('kd-x') },
    ],
  });
  // A live writer (this process) mid-operation: its intent and its entry are left alone.
  const liveAccount = accountFor('standard', '99999999-2222-4333-8444-555555555555', 1);
  const live = await intents.record({
    op: 'import',
    writes: [{ account: liveAccount, fingerprint: fingerprint('kd-live') }],
  });
  await vault.set(liveAccount, 'kd-live-entry');
  // A temp file of a writer killed while recording.
  fs.writeFileSync(path.join(intents.dir, `${live}.json.tmp-${deadPid()}-abcdef`), '{');

  await core.credentials.open();
  assert.deepEqual(await accounts(), [keptAccount, liveAccount].sort());
  assert.deepEqual(fs.readdirSync(intents.dir), [`${live}.json`]);
  intents.done(live);
});
