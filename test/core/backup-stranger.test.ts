/**
 * Import is a request from a stranger (issue 15 §8, §4): each item of a backup passes the rules `add`
 * and `update` apply, or is skipped with its reason while the rest imports. One test per bad item.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { WRITE_PERMISSIONS, type Credential } from '../../shared/domain.js';
import { fingerprint } from '../../electron/core/display.js';
import {
  exportBackup,
  importBackup,
  openBackup,
  type BackupDocument,
  type ImportReport,
} from '../../electron/core/backup/index.js';
import { JwtService } from '../../electron/core/jwt/service.js';
import { keychainAccounts, makeTestCore, type TestCore } from '../harness/core.js';

const GOOD = 'tok_goodSECRET0123456789abcdef';

/** A backup of one good custom credential, opened (X25519: no scrypt cost). */
async function backupOf(src: TestCore): Promise<BackupDocument> {
  const identity = await generateX25519Identity();
  const exp = await exportBackup(src, { key: { recipients: [await identityToRecipient(identity)] } });
  return openBackup(exp.bytes, { identities: [identity] });
}

async function goodSource(): Promise<TestCore> {
  const src = makeTestCore();
  await src.credentials.create({ name: 'good', kind: 'standard', provider: 'custom' }, GOOD);
  return src;
}

/** Adds a copy of the backup's first credential under a new id, changed by `change`. */
function craft(
  doc: BackupDocument,
  change: (c: Credential, setSecret: (s: string, opts?: { keepFingerprint?: boolean }) => void) => void,
): Credential {
  const c: Credential = structuredClone(doc.credentials[0]!);
  const original = doc.secrets.find((s) => s.credentialId === c.id && s.version === 1)!.secret;
  c.id = randomUUID();
  c.name = 'bad';
  const secret = { credentialId: c.id, version: 1, secret: original };
  const setSecret = (s: string, opts: { keepFingerprint?: boolean } = {}) => {
    secret.secret = s;
    if (!opts.keepFingerprint) c.versions[0]!.fingerprint = c.fingerprint = fingerprint(s);
  };
  change(c, setSecret);
  doc.credentials.push(c);
  doc.secrets.push(secret);
  return c;
}

/** Imports into an empty core; checks the bad item was refused with `code` and the good one came in. */
async function expectRefused(
  change: Parameters<typeof craft>[1],
  code: string,
  check?: (r: ImportReport) => void,
): Promise<void> {
  const src = await goodSource();
  const dst = makeTestCore();
  try {
    const doc = await backupOf(src);
    const bad = craft(doc, change);
    const r = await importBackup(dst, doc, { overwrite: () => true });
    assert.deepEqual(r.added, ['good']);
    assert.equal(r.skipped.length, 1, JSON.stringify(r.skipped));
    assert.equal(r.skipped[0]!.code, code, r.skipped[0]!.reason);
    assert.ok(!dst.catalog.read().credentials.some((c) => c.id === bad.id), 'not in the catalog');
    assert.ok(!(await keychainAccounts(dst)).some((a) => a.includes(bad.id)), 'nothing in the keychain');
    check?.(r);
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
}

test('a name with an ESC/OSC sequence is refused, and reported escaped', () =>
  expectRefused(
    (c) => (c.name = '\u001b]0;pwned\u0007bad'),
    'INVALID_NAME',
    (r) => {
      assert.ok(!/[\u0000-\u001f]/.test(r.skipped[0]!.name), 'the report holds no raw control character');
      assert.match(r.skipped[0]!.name, /\\u\{1b\}\]0;pwned\\u\{7\}bad/);
    },
  ));

test('a name with a bidi override is refused', () =>
  expectRefused((c) => (c.name = 'bad\u202etxt.exe'), 'INVALID_NAME'));

test('a name with NUL or a newline is refused', () =>
  expectRefused((c) => (c.name = 'bad\u0000\nname'), 'INVALID_NAME'));

test('a C1 control character in a name is refused', () =>
  expectRefused((c) => (c.name = 'bad\u009bname'), 'INVALID_NAME'));

test('a base URL with user:password@ is refused', () =>
  expectRefused((c) => (c.baseUrl = 'https://user:password@api.example.com'), 'INVALID_URL'));

test('javascript: as an allowed origin is refused', () =>
  expectRefused((c) => (c.allowedOrigins = ['javascript:alert(1)']), 'INVALID_ORIGIN'));

test('a kind the provider cannot have is refused', () => expectRefused((c) => (c.kind = 'byok'), 'INVALID_INPUT'));

test('write permissions on a key that cannot hold them are refused', () =>
  expectRefused((c) => (c.writePermissions = [WRITE_PERMISSIONS[0]]), 'INVALID_INPUT'));

test('a secret over 16 KiB is refused', () =>
  expectRefused((_c, setSecret) => setSecret(`tok_${'x'.repeat(1024 * 1024)}`), 'SECRET_TOO_LARGE'));

test('a secret holding a newline (header injection) is refused', () =>
  expectRefused((_c, setSecret) => setSecret('sk-line1\nX-Injected: yes'), 'INVALID_SECRET'));

test('a secret whose fingerprint does not match its metadata is refused, not "added"', () =>
  expectRefused(
    (_c, setSecret) => setSecret('tok_otherSECRET0123456789abcdef', { keepFingerprint: true }),
    'FINGERPRINT_MISMATCH',
  ));

test('a workspace whose name holds control characters brings none of its credentials', async () => {
  const src = await goodSource();
  const dst = makeTestCore();
  try {
    const doc = await backupOf(src);
    doc.workspaces.push({ id: 'ws-evil', name: 'Evil\u001b[2J', createdAt: new Date().toISOString() });
    craft(doc, (c) => (c.workspaceId = 'ws-evil'));
    const r = await importBackup(dst, doc, { overwrite: () => true });
    assert.deepEqual(r.added, ['good']);
    assert.equal(r.skipped[0]!.code, 'INVALID_NAME');
    assert.deepEqual(r.workspacesAdded, []);
    assert.ok(!dst.catalog.read().workspaces.some((w) => w.name.startsWith('Evil')));
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test('a kind change for an existing id is refused, even with overwrite allowed', async () => {
  const src = makeTestCore();
  const dst = makeTestCore();
  try {
    await src.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey0001:supersecretvalue-0001');
    const doc = await backupOf(src);
    assert.deepEqual((await importBackup(dst, doc, { overwrite: () => true })).added, ['rt']);
    const turned = structuredClone(doc);
    turned.credentials[0]!.kind = 'standard';
    turned.credentials[0]!.updatedAt = new Date(Date.now() + 1000).toISOString();
    const r = await importBackup(dst, turned, { overwrite: () => true });
    assert.deepEqual(r.updated, []);
    assert.equal(r.skipped[0]!.code, 'KIND_CHANGE');
    assert.equal(dst.credentials.get('rt').kind, 'realtime');
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test('a second BYOK key for a provider in a workspace is refused by the one BYOK rule', async () => {
  const src = makeTestCore();
  const dst = makeTestCore();
  try {
    await src.credentials.create(
      { name: 'theirs', kind: 'byok', provider: 'openai' },
      'sk-proj-theirs0123456789abcdef',
    );
    await dst.credentials.create({ name: 'mine', kind: 'byok', provider: 'openai' }, 'sk-proj-mine0123456789abcdefgh');
    const doc = await backupOf(src);
    // Within the backup too: a second OpenAI key for the same workspace.
    craft(doc, (c) => (c.name = 'theirs-2'));
    const r = await importBackup(dst, doc, { overwrite: () => true });
    assert.deepEqual(r.added, []);
    assert.deepEqual(
      r.skipped.map((s) => s.code),
      ['BYOK_PROVIDER_TAKEN', 'BYOK_PROVIDER_TAKEN'],
    );
    assert.deepEqual(
      dst.credentials.list().map((c) => c.name),
      ['mine'],
    );
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});

test('signing keys and revocations are listed, never merged into a workspace matched by name, until accepted', async () => {
  const src = makeTestCore();
  const dst = makeTestCore();
  try {
    await src.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey0001:supersecretvalue-0001');
    const jwt = new JwtService(src);
    await jwt.mint({ key: 'rt', alg: 'HS256', ttl: '1h' });
    const gen = await jwt.mint({ key: 'rt', alg: 'EdDSA', ttl: '1h' });
    const revoked = await jwt.issueApiKey('user-1');
    await jwt.revoke(revoked.jti, { reason: 'leaked' });
    const doc = await backupOf(src);
    doc.credentials = []; // only the signing state: the case of a hostile "Personal" key
    doc.secrets = [];

    const r = await importBackup(dst, doc, { overwrite: () => true });
    assert.deepEqual(r.signingKeysAdded, []);
    assert.equal(r.revocationsAdded, 0);
    assert.equal(r.revocationsPending, 1);
    assert.ok(r.signingKeysPending.length >= 2);
    assert.ok(r.signingKeysPending.every((k) => k.workspace === 'Personal' && k.matchedBy === 'name'));
    const after = dst.catalog.read();
    assert.deepEqual(after.signingKeys, []);
    assert.deepEqual(after.revocations, []);
    assert.deepEqual(await keychainAccounts(dst), []);
    const dstJwt = new JwtService(dst);
    assert.equal((await dstJwt.verify(gen.token)).ok, false);

    const accepted = await importBackup(dst, doc, { overwrite: () => true, acceptSigningKeys: true });
    assert.ok(accepted.signingKeysAdded.some((k) => k.startsWith('eddsa-')));
    assert.equal(accepted.revocationsAdded, 1);
    assert.equal((await dstJwt.verify(gen.token)).ok, true);
  } finally {
    await src.cleanup();
    await dst.cleanup();
  }
});
