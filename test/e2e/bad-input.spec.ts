/**
 * Every bad input the core issue lists, typed into the real forms: each shows the core's own error
 * message beside the field (or as a toast), and nothing is written to the catalog or the keychain.
 */
import fs from 'node:fs';
import { KeydeckError } from '../../shared/errors.js';
import { keychainAccounts } from '../harness/core.js';
import { attachBridge } from './bridge.js';
import { addCredential, expect, fillAdd, rows, screenshot, test, type AddOptions } from './fixtures.js';
import type { Bridge } from './bridge.js';
import type { Page } from '@playwright/test';

async function expectRefused(app: Page, bridge: Bridge, o: AddOptions, field: string, message: string | RegExp) {
  const before = { list: bridge.core.credentials.list().length, keys: await keychainAccounts(bridge.core) };
  await fillAdd(app, o);
  await expect(app.getByTestId(`error-${field}`)).toHaveText(message);
  expect(bridge.core.credentials.list().length).toBe(before.list);
  expect(await keychainAccounts(bridge.core)).toEqual(before.keys);
}

test('add form shows the core error for each bad secret, name and rule', async ({ app, bridge }) => {
  const inworld = { kind: 'standard' as const, provider: 'inworld' };
  await expectRefused(app, bridge, { ...inworld, name: 'Empty', secret: '' }, 'secret', 'The secret is empty.');
  await expectRefused(app, bridge, { ...inworld, name: 'Blank', secret: '   ' }, 'secret', 'The secret is empty.');
  await expectRefused(
    app,
    bridge,
    { kind: 'byok', provider: 'openai', name: 'Inner space', secret: 'sk-abc def-123' },
    'secret',
    'The secret contains whitespace or control characters inside it; paste exactly one key.',
  );
  await expectRefused(
    app,
    bridge,
    { kind: 'byok', provider: 'openai', name: 'Huge', secret: 'a'.repeat(16 * 1024 + 1) },
    'secret',
    'The secret is larger than 16 KiB.',
  );
  await expectRefused(
    app,
    bridge,
    { kind: 'byok', provider: 'openai', name: 'Over a MiB', secret: 'a'.repeat(1024 * 1024 + 1) },
    'secret',
    /Invalid request for credentials:create: secret: /,
  );
  await expectRefused(
    app,
    bridge,
    { ...inworld, name: 'Bad base64', secret: 'not*base64!' },
    'secret',
    'This is not valid Base64. Paste the Base64 credential, or key:secret to have it encoded.',
  );
  await expectRefused(
    app,
    bridge,
    { ...inworld, name: 'No colon', secret: Buffer.from('keywithoutcolon').toString('base64') },
    'secret',
    'The Base64 credential does not decode to key:secret (the ":" is missing).',
  );
  await expectRefused(
    app,
    bridge,
    { ...inworld, name: 'Half pair', pair: { key: 'key', secret: '' } },
    'secret',
    'A Basic credential needs both a key and a secret around ":".',
  );
  await expectRefused(
    app,
    bridge,
    { kind: 'byok', provider: 'openai', name: 'bad\u0007name', secret: 'sk-valid-key-00000001' },
    'name',
    'Name contains control or text-direction characters (line breaks, escapes, bidi overrides).',
  );
  await expectRefused(
    app,
    bridge,
    { kind: 'byok', provider: 'openai', name: '', secret: 'sk-valid-key-00000001' },
    'name',
    'Name is empty.',
  );
  // Access rules (audience, origins) apply to standard and realtime keys; a BYOK key has none.
  await expectRefused(
    app,
    bridge,
    {
      ...inworld,
      name: 'Public key',
      secret: Buffer.from('key:secret').toString('base64'),
      audience: 'public',
      origins: '',
    },
    'origins',
    'A public (publishable) key must list at least one allowed origin, e.g. https://app.example.com.',
  );
  await expectRefused(
    app,
    bridge,
    {
      ...inworld,
      name: 'Bad origin',
      secret: Buffer.from('key:secret').toString('base64'),
      origins: 'https://app.example.com/path',
    },
    'origins',
    '"https://app.example.com/path" is not an origin like https://app.example.com (no path).',
  );
  await screenshot(app, '11-add-form-error');

  // Surrounding whitespace is trimmed with a notice.
  await fillAdd(app, { kind: 'byok', provider: 'openai', name: 'Café', secret: '  sk-trim-me-0000000001\n' });
  await expect(app.getByTestId('credential-form')).toBeHidden();
  await expect(app.getByTestId('toast').last()).toContainText('Whitespace around the secret was removed.');
  expect((await bridge.core.credentials.readSecret('Café')).secret).toBe('sk-trim-me-0000000001');

  // Duplicate name after NFC ("Cafe" + combining acute); and a second BYOK key for the same provider.
  await expectRefused(
    app,
    bridge,
    { kind: 'byok', provider: 'anthropic', name: 'Cafe\u0301', secret: 'sk-ant-0000000000000002' },
    'name',
    'A credential named "Café" already exists in this workspace.',
  );
  await expectRefused(
    app,
    bridge,
    { kind: 'byok', provider: 'openai', name: 'Second OpenAI', secret: 'sk-another-000000003' },
    'provider',
    'This workspace already has a BYOK key for OpenAI ("Café"). Each workspace holds one key per provider: rotate that one instead.',
  );
});

test("edit form refuses changing a realtime key's kind", async ({ app, bridge }) => {
  await addCredential(app, { kind: 'realtime', name: 'Realtime', pair: { key: 'rk', secret: 'rs' } });
  await app.getByRole('button', { name: 'Edit' }).click();
  const form = app.getByTestId('credential-form');
  await form.locator('select[name=editKind]').selectOption('standard');
  await form.getByTestId('submit').click();
  await expect(app.getByTestId('error-kind')).toHaveText(
    "A realtime-only key's type is fixed at creation. Create a new key of the kind you need.",
  );
  await form.locator('select[name=editKind]').selectOption('realtime');
  await form.locator('select[name=audience]').selectOption('public');
  await form.getByTestId('submit').click();
  await expect(app.getByTestId('error-origins')).toHaveText(/must list at least one allowed origin/);
  expect(bridge.core.credentials.get('Realtime')).toMatchObject({ kind: 'realtime', audience: 'secret' });
});

test('unknown credential: a key deleted elsewhere (the CLI) is reported, and the list refreshes', async ({
  app,
  bridge,
}) => {
  await addCredential(app, { kind: 'byok', provider: 'groq', name: 'Groq', secret: 'gsk_gone_0000000001' });
  await bridge.core.credentials.delete('Groq');
  await app.getByRole('button', { name: 'Copy header' }).click();
  await expect(app.getByTestId('toast').last()).toContainText('No credential with that id');
  await expect(app.getByTestId('toast').last()).toContainText('CREDENTIAL_NOT_FOUND');
  await expect(rows(app)).toHaveCount(0);
  expect(bridge.clipboard.text).toBe('');
});

test('a missing secret is flagged, never silently dropped', async ({ app, bridge }) => {
  await addCredential(app, { kind: 'byok', provider: 'groq', name: 'Groq', secret: 'gsk_missing_00000001' });
  const [account] = await keychainAccounts(bridge.core);
  await bridge.core.vault.delete(account!);
  await app.getByRole('button', { name: 'Copy header' }).click();
  await expect(app.getByTestId('toast').last()).toContainText('SECRET_MISSING');
  await expect(app.locator('.row[data-name="Groq"] .badge.danger')).toHaveText('Missing secret');
  await expect(app.getByTestId('detail')).toContainText('The keychain no longer holds this key');
  await screenshot(app, '12-missing-secret');
});

test('keychain unavailable: the add form says what to do and nothing is written', async ({ page, server }) => {
  const b = await attachBridge(page, {
    wrap: (real) => ({
      service: real.service,
      backend: () => real.backend(),
      get: (a) => real.get(a),
      delete: (a) => real.delete(a),
      entries: () => real.entries(),
      set: async () => {
        throw new KeydeckError(
          'KEYCHAIN_UNAVAILABLE',
          'Could not write to the keychain: the collection is locked. Unlock your keyring and try again.',
        );
      },
    }),
  });
  try {
    await page.goto(server.url);
    await fillAdd(page, { kind: 'byok', provider: 'openai', name: 'Locked', secret: 'sk-locked-000000001' });
    await expect(page.getByTestId('error-general')).toContainText('Unlock your keyring');
    await expect(page.getByTestId('keychain-status')).toHaveClass(/bad/);
    expect(b.core.credentials.list()).toEqual([]);
    expect(await keychainAccounts(b.core)).toEqual([]);
  } finally {
    await b.core.cleanup();
  }
});

test('a corrupted catalog is moved aside, the user told, and keys rebuilt from the keychain', async ({
  page,
  server,
}) => {
  // A first session stores a key; then the catalog file is truncated on disk.
  const b = await attachBridge(page);
  try {
    await b.core.credentials.create({ name: 'Survivor', kind: 'byok', provider: 'openai' }, 'sk-survivor-00000001');
    const text = fs.readFileSync(b.core.catalog.path, 'utf8');
    fs.writeFileSync(b.core.catalog.path, text.slice(0, 40));
    // The app starts: opening the vault rebuilds from the keychain, and the UI says so.
    const context = page.context();
    const page2 = await context.newPage();
    const b2 = await attachBridge(page2, { home: b.core.home, service: b.core.vault.service });
    await page2.goto(server.url);
    await expect(page2.getByTestId('toast').first()).toContainText(/moved to .*corrupt-/);
    await expect(rows(page2)).toHaveText([/Survivor/]);
    expect(fs.readdirSync(b.core.home).some((f) => f.includes('.corrupt-'))).toBe(true);
    await page2.close();
    void b2;
  } finally {
    await b.core.cleanup();
  }
});
