/**
 * The UI end to end, in Debian's Chromium, against the built renderer and the REAL IPC handlers over a
 * real core and the throwaway real keyring (see bridge.ts). What reaches the clipboard is read back
 * from the bridge's clipboard stand-in and compared with the core's own formatter.
 */
import { formatCredential } from '../../electron/core/format.js';
import { COPY_MENU_ORDER, addCredential, expect, fillAdd, rows, screenshot, test } from './fixtures.js';
import { keychainAccounts } from '../harness/core.js';
import { attachBridge } from './bridge.js';

const INWORLD_KEY = 'ik_test_4f9a2c1e';
const INWORLD_SECRET = 'sEcReT-9b8a7c6d5e4f';
const OPENAI_KEY = 'sk-proj-abc123DEF456ghi789JKL';

test('empty state teaches the first step; adding each kind fills the list', async ({ app, bridge }) => {
  await expect(app.getByTestId('empty-state')).toContainText('Add your first key');
  await expect(app.getByTestId('keychain-status')).toContainText('Secret Service');
  await screenshot(app, '01-empty-state');

  await app.getByRole('button', { name: 'Add your first key' }).click();
  await fillAdd(app, {
    name: 'Inworld production',
    pair: { key: INWORLD_KEY, secret: INWORLD_SECRET },
    scopes: 'tts, llm',
    write: ['voice'],
    tags: 'prod',
  });
  await expect(app.getByTestId('credential-form')).toBeHidden();
  await expect(app.getByTestId('detail-name')).toHaveText('Inworld production');
  await expect(app.getByTestId('toast').first()).toContainText('key:secret was encoded');

  await addCredential(app, { kind: 'realtime', name: 'Realtime web', secret: 'cnQta2V5OnJ0LXNlY3JldA==' });
  await addCredential(app, {
    kind: 'byok',
    provider: 'openai',
    name: 'OpenAI BYOK',
    secret: OPENAI_KEY,
    tags: 'router',
  });
  await addCredential(app, {
    kind: 'standard',
    provider: 'custom',
    name: 'Maps publishable',
    secret: 'pk_live_1234567890abcdef',
    audience: 'public',
    origins: 'https://app.example.com',
    assistants: 'asst_1, asst_2',
  });

  const list = bridge.core.credentials.list();
  expect(list.map((c) => [c.name, c.kind, c.provider]).sort()).toEqual([
    ['Inworld production', 'standard', 'inworld'],
    ['Maps publishable', 'standard', 'custom'],
    ['OpenAI BYOK', 'byok', 'openai'],
    ['Realtime web', 'realtime', 'inworld'],
  ]);
  const inworld = bridge.core.credentials.get('Inworld production');
  expect(inworld.writePermissions).toEqual(['voice']);
  expect(inworld.scopes).toEqual(['tts', 'llm']);
  expect((await bridge.core.credentials.readSecret('Inworld production')).secret).toBe(
    Buffer.from(`${INWORLD_KEY}:${INWORLD_SECRET}`).toString('base64'),
  );
  expect(bridge.core.credentials.get('Maps publishable').allowedAssistants).toEqual(['asst_1', 'asst_2']);
  expect(await keychainAccounts(bridge.core)).toHaveLength(4);
  await expect(rows(app)).toHaveCount(4);
  // Public badge and kind badges are visible in the list.
  await expect(app.locator('.row[data-name="Maps publishable"] .badge.public')).toBeVisible();
  await rows(app).filter({ hasText: 'Inworld production' }).click();
  // External links are plain https anchors; in the app, main hands them to the OS browser.
  await expect(app.getByTestId('console-link')).toHaveAttribute('href', 'https://platform.inworld.ai/');
  await screenshot(app, '02-list-and-detail');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '03-list-and-detail-dark');
});

test('search, filters and keyboard navigation', async ({ app }) => {
  await addCredential(app, { name: 'Inworld prod', pair: { key: 'k1', secret: 's1' }, tags: 'prod' });
  await addCredential(app, { name: 'Inworld staging', pair: { key: 'k2', secret: 's2' }, tags: 'staging' });
  await addCredential(app, {
    kind: 'byok',
    provider: 'anthropic',
    name: 'Claude BYOK',
    secret: 'sk-ant-api03-abcdefghijklmnop1234',
  });

  await app.keyboard.press('/');
  await expect(app.locator('#search')).toBeFocused();
  await app.keyboard.type('stag');
  await expect(rows(app)).toHaveCount(1);
  await expect(rows(app)).toContainText('Inworld staging');
  await app.locator('#search').fill('sk-ant');
  await expect(rows(app)).toHaveText([/Claude BYOK/]);
  await app.locator('#search').fill('nothing-matches');
  await expect(app.getByTestId('no-results')).toBeVisible();
  await app.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect(rows(app)).toHaveCount(3);

  await app.getByLabel('Filter by kind').selectOption('byok');
  await expect(rows(app)).toHaveText([/Claude BYOK/]);
  await app.getByLabel('Filter by kind').selectOption('');
  await app.getByLabel('Filter by tag').selectOption('prod');
  await expect(rows(app)).toHaveText([/Inworld prod/]);
  await app.getByLabel('Filter by tag').selectOption('');
  await app.getByLabel('Filter by provider').selectOption('anthropic');
  await expect(rows(app)).toHaveCount(1);
  await app.getByLabel('Filter by provider').selectOption('');
  await app.getByLabel('Filter by audience').selectOption('public');
  await expect(app.getByTestId('no-results')).toBeVisible();
  await app.getByLabel('Filter by audience').selectOption('');

  await rows(app).first().click();
  const first = await app.getByTestId('detail-name').textContent();
  await app.keyboard.press('ArrowDown');
  await expect(app.getByTestId('detail-name')).not.toHaveText(first!);
  await app.keyboard.press('ArrowUp');
  await expect(app.getByTestId('detail-name')).toHaveText(first!);
  await screenshot(app, '04-search');
});

test('copy as every format puts the formatted value on the clipboard, and Enter / Ctrl+Shift+C work', async ({
  app,
  bridge,
}) => {
  await addCredential(app, { kind: 'byok', provider: 'openai', name: 'OpenAI BYOK', secret: OPENAI_KEY });
  const cred = bridge.core.credentials.get('OpenAI BYOK');
  const formats = COPY_MENU_ORDER;
  for (const format of formats) {
    await app.getByRole('button', { name: 'Copy as…' }).click();
    await app.locator(`[role=menuitem][data-format="${format}"]`).click();
    await expect.poll(() => bridge.clipboard.text).toBe(formatCredential(cred, OPENAI_KEY, format));
    expect(bridge.clipboard.secret).toBe(true);
  }
  await expect(app.getByTestId('clipboard-countdown')).toContainText(/clears in (29|30)s/);
  await screenshot(app, '05-copied-countdown');

  bridge.clipboard.writeOther('something else');
  await app.locator('.list').focus();
  await app.keyboard.press('Enter');
  await expect.poll(() => bridge.clipboard.text).toBe(`Authorization: Bearer ${OPENAI_KEY}`);
  await app.keyboard.press('Control+Shift+C');
  await expect.poll(() => bridge.clipboard.text).toBe(formatCredential(cred, OPENAI_KEY, 'env-bash'));

  // Clear now empties the clipboard only while it still holds Keydeck's copy.
  await app.getByRole('button', { name: 'Clear now' }).click();
  await expect.poll(() => bridge.clipboard.text).toBe('');

  // The use log records each use, never the value.
  await app.getByRole('button', { name: 'Use log' }).click();
  await expect(app.getByTestId('use-log').locator('tbody tr')).toHaveCount(formats.length + 2);
  await expect(app.getByTestId('use-log')).not.toContainText(OPENAI_KEY);
  await screenshot(app, '06-use-log');
});

test('reveal shows the value and masks it again after 30 s', async ({ page, server }) => {
  // Its own page: the fake clock stays installed for the page's life.
  const bridge = await attachBridge(page);
  try {
    await page.clock.install();
    await page.goto(server.url);
    await addCredential(page, { kind: 'byok', provider: 'groq', name: 'Groq', secret: 'gsk_reveal_me_123456' });
    await expect(page.getByTestId('secret-value')).not.toContainText('gsk_reveal_me_123456');
    // From here the page's time moves only when the test moves it, however slow the machine is.
    await page.clock.pauseAt(Date.now() + 1000);
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect(page.getByTestId('secret-value')).toHaveText('gsk_reveal_me_123456');
    await screenshot(page, '07-revealed');
    await page.clock.fastForward(29_000);
    await expect(page.getByTestId('secret-value')).toHaveText('gsk_reveal_me_123456');
    await page.clock.fastForward(2_000);
    await expect(page.getByTestId('secret-value')).not.toContainText('gsk_reveal_me_123456');
    await expect(page.getByTestId('secret-value')).toContainText('••••');
    expect(bridge.core.credentials.useLogEntries().map((e) => e.action)).toContain('reveal');
  } finally {
    bridge.detach();
    await bridge.core.cleanup();
  }
});

test('rotate wizard: both versions active during the overlap, then retire the old one', async ({ app, bridge }) => {
  await addCredential(app, { kind: 'byok', provider: 'mistral', name: 'Mistral', secret: 'mistral-old-key-1234' });
  await app.getByRole('button', { name: 'Rotate…' }).click();
  const wizard = app.getByTestId('rotate-wizard');
  await wizard.locator('input[name=newSecret]').fill('mistral-old-key-1234');
  await wizard.getByTestId('rotate-submit').click();
  await expect(app.getByTestId('error-rotate')).toHaveText(
    'The new secret is the same as a version already in use. Paste the new key.',
  );
  await wizard.locator('input[name=newSecret]').fill('mistral-new-key-5678');
  await wizard.getByTestId('rotate-submit').click();
  const versions = wizard.getByTestId('rotate-versions');
  await expect(versions.locator('li[data-version="2"]')).toHaveAttribute('data-status', 'active');
  await expect(versions.locator('li[data-version="1"]')).toHaveAttribute('data-status', 'retiring');
  await screenshot(app, '08-rotate-overlap');
  expect((await bridge.core.credentials.readSecret('Mistral', { version: 1 })).secret).toBe('mistral-old-key-1234');
  await wizard.getByTestId('retire-old').click();
  await expect(versions.locator('li[data-version="1"]')).toHaveAttribute('data-status', 'retired');
  await wizard.getByRole('button', { name: 'Done' }).click();
  await expect(app.getByTestId('versions').locator('li[data-version="1"]')).toHaveAttribute('data-status', 'retired');
  await expect(bridge.core.credentials.readSecret('Mistral', { version: 1 })).rejects.toMatchObject({
    code: 'VERSION_RETIRED',
  });
  expect((await bridge.core.credentials.readSecret('Mistral')).secret).toBe('mistral-new-key-5678');
});

test('delete asks for the name, then moves the key to the trash; emptying it removes the keychain entries', async ({
  app,
  bridge,
}) => {
  await addCredential(app, { kind: 'byok', provider: 'xai', name: 'Grok', secret: 'xai-delete-me-0001' });
  expect(await keychainAccounts(bridge.core)).toHaveLength(1);
  await app.getByRole('button', { name: 'Delete…' }).click();
  const dialog = app.getByTestId('confirm-delete');
  await expect(dialog.getByTestId('confirm-delete-button')).toBeDisabled();
  await dialog.locator('input[name=confirmName]').fill('Grok');
  await screenshot(app, '09-confirm-delete');
  await dialog.getByTestId('confirm-delete-button').click();
  await expect(app.getByTestId('empty-state')).toBeVisible();
  expect(bridge.core.credentials.list()).toHaveLength(0);
  expect(await keychainAccounts(bridge.core)).toHaveLength(1);
  await bridge.core.trash.empty();
  expect(await keychainAccounts(bridge.core)).toEqual([]);
});

test('edit saves metadata; settings and workspaces', async ({ app, bridge }) => {
  await addCredential(app, { name: 'Inworld', pair: { key: 'k', secret: 's' } });
  await app.getByRole('button', { name: 'Edit' }).click();
  const form = app.getByTestId('credential-form');
  await form.locator('input[name=tags]').fill('prod, eu');
  await form.locator('input[name=note]').fill('Owned by the voice team');
  await form.getByTestId('submit').click();
  await expect(form).toBeHidden();
  expect(bridge.core.credentials.get('Inworld').tags).toEqual(['prod', 'eu']);
  await expect(app.getByTestId('detail')).toContainText('Owned by the voice team');

  await app.getByRole('button', { name: 'Settings' }).click();
  await app.locator('input[name=clipboardClearSeconds]').fill('2');
  await app.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(app.getByTestId('error-clipboardClearSeconds')).toHaveText('Enter a number between 5 and 3600 seconds.');
  await expect(app.locator('input[name=clipboardClearSeconds]')).toHaveAttribute('aria-invalid', 'true');
  await expect(app.locator('input[name=clipboardClearSeconds]')).toHaveAttribute(
    'aria-describedby',
    'error-clipboardClearSeconds',
  );
  await expect(app.getByTestId('error-settings')).toHaveCount(0);
  await app.locator('input[name=clipboardClearSeconds]').fill('45');
  await app.locator('input[name=rotationPolicyDays]').fill('30');
  await app.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(app.getByTestId('toast').last()).toContainText('Settings saved');
  expect(bridge.core.settings.get().clipboardClearSeconds).toBe(45);
  await screenshot(app, '10-settings');

  await app.getByLabel('Workspace').selectOption('__new');
  await app.locator('input[name=workspaceName]').fill('Personal');
  await app.getByTestId('new-workspace').getByRole('button', { name: 'Create' }).click();
  await expect(app.getByTestId('error-workspace')).toHaveText('A workspace named "Personal" already exists.');
  await app.locator('input[name=workspaceName]').fill('Staging');
  await app.getByTestId('new-workspace').getByRole('button', { name: 'Create' }).click();
  await app.getByRole('button', { name: 'Credentials' }).click();
  await expect(app.getByTestId('empty-state')).toBeVisible();
  expect(bridge.core.workspaces.active().name).toBe('Staging');

  // Removing: a workspace that still holds keys is refused with the core's message; an empty one goes.
  const personal = bridge.core.workspaces.list().workspaces.find((w) => w.name === 'Personal')!;
  await app.getByLabel('Workspace').selectOption(personal.id);
  await expect.poll(() => bridge.core.workspaces.active().name).toBe('Personal');
  await app.getByLabel('Workspace').selectOption('__remove');
  await app.getByTestId('remove-workspace-button').click();
  await expect(app.getByTestId('remove-workspace')).toContainText('still holds');
  await app.getByTestId('remove-workspace').getByRole('button', { name: 'Cancel' }).click();
  const staging = bridge.core.workspaces.list().workspaces.find((w) => w.name === 'Staging')!;
  await app.getByLabel('Workspace').selectOption(staging.id);
  await expect.poll(() => bridge.core.workspaces.active().name).toBe('Staging');
  await app.getByLabel('Workspace').selectOption('__remove');
  await app.getByTestId('remove-workspace-button').click();
  await expect(app.getByTestId('toast').last()).toContainText('Workspace “Staging” removed');
  expect(bridge.core.workspaces.list().workspaces.map((w) => w.name)).toEqual(['Personal']);
  await expect(app.getByLabel('Workspace')).toHaveValue(personal.id);
});

test('badges: rotation age against the policy, validation state; a non-persistent keychain is called out', async ({
  page,
  server,
}) => {
  const b = await attachBridge(page, {
    wrap: (real) => ({
      service: real.service,
      backend: () => ({ ...real.backend(), persistent: false, label: 'Kernel keyring' }),
      get: (a) => real.get(a),
      set: (a, v) => real.set(a, v),
      delete: (a) => real.delete(a),
      entries: () => real.entries(),
    }),
  });
  try {
    await b.core.credentials.create({ name: 'Old key', kind: 'byok', provider: 'openai' }, 'sk-old-key-000000000001');
    await b.core.credentials.create({ name: 'Fresh key', kind: 'byok', provider: 'groq' }, 'gsk_fresh_00000000001');
    const longAgo = new Date(Date.now() - 94 * 86_400_000 - 3_600_000).toISOString();
    await b.core.catalog.mutate((data) => {
      const old = data.credentials.find((c) => c.name === 'Old key')!;
      old.rotatedAt = longAgo;
      old.validation = { status: 'invalid', httpStatus: 401, checkedAt: new Date().toISOString() };
      const fresh = data.credentials.find((c) => c.name === 'Fresh key')!;
      fresh.validation = { status: 'valid', httpStatus: 200, checkedAt: new Date().toISOString() };
    });
    await page.goto(server.url);
    const old = page.locator('.row[data-name="Old key"]');
    await expect(old.locator('.badge.age')).toHaveText('rotated 94 days ago');
    await expect(old.locator('.badge.age')).toHaveClass(/warn/);
    await expect(old.locator('.badge', { hasText: 'invalid' })).toBeVisible();
    await expect(page.locator('.row[data-name="Fresh key"] .badge.ok')).toHaveText('valid');
    await expect(page.locator('.row[data-name="Fresh key"] .badge.age')).toHaveCount(0);
    await expect(page.getByTestId('keychain-status')).toContainText('Not a persistent keychain');
    await expect(page.getByTestId('keychain-status')).toHaveClass(/bad/);
    await rows(page).filter({ hasText: 'Old key' }).click();
    await screenshot(page, '13-badges-and-keychain-warning');
  } finally {
    await b.core.cleanup();
  }
});
