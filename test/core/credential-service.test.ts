import { test, describe, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';
import { makeTestCore, keychainAccounts, type TestCore } from '../harness/core.js';
import { FaultyVault } from '../harness/faulty-vault.js';

const OPENAI = 'sk-proj-Abc123Def456Ghi789Jkl012Mno345';

async function rejectsCode(p: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  await assert.rejects(
    async () => (typeof p === 'function' ? p() : p),
    (err: unknown) => {
      assert.ok(err instanceof KeydeckError, `expected KeydeckError, got ${String(err)}`);
      assert.equal(err.code, code, err.message);
      return true;
    },
  );
}

describe('credential service over the real keychain', () => {
  let core: TestCore;
  let vault: FaultyVault;
  /** The injected clock runs ahead of the real one by this much. */
  let ahead = 0;
  /** The four credentials every test starts from (each test has a core of its own: tests run alone). */
  let seeded: Awaited<ReturnType<typeof seed>>;
  async function seed(c: TestCore) {
    const std = await c.credentials.create(
      { name: 'Inworld prod', kind: 'standard', writePermissions: ['voice', 'router'], tags: ['prod'] },
      'my-key:my-secret\n',
    );
    const rt = await c.credentials.create(
      { name: 'Realtime', kind: 'realtime' },
      Buffer.from('rt:sec').toString('base64'),
    );
    const byok = await c.credentials.create({ name: 'OpenAI', kind: 'byok', provider: 'openai' }, OPENAI);
    const pub = await c.credentials.create(
      {
        name: 'Widget',
        kind: 'standard',
        provider: 'custom',
        audience: 'public',
        allowedOrigins: ['https://App.example.com/'],
        allowedAssistants: ['asst_1'],
      },
      'pk_live_0123456789abcdef',
    );
    return { std, rt, byok, pub };
  }
  beforeEach(async () => {
    ahead = 0;
    core = makeTestCore({ wrap: (v) => (vault = new FaultyVault(v)), now: () => Date.now() + ahead });
    seeded = await seed(core);
  });
  afterEach(() => core.cleanup());

  test('creates each kind; Basic pairs are encoded, secrets stay out of the catalog file', async () => {
    const { std, rt, byok, pub } = seeded;
    assert.equal(std.credential.authScheme, 'basic');
    assert.equal(std.credential.envVar, 'INWORLD_API_KEY');
    assert.deepEqual(std.credential.writePermissions, ['voice', 'router']);
    assert.deepEqual(
      std.notices.map((n) => n.code),
      ['SECRET_TRIMMED', 'BASIC_ENCODED'],
    );
    const use = await core.credentials.readSecret('Inworld prod');
    assert.equal(use.secret, Buffer.from('my-key:my-secret').toString('base64'));

    assert.equal(rt.credential.envVar, 'INWORLD_REALTIME_API_KEY');
    assert.equal(byok.credential.authScheme, 'bearer');
    assert.equal(byok.credential.displayPrefix, 'sk-proj-Abc123De');
    assert.match(byok.credential.fingerprint, /^sha256:[0-9a-f]{16}$/);
    assert.deepEqual(pub.credential.allowedOrigins, ['https://app.example.com']);
    assert.equal(pub.credential.envVar, 'WIDGET_API_KEY');

    const file = fs.readFileSync(core.catalog.path, 'utf8');
    for (const s of [
      OPENAI,
      'my-secret',
      Buffer.from('my-key:my-secret').toString('base64'),
      'pk_live_0123456789abcdef',
    ]) {
      assert.ok(!file.includes(s), 'a secret reached the catalog file');
    }
    assert.equal(fs.statSync(core.catalog.path).mode & 0o777, 0o600);
    assert.deepEqual(
      await keychainAccounts(core),
      [
        `byok/${byok.credential.id}/v1`,
        `realtime/${rt.credential.id}/v1`,
        `standard/${pub.credential.id}/v1`,
        `standard/${std.credential.id}/v1`,
      ].sort(),
    );
  });

  test('list and search never touch the keychain', () => {
    const before = vault.total();
    assert.equal(core.credentials.list().length, 4);
    assert.deepEqual(
      core.credentials.list({ text: 'prod' }).map((c) => c.name),
      ['Inworld prod'],
    );
    assert.deepEqual(
      core.credentials.list({ kind: 'byok' }).map((c) => c.name),
      ['OpenAI'],
    );
    assert.deepEqual(
      core.credentials.list({ provider: 'custom' }).map((c) => c.name),
      ['Widget'],
    );
    assert.deepEqual(
      core.credentials.list({ audience: 'public' }).map((c) => c.name),
      ['Widget'],
    );
    assert.deepEqual(
      core.credentials.list({ tag: 'prod' }).map((c) => c.name),
      ['Inworld prod'],
    );
    assert.deepEqual(
      core.credentials.list({ text: 'sk-proj-abc' }).map((c) => c.name),
      ['OpenAI'],
    );
    const fp = core.credentials.get('OpenAI').fingerprint;
    assert.deepEqual(
      core.credentials.list({ text: fp.slice(7, 15) }).map((c) => c.name),
      ['OpenAI'],
    );
    assert.equal(vault.total(), before);
  });

  test('rotate keeps the old version readable during the overlap, then retire ends it', async () => {
    const { credential } = await core.credentials.rotate('OpenAI', 'sk-proj-Zyx987Wvu654Tsr321Qpo098Nml765');
    assert.deepEqual(
      credential.versions.map((v) => [v.version, v.status]),
      [
        [1, 'retiring'],
        [2, 'active'],
      ],
    );
    assert.ok(credential.versions[0]!.retiringUntil);
    assert.equal((await core.credentials.readSecret('OpenAI')).secret, 'sk-proj-Zyx987Wvu654Tsr321Qpo098Nml765');
    assert.equal((await core.credentials.readSecret('OpenAI', { version: 1 })).secret, OPENAI);
    await rejectsCode(core.credentials.rotate('OpenAI', 'sk-proj-Zyx987Wvu654Tsr321Qpo098Nml765'), 'INVALID_SECRET');
    await rejectsCode(core.credentials.retire('OpenAI', 2), 'INVALID_INPUT');
    await rejectsCode(core.credentials.retire('OpenAI', 9), 'VERSION_NOT_FOUND');
    await core.credentials.retire('OpenAI', 1);
    await rejectsCode(core.credentials.readSecret('OpenAI', { version: 1 }), 'VERSION_RETIRED');
    // a retired secret stays in the keychain so leak scans still find it
    const cred = core.credentials.get('OpenAI');
    assert.equal(await core.credentials.readVersion(cred, 1), OPENAI);
  });

  test('a retiring version turns retired when the overlap window ends', async () => {
    await core.settings.update({ rotationOverlapHours: 0.0001 });
    await core.credentials.rotate('Realtime', Buffer.from('rt:sec2').toString('base64'));
    ahead += 1000; // past the 0.36 s overlap, without waiting for it
    const v1 = core.credentials.get('Realtime').versions[0]!;
    assert.equal(v1.status, 'retired');
    await rejectsCode(core.credentials.readSecret('Realtime', { version: 1 }), 'VERSION_RETIRED');
  });

  test('the use log records uses, never values', async () => {
    await core.credentials.format('Inworld prod', 'header');
    const log = core.credentials.useLogEntries(5);
    assert.equal(log[0]!.name, 'Inworld prod');
    assert.equal(log[0]!.action, 'format:header');
    const raw = fs.readFileSync(`${core.home}/use-log.jsonl`, 'utf8');
    assert.ok(!raw.includes(OPENAI) && !raw.includes(Buffer.from('my-key:my-secret').toString('base64')));
  });

  test('update edits metadata, renames (NFC) and refuses kind changes', async () => {
    const up = await core.credentials.update('Widget', { tags: ['web', 'web', ' '], note: ' embed ' });
    assert.deepEqual(up.tags, ['web']);
    assert.equal(up.note, 'embed');
    await core.credentials.update('Widget', { name: 'Cafe\u0301 widget' });
    assert.equal(core.credentials.get('Caf\u00e9 widget').name, 'Caf\u00e9 widget');
    await rejectsCode(core.credentials.update('Realtime', { kind: 'standard' }), 'KIND_IMMUTABLE');
    await rejectsCode(core.credentials.update('Caf\u00e9 widget', { allowedOrigins: [] }), 'PUBLIC_KEY_NEEDS_ORIGIN');
    await rejectsCode(core.credentials.update('OpenAI', { name: 'Inworld prod' }), 'DUPLICATE_NAME');
    // the envelope learned the new name: a rebuild from the keychain alone would keep it
    const env = JSON.parse((await core.vault.get(`standard/${up.id}/v1`))!);
    assert.equal(env.name, 'Caf\u00e9 widget');
  });

  test('delete removes metadata and every keychain version', async () => {
    const cred = core.credentials.get('OpenAI');
    await core.credentials.delete('OpenAI');
    await rejectsCode(async () => core.credentials.get('OpenAI'), 'CREDENTIAL_NOT_FOUND');
    const accounts = await keychainAccounts(core);
    assert.ok(!accounts.some((a) => a.includes(cred.id)));
    assert.equal(core.catalog.read().tombstones.length, 0);
  });
});

describe('bad input: each a typed error, nothing written', () => {
  let core: TestCore;
  before(async () => {
    core = makeTestCore();
    await core.credentials.create({ name: 'Café', kind: 'byok', provider: 'groq' }, 'gsk_0123456789abcdefghijklmnop');
  });
  after(() => core.cleanup());

  const cases: [string, string, () => Promise<unknown>][] = [];
  const add = (label: string, code: string, fn: (c: TestCore) => Promise<unknown>) =>
    cases.push([label, code, () => fn(core)]);
  add('empty secret', 'EMPTY_SECRET', (c) =>
    c.credentials.create({ name: 'a', kind: 'byok', provider: 'xai' }, '   \n'),
  );
  add('newline inside the secret', 'INVALID_SECRET', (c) =>
    c.credentials.create({ name: 'a', kind: 'byok', provider: 'xai' }, 'xai-abc\ndef'),
  );
  add('secret over 16 KiB', 'SECRET_TOO_LARGE', (c) =>
    c.credentials.create({ name: 'a', kind: 'byok', provider: 'xai' }, 'x'.repeat(16 * 1024 + 1)),
  );
  add('invalid Base64 Basic credential', 'INVALID_BASIC_CREDENTIAL', (c) =>
    c.credentials.create({ name: 'a', kind: 'standard' }, 'not*base64!'),
  );
  add('Base64 without ":" inside', 'INVALID_BASIC_CREDENTIAL', (c) =>
    c.credentials.create({ name: 'a', kind: 'standard' }, Buffer.from('nocolonhere').toString('base64')),
  );
  add('key:secret with an empty half', 'INVALID_BASIC_CREDENTIAL', (c) =>
    c.credentials.create({ name: 'a', kind: 'standard' }, 'key:'),
  );
  add('control characters in the name', 'INVALID_NAME', (c) =>
    c.credentials.create({ name: 'bad\u0007name', kind: 'byok', provider: 'xai' }, 'xai-123'),
  );
  add('empty name', 'INVALID_NAME', (c) =>
    c.credentials.create({ name: '  ', kind: 'byok', provider: 'xai' }, 'xai-123'),
  );
  add('duplicate name after NFC', 'DUPLICATE_NAME', (c) =>
    c.credentials.create({ name: 'Cafe\u0301', kind: 'byok', provider: 'xai' }, 'xai-123'),
  );
  add('second BYOK key for a provider', 'BYOK_PROVIDER_TAKEN', (c) =>
    c.credentials.create({ name: 'Groq 2', kind: 'byok', provider: 'groq' }, 'gsk_other0123456789'),
  );
  add('public key without origins', 'PUBLIC_KEY_NEEDS_ORIGIN', (c) =>
    c.credentials.create({ name: 'p', kind: 'standard', provider: 'custom', audience: 'public' }, 'pk_123'),
  );
  add('origin with a path', 'INVALID_ORIGIN', (c) =>
    c.credentials.create(
      { name: 'p', kind: 'standard', provider: 'custom', audience: 'public', allowedOrigins: ['https://a.com/x'] },
      'pk_123',
    ),
  );
  add('non-http base URL', 'INVALID_URL', (c) =>
    c.credentials.create({ name: 'u', kind: 'byok', provider: 'xai', baseUrl: 'ftp://x' }, 'xai-123'),
  );
  add('BYOK with a non-BYOK provider', 'INVALID_INPUT', (c) =>
    c.credentials.create({ name: 'b', kind: 'byok', provider: 'inworld' }, 'abc'),
  );
  add('write permissions on a BYOK key', 'INVALID_INPUT', (c) =>
    c.credentials.create({ name: 'w', kind: 'byok', provider: 'xai', writePermissions: ['voice'] }, 'xai-123'),
  );
  add('extra field in the input', 'INVALID_INPUT', (c) =>
    c.credentials.create({ name: 'e', kind: 'byok', provider: 'xai', evil: 1 } as never, 'xai-123'),
  );
  add('vertex key that is not JSON', 'INVALID_SECRET', (c) =>
    c.credentials.create({ name: 'v', kind: 'byok', provider: 'google-vertex' }, 'abc'),
  );
  add('unknown credential', 'CREDENTIAL_NOT_FOUND', async (c) => c.credentials.readSecret('nope'));
  add('unknown workspace', 'WORKSPACE_NOT_FOUND', async (c) => c.credentials.list({ workspace: 'nope' }));
  add('bad expiry date', 'INVALID_INPUT', (c) =>
    c.credentials.create({ name: 'x', kind: 'byok', provider: 'xai', expiresAt: 'someday' }, 'xai-123'),
  );

  for (const [label, code, fn] of cases) {
    test(label, async () => {
      const before = fs.readFileSync(core.catalog.path, 'utf8');
      const accounts = await keychainAccounts(core);
      await rejectsCode(fn(), code);
      assert.equal(fs.readFileSync(core.catalog.path, 'utf8'), before, 'catalog changed');
      assert.deepEqual(await keychainAccounts(core), accounts, 'keychain changed');
    });
  }

  test('a JSON service account keeps its inner newlines; a broken one is refused', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sa = JSON.stringify(
      {
        type: 'service_account',
        project_id: 'p',
        private_key_id: 'k1',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        client_email: 'bot@p.iam.gserviceaccount.com',
        token_uri: 'https://oauth2.googleapis.com/token',
      },
      null,
      2,
    );
    const { credential } = await core.credentials.create(
      { name: 'Vertex', kind: 'byok', provider: 'google-vertex' },
      sa,
    );
    assert.equal((await core.credentials.readSecret(credential.id)).secret, sa);
    assert.match(credential.displayPrefix, /^json:[0-9a-f]{8}$/);
    await rejectsCode(core.credentials.rotate('Vertex', JSON.stringify({ type: 'authorized_user' })), 'INVALID_SECRET');
  });

  test("a key that looks like another provider's passes with a notice", async () => {
    const { notices } = await core.credentials.create(
      { name: 'Mislabelled', kind: 'byok', provider: 'mistral' },
      'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789',
    );
    assert.ok(
      notices.some((n) => n.code === 'FORMAT_LOOKS_LIKE_OTHER' && /Anthropic/.test(n.message)),
      JSON.stringify(notices),
    );
  });

  test('the same name in another workspace is fine; BYOK uniqueness is per workspace', async () => {
    await core.workspaces.add('Staging');
    await core.credentials.create(
      { name: 'Café', kind: 'byok', provider: 'groq', workspace: 'Staging' },
      'gsk_staging0123456789',
    );
    assert.equal(core.credentials.list({ workspace: 'Staging' }).length, 1);
    await rejectsCode(core.workspaces.add('Staging'), 'DUPLICATE_NAME');
    await rejectsCode(core.workspaces.use('Nope'), 'WORKSPACE_NOT_FOUND');
  });
});
