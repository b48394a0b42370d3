import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { Encrypter, armor, generateX25519Identity, identityToRecipient } from 'age-encryption';
import {
  exportBackup,
  importBackup,
  inspectBackup,
  openBackup,
  parseIdentities,
  type BackupDocument,
  type OverwriteQuestion,
} from '../../electron/core/backup/index.js';
import { JwtService } from '../../electron/core/jwt/service.js';
import type { Vault } from '../../electron/core/vault.js';
import { keychainAccounts, makeTestCore, type TestCore } from '../harness/core.js';

const K1 = 'sk-live-backupONE0123456789abcdef';
const K2 = 'sk-live-backupTWO0123456789abcdef';
const G = 'gsk_groqKEY0123456789abcdefghijklmn';

/** Lower scrypt cost for speed in tests; the CLI uses age's default (2^18). */
const FAST = 10;

/** These tests confirm the backup's signing keys (the CLI's --accept-signing-keys). */
function imp(core: TestCore, doc: BackupDocument, overwrite: OverwriteQuestion) {
  return importBackup(core, doc, { overwrite, acceptSigningKeys: true });
}

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
    const exp = await exportBackup(src, { key: { recipients: [recipient] } });
    assert.equal(exp.credentials, 2);
    assert.equal(exp.versions, 3);
    assert.equal(exp.workspaces, 2);
    assert.equal(Buffer.from(exp.bytes.subarray(0, 22)).toString(), 'age-encryption.org/v1\n');
    for (const s of [K1, K2, G]) assert.ok(!Buffer.from(exp.bytes).includes(s), 'the file is encrypted');
    assert.deepEqual(inspectBackup(exp.bytes), { needs: 'identity', armored: false });

    const doc = await openBackup(exp.bytes, { identities: parseIdentities(`# key\n${identity}\n`) });
    const asked: string[] = [];
    const rep = await imp(dst, doc, (c) => {
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

    const again = await imp(dst, doc, () => true);
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
    const first = await exportBackup(src, { key, scryptWorkFactor: FAST });
    await imp(dst, await openBackup(first.bytes, key), () => true);
    await src.credentials.update('openai', { note: 'changed at the source' });
    await src.credentials.rotate('openai', 'sk-live-backupTHREE0123456789abcd');
    const second = await exportBackup(src, { key, scryptWorkFactor: FAST });
    const doc = await openBackup(second.bytes, key);

    const no = await imp(dst, doc, () => false);
    assert.deepEqual(no.updated, []);
    assert.ok(no.skipped.some((s) => s.name === 'openai' && /not overwritten/.test(s.reason)));
    assert.equal(dst.credentials.get('openai').versions.length, 2);

    const asked: string[] = [];
    const yes = await imp(dst, doc, (c) => {
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
    const exp = await exportBackup(src, { workspace: 'Work', key, scryptWorkFactor: FAST });
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
    const { bytes } = await exportBackup(src, { key, scryptWorkFactor: FAST });
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
    const { bytes } = await exportBackup(src, { key, scryptWorkFactor: FAST });
    dst.credentials.list(); // create the empty catalog
    const before = await snapshot(dst);
    const doc = await openBackup(bytes, key);
    await assert.rejects(
      imp(dst, doc, () => true),
      { code: 'KEYCHAIN_VERIFY_FAILED' },
    );
    assert.deepEqual(await snapshot(dst), before);
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

// ---- JWT signing keys and revocations ----

/** A realtime key with tokens minted under every kind of signing key, and one revoked API key. */
async function withSigningKeys(core: TestCore) {
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey0001:supersecretvalue-0001');
  const jwt = new JwtService(core);
  const es = await jwt.mint({ key: 'rt', alg: 'ES256', ttl: '1h' });
  const ed = await jwt.mint({ key: 'rt', alg: 'EdDSA', ttl: '1h' });
  const hs = await jwt.mint({ key: 'rt', alg: 'HS256', ttl: '1h' });
  const revoked = await jwt.issueApiKey('user-1');
  const kept = await jwt.issueApiKey('user-2');
  await jwt.revoke(revoked.jti, { reason: 'leaked' });
  for (const t of [es, ed, hs]) assert.equal((await jwt.verify(t.token)).ok, true);
  return { jwt, es, ed, hs, revoked, kept };
}

/** Deletes every keychain entry and the catalog: the machine is empty again. */
async function wipe(core: TestCore): Promise<void> {
  for (const e of await core.vault.entries()) await core.vault.delete(e.account);
  for (const f of fs.readdirSync(core.home)) fs.rmSync(path.join(core.home, f), { recursive: true, force: true });
}

async function reencrypt(doc: unknown, passphrase: string): Promise<Uint8Array> {
  const e = new Encrypter();
  e.setPassphrase(passphrase);
  e.setScryptWorkFactor(FAST);
  return e.encrypt(JSON.stringify(doc));
}

test('signing keys and revocations: export, wipe, import; tokens minted before still verify', async () => {
  const src = makeTestCore();
  let fresh: TestCore | undefined;
  try {
    const t = await withSigningKeys(src);
    const keys = t.jwt.signingKeys();
    const generated = keys.filter((k) => k.source === 'generated').map((k) => k.kid);
    assert.equal(keys.length, 4, 'ES256, EdDSA and HS256 generated, plus the credential HS256 key');
    assert.equal(generated.length, 3);

    const key = { passphrase: 'pw-signing' };
    const exp = await exportBackup(src, { key, scryptWorkFactor: FAST });
    assert.equal(exp.signingKeys, 4);
    assert.equal(exp.revocations, 1);
    assert.deepEqual(exp.missingSigningKeys, []);
    const doc = await openBackup(exp.bytes, key);
    assert.deepEqual(doc.signingSecrets.map((s) => s.kid).sort(), [...generated].sort());
    // The credential's HS256 key travels as metadata only: its secret is the credential's own.
    const credKid = keys.find((k) => k.source === 'credential')!.kid;
    assert.equal(t.hs.kid, credKid);
    assert.ok(!doc.signingSecrets.some((s) => s.kid === credKid));
    assert.ok(doc.signingKeys.some((k) => k.kid === credKid && k.source === 'credential'));

    await wipe(src);
    fresh = makeTestCore({ home: src.home, service: src.vault.service });
    assert.deepEqual(await keychainAccounts(fresh), []);
    fresh.credentials.list(); // a new empty catalog, with a "Personal" of another id
    const before = new JwtService(fresh);
    const lost = await before.verify(t.es.token);
    assert.equal(lost.ok, false, 'nothing verifies on the wiped machine');

    const rep = await imp(fresh, doc, () => true);
    assert.deepEqual(rep.added, ['rt']);
    assert.deepEqual(rep.signingKeysAdded.sort(), keys.map((k) => k.kid).sort());
    assert.deepEqual(rep.signingKeysSkipped, []);
    assert.equal(rep.revocationsAdded, 1);
    const accounts = await keychainAccounts(fresh);
    for (const kid of generated) assert.ok(accounts.includes(`signing/${kid}`), kid);
    assert.ok(!accounts.includes(`signing/${credKid}`));

    const after = new JwtService(fresh);
    const ws = after.workspaceId();
    assert.ok(
      after.signingKeys().every((k) => k.workspaceId === ws),
      'keys moved to the merged workspace',
    );
    for (const [name, m] of [
      ['ES256', t.es],
      ['EdDSA', t.ed],
      ['HS256 (credential)', t.hs],
    ] as const) {
      const r = await after.verify(m.token);
      assert.equal(r.ok, true, `${name}: ${r.ok ? '' : r.message}`);
    }
    assert.equal((await after.verifyApiKey(t.kept.key)).ok, true);
    const rv = await after.verifyApiKey(t.revoked.key);
    assert.equal(!rv.ok && rv.reason, 'revoked', 'the revocation survived');
    assert.equal(after.revocations()[0]!.reason, 'leaked');
    // The restored key is the workspace's key again: minting reuses it.
    assert.equal((await after.mint({ key: 'rt', alg: 'ES256' })).kid, t.es.kid);

    // Again: nothing new, nothing written.
    const again = await imp(fresh, doc, () => true);
    assert.deepEqual(again.signingKeysAdded, []);
    assert.deepEqual(again.signingKeysUnchanged.sort(), keys.map((k) => k.kid).sort());
    assert.deepEqual(again.signingKeysSkipped, []);
    assert.equal(again.revocationsAdded, 0);
    assert.equal(after.revocations().length, 1);
    assert.equal(after.signingKeys().length, 4);
  } finally {
    await src.cleanup();
    await fresh?.cleanup();
  }
});

test('exports carry the signing keys’ private halves; a workspace export keeps its own keys', async () => {
  const src = makeTestCore();
  try {
    const t = await withSigningKeys(src);
    await src.workspaces.add('Work');
    await src.credentials.create({ name: 'rt-work', kind: 'realtime', workspace: 'Work' }, 'rtkey0002:other-0002');
    const work = await t.jwt.mint({ key: 'rt-work', workspace: 'Work', alg: 'ES256' });
    const key = { passphrase: 'pw' };
    const all = await openBackup((await exportBackup(src, { key, scryptWorkFactor: FAST })).bytes, key);
    assert.equal(all.signingSecrets.length, 4);
    const only = await openBackup(
      (await exportBackup(src, { key, workspace: 'Work', scryptWorkFactor: FAST })).bytes,
      key,
    );
    assert.deepEqual(
      only.signingKeys.map((k) => k.kid),
      [work.kid],
    );
    assert.deepEqual(only.revocations, [], "Personal's revocation stays out of a Work export");
  } finally {
    await src.cleanup();
  }
});

test('signing key conflicts: other material under a known kid is reported and kept; bad halves are refused', async () => {
  const src = makeTestCore();
  const dst = makeTestCore();
  try {
    const t = await withSigningKeys(src);
    const key = { passphrase: 'pw' };
    const doc = await openBackup((await exportBackup(src, { key, scryptWorkFactor: FAST })).bytes, key);
    await imp(dst, doc, () => true);
    const hsKid = t.jwt.signingKeys().find((k) => k.alg === 'HS256' && k.source === 'generated')!.kid;
    const before = await dst.vault.get(`signing/${hsKid}`);
    const catalogBefore = JSON.stringify(dst.catalog.read().signingKeys);

    // Same kids, other material: an HS256 secret and an ES256 pair that are not the ones here.
    const other = structuredClone(doc);
    other.signingSecrets.find((s) => s.kid === hsKid)!.jwk.k = randomBytes(32).toString('base64url');
    const pair = await generateKeyPair('ES256', { extractable: true });
    other.signingKeys.find((k) => k.kid === t.es.kid)!.publicJwk = { ...(await exportJWK(pair.publicKey)) };
    other.signingSecrets.find((s) => s.kid === t.es.kid)!.jwk = { ...(await exportJWK(pair.privateKey)) };
    const rep = await imp(dst, other, () => true);
    assert.deepEqual(rep.signingKeysAdded, []);
    assert.deepEqual(rep.signingKeysSkipped.map((s) => s.kid).sort(), [hsKid, t.es.kid].sort());
    for (const s of rep.signingKeysSkipped) assert.match(s.reason, /other material exists here; kept/);
    assert.equal(await dst.vault.get(`signing/${hsKid}`), before, 'never overwritten');
    assert.equal(JSON.stringify(dst.catalog.read().signingKeys), catalogBefore);
    const jwt = new JwtService(dst);
    assert.equal((await jwt.verifyApiKey(t.kept.key)).ok, true);
    assert.equal((await jwt.verify(t.es.token)).ok, true);

    // Into an empty vault: a private half that does not match its public key, one that is missing, and
    // an HS256 secret too short are refused; the rest comes in.
    const fresh = makeTestCore();
    try {
      const bad = structuredClone(doc);
      bad.signingSecrets.find((s) => s.kid === t.es.kid)!.jwk = { ...(await exportJWK(pair.privateKey)) };
      bad.signingSecrets = bad.signingSecrets.filter((s) => s.kid !== t.ed.kid);
      bad.signingSecrets.find((s) => s.kid === hsKid)!.jwk.k = 'c2hvcnQ';
      const r = await imp(fresh, bad, () => true);
      assert.deepEqual(Object.fromEntries(r.signingKeysSkipped.map((s) => [s.kid, s.reason])), {
        [t.es.kid]: 'its private key does not match its public key',
        [t.ed.kid]: 'the backup holds no private half for it',
        [hsKid]: 'its HS256 secret is missing or too short',
      });
      assert.deepEqual(r.signingKeysAdded, [t.hs.kid]);
      assert.deepEqual(
        (await keychainAccounts(fresh)).filter((a) => a.startsWith('signing/')),
        [],
      );
      assert.equal((await new JwtService(fresh).verify(t.hs.token)).ok, true);
    } finally {
      await fresh.cleanup();
    }
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test('a signing key whose private half the keychain lost is exported without it; importing puts a lost half back', async () => {
  const src = makeTestCore();
  try {
    const t = await withSigningKeys(src);
    const key = { passphrase: 'pw' };
    const full = await openBackup((await exportBackup(src, { key, scryptWorkFactor: FAST })).bytes, key);
    await src.vault.delete(`signing/${t.es.kid}`);
    const part = await exportBackup(src, { key, scryptWorkFactor: FAST });
    assert.deepEqual(part.missingSigningKeys, [t.es.kid]);
    // The older, full backup restores the lost half under the kid the catalog still knows.
    const rep = await imp(src, full, () => true);
    assert.deepEqual(rep.signingKeysAdded, [t.es.kid]);
    assert.ok(await src.vault.get(`signing/${t.es.kid}`));
    assert.equal((await new JwtService(src).verify(t.es.token)).ok, true);
    assert.equal((await new JwtService(src).mint({ key: 'rt', kid: t.es.kid })).kid, t.es.kid);
  } finally {
    await src.cleanup();
  }
});

test('a backup in the older format (no signing keys, no revocations) still imports', async () => {
  const src = await seeded();
  const dst = makeTestCore();
  try {
    const key = { passphrase: 'old' };
    const doc = await openBackup((await exportBackup(src, { key, scryptWorkFactor: FAST })).bytes, key);
    const { signingKeys: _k, signingSecrets: _s, revocations: _r, ...old } = doc;
    const text = JSON.stringify(old);
    assert.ok(!/signing|revocations/.test(text));
    assert.equal(old.format, 1);
    const reopened = await openBackup(await reencrypt(old, 'old'), { passphrase: 'old' });
    assert.deepEqual(reopened.signingKeys, []);
    assert.deepEqual(reopened.revocations, []);
    const rep = await imp(dst, reopened, () => true);
    assert.deepEqual(rep.added.sort(), ['groq', 'openai']);
    assert.deepEqual(rep.signingKeysAdded, []);
    assert.equal(rep.revocationsAdded, 0);
    assert.equal((await dst.credentials.readSecret('openai')).secret, K2);
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test('a signing key write that does not read back undoes the whole import', async () => {
  const src = makeTestCore();
  const dst = makeTestCore({
    wrap: (real: Vault): Vault => ({
      service: real.service,
      backend: () => real.backend(),
      get: (a) => real.get(a),
      delete: (a) => real.delete(a),
      entries: () => real.entries(),
      set: (a, v) => real.set(a, a.startsWith('signing/es256') ? v + ' ' : v),
    }),
  });
  try {
    await withSigningKeys(src);
    const key = { passphrase: 'pw' };
    const doc = await openBackup((await exportBackup(src, { key, scryptWorkFactor: FAST })).bytes, key);
    dst.credentials.list();
    const before = await snapshot(dst);
    await assert.rejects(
      imp(dst, doc, () => true),
      {
        code: 'KEYCHAIN_VERIFY_FAILED',
      },
    );
    assert.deepEqual(await snapshot(dst), before);
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});
