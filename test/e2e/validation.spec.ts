/**
 * Validation in the app, end to end: the real IPC handlers over a real core and keyring (see bridge.ts)
 * probe a real mock provider server on 127.0.0.1 (test/harness/mock-provider.ts). Covers the detail
 * pane's Validate (each classification, with HTTP status and scrubbed detail), validate on save (on and
 * off), the BYOK router check (byok vs system), "validate all" with its progress bar and concurrency
 * limit, inline format checks in the add and rotate forms, the validation settings (and their bad base
 * URLs), and the rotate wizard's provider steps.
 */
import net from 'node:net';
import type { Page } from '@playwright/test';
import type { ProviderId } from '../../shared/providers.js';
import { startMockProvider, type MockMode, type MockProvider } from '../harness/mock-provider.js';
import type { Bridge } from './bridge.js';
import { expect, inParallel, rows, screenshot, test } from './fixtures.js';

let mock: MockProvider;
test.beforeAll(async () => {
  mock = await startMockProvider();
});
test.afterAll(() => mock.close());

let n = 0;
const openaiKey = () => `sk-proj-${String(++n).padStart(4, '0')}${'A1b2C3d4'.repeat(6)}`;
const anthropicKey = () => `sk-ant-api03-${String(++n).padStart(4, '0')}${'Zz9Yy8Xx'.repeat(12)}`;
const inworldKey = () => Buffer.from(`iw${++n}:secret${n}abcdef`).toString('base64');

/** Stores a credential through the core with its base URL on the mock, registered there as `mode`. */
async function seed(
  bridge: Bridge,
  provider: ProviderId,
  name: string,
  mode: MockMode,
  kind: 'standard' | 'byok' = provider === 'inworld' ? 'standard' : 'byok',
) {
  const secret = provider === 'inworld' ? inworldKey() : provider === 'anthropic' ? anthropicKey() : openaiKey();
  mock.setKey(provider, secret, mode);
  await bridge.core.credentials.create({ name, kind, provider, baseUrl: mock.baseUrl(provider) }, secret);
  return secret;
}

/** Sets the validation settings through the Settings screen. */
async function settings(app: Page, s: { onSave?: boolean; timeout?: string; baseUrl?: string }) {
  await app.getByRole('button', { name: 'Settings' }).click();
  if (s.onSave !== undefined) await app.locator('input[name=validateOnSave]').setChecked(s.onSave);
  if (s.timeout !== undefined) await app.locator('input[name=validationTimeoutSeconds]').fill(s.timeout);
  if (s.baseUrl !== undefined) await app.locator('input[name=globalBaseUrl]').fill(s.baseUrl);
  await app.getByRole('button', { name: 'Save', exact: true }).click();
}

const toasts = (app: Page) => app.getByTestId('toast');

test('Validate in the detail pane: every classification, with HTTP status, time and scrubbed detail', async ({
  app,
  bridge,
}) => {
  const secret = await seed(bridge, 'openai', 'OpenAI BYOK', 'ok');
  await app.reload();
  const card = app.getByTestId('validation-card');
  await expect(card).toContainText('Not checked yet');

  const cases: [MockMode, string, string | undefined][] = [
    ['ok', 'Valid', 'HTTP 200'],
    ['invalid', 'Invalid key', 'HTTP 401'],
    ['forbidden', 'Forbidden', 'HTTP 403'],
    ['no_credit', 'No credit', 'HTTP 402'],
    ['rate_limited', 'Rate limited', 'HTTP 429'],
    ['server_error', 'Unexpected reply', 'HTTP 500'],
    ['non_json', 'Unexpected reply', 'HTTP 200'],
    ['non_json_error', 'Unexpected reply', 'HTTP 502'],
    ['huge', 'Valid', 'HTTP 200'],
    ['huge_error', 'Invalid key', 'HTTP 401'],
    ['redirect', 'Unexpected reply', 'HTTP 302'],
    ['hang', 'Timed out', undefined],
  ];
  for (const [mode, label, http] of cases) {
    if (mode === 'hang') {
      // A 1 s limit only for the request that never answers: the others get the default, so a loaded
      // machine's slow answer is not taken for a timeout.
      await settings(app, { timeout: '1' });
      await expect(toasts(app).last()).toContainText('Settings saved');
      await app.getByRole('button', { name: 'Credentials' }).click();
    }
    mock.setKey('openai', secret, mode);
    await card.getByTestId('validate').click();
    await expect(card.getByTestId('validation-status'), mode).toHaveText(label);
    if (http) await expect(card.getByTestId('validation-http'), mode).toHaveText(http);
    else await expect(card.getByTestId('validation-http'), mode).toHaveCount(0);
    await expect(card.getByTestId('validate')).toBeEnabled();
    const stored = bridge.core.credentials.get('OpenAI BYOK').validation!;
    expect(stored.status, mode).toBe(
      { Valid: 'valid', 'Invalid key': 'invalid', Forbidden: 'forbidden', 'No credit': 'no_credit' }[label] ??
        { 'Rate limited': 'rate_limited', 'Unexpected reply': 'unexpected', 'Timed out': 'timeout' }[label],
    );
    // The key never reaches the page, the stored result or the shown detail.
    await expect(card).not.toContainText(secret);
    expect(JSON.stringify(stored)).not.toContain(secret);
    if (mode === 'invalid') {
      await expect(card.getByTestId('validation-detail')).toContainText('Incorrect API key');
      await expect(card).toContainText('checked just now');
      await expect(app.locator('.row[data-name="OpenAI BYOK"] [data-testid=validation-badge]')).toHaveText('invalid');
      await screenshot(app, '20-validation-invalid');
    }
    if (mode === 'non_json_error') {
      // The provider's HTML echoed the key: what is shown has it scrubbed.
      await expect(card.getByTestId('validation-detail')).toContainText('Bad Gateway');
    }
    if (mode === 'huge') await expect(card.getByTestId('validation-detail')).toContainText('read in part');
    if (mode === 'huge_error') {
      expect((stored.detail ?? '').length).toBeLessThanOrEqual(500);
    }
  }
  // The redirect went nowhere with the key: the other host saw nothing.
  expect(mock.otherHostRequests).toHaveLength(0);
  // A toast announces each result (aria-live region).
  await expect(toasts(app).last()).toContainText('“OpenAI BYOK”: Timed out');

  // Nothing listening at the global base URL: unreachable, and the badge says so. (A closed loopback
  // port refuses at once; a DNS failure, tested in test/core/validation/probe.test.ts, can wait behind
  // a busy thread pool past the timeout on a loaded machine and read as "Timed out".)
  mock.setKey('openai', secret, 'ok');
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const closedPort = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  await settings(app, { baseUrl: `http://127.0.0.1:${closedPort}/v1`, timeout: '5' });
  await expect(toasts(app).last()).toContainText('Settings saved');
  await app.getByRole('button', { name: 'Credentials' }).click();
  await card.getByTestId('validate').click();
  await expect(card.getByTestId('validation-status')).toHaveText('Unreachable');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '21-validation-dark');
});

test('settings: validation options, and bad base URLs shown beside the field', async ({ app, bridge }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(app.locator('input[name=validateOnSave]')).toBeChecked({
    checked: bridge.core.settings.get().validateOnSave,
  });
  await expect(app.locator('input[name=validationTimeoutSeconds]')).toHaveValue('10');
  const bad: [string, RegExp][] = [
    ['ftp://proxy.example/v1', /http or https/],
    ['https://user:pw@proxy.example/v1', /user name or password/],
    ['https://proxy.example/v1#frag', /fragment/],
    ['not a url', /is not a URL/],
  ];
  for (const [url, message] of bad) {
    await app.locator('input[name=globalBaseUrl]').fill(url);
    await app.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(app.getByTestId('error-globalBaseUrl')).toHaveText(message);
    expect(bridge.core.settings.get().globalBaseUrl).toBeUndefined();
  }
  await screenshot(app, '22-settings-bad-base-url');
  await app.locator('input[name=validationTimeoutSeconds]').fill('0');
  await app.locator('input[name=globalBaseUrl]').fill('');
  await app.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(app.getByTestId('error-validationTimeoutSeconds')).toHaveText(
    'Enter a number between 1 and 120 seconds.',
  );
  await app.locator('input[name=validationTimeoutSeconds]').fill('7');
  await app.locator('input[name=globalBaseUrl]').fill('http://127.0.0.1:8899/v1');
  await app.locator('input[name=validateOnSave]').uncheck();
  await app.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(toasts(app).last()).toContainText('Settings saved');
  expect(bridge.core.settings.get()).toMatchObject({
    validateOnSave: false,
    validationTimeoutSeconds: 7,
    globalBaseUrl: 'http://127.0.0.1:8899/v1',
  });
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '23-settings-validation-dark');
});

test('add form: inline format checks as you type; validate on save, on and off', async ({ app, bridge }) => {
  await settings(app, { baseUrl: mock.baseUrl('openai'), onSave: true });
  await expect(toasts(app).last()).toContainText('Settings saved');
  await app.getByRole('button', { name: 'Credentials' }).click();
  const sent = mock.requests.length;
  await app.getByRole('button', { name: 'Add your first key' }).click();
  const form = app.getByTestId('credential-form');
  await form.getByRole('radio', { name: 'BYOK', exact: true }).check({ force: true });
  await form.locator('select[name=provider]').selectOption('openai');
  await form.locator('input[name=name]').fill('OpenAI');
  const check = form.getByTestId('format-check');
  const secret = form.locator('[name=secret]');
  await secret.fill(anthropicKey());
  await expect(check.locator('[data-code=LOOKS_LIKE_OTHER]')).toHaveText(/looks like an? Anthropic key/);
  await expect(check.locator('[data-code=LOOKS_LIKE_OTHER]')).toHaveAttribute('data-level', 'warn');
  await screenshot(app, '24-add-looks-like');
  await secret.fill('sk-proj-abc def');
  await expect(check.locator('[data-code=INNER_WHITESPACE]')).toHaveAttribute('data-level', 'error');
  await secret.fill('gsk_looks_like_groq_000000000000000000000000000');
  await expect(check).toContainText('looks like a Groq key');
  await secret.fill('sk-brandnewshape');
  await expect(check.locator('[data-code=SHORT]')).toBeVisible();
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '25-add-format-warning-dark');
  await app.emulateMedia({ colorScheme: 'light' });
  const key = openaiKey();
  mock.setKey('openai', key, 'ok');
  await secret.fill(key);
  await expect(check).toHaveText('✓ Format looks right for OpenAI.');
  // The check is offline: typing sent nothing anywhere.
  expect(mock.requests.length).toBe(sent);
  await form.getByTestId('submit').click();
  await expect(form).toBeHidden();
  await expect(toasts(app).filter({ hasText: '“OpenAI”: Valid' })).toBeVisible();
  await expect(app.getByTestId('validation-status')).toHaveText('Valid');
  expect(bridge.core.credentials.get('OpenAI').validation?.status).toBe('valid');
  expect(bridge.calls).toContain('validation:after-save');

  // Off: saving probes nothing and stores no result.
  await settings(app, { onSave: false });
  await expect(toasts(app).last()).toContainText('Settings saved');
  await app.getByRole('button', { name: 'Credentials' }).click();
  const before = mock.requests.length;
  await app.getByRole('button', { name: /^\+ Add$/ }).click();
  await form.getByRole('radio', { name: 'BYOK', exact: true }).check({ force: true });
  await form.locator('select[name=provider]').selectOption('groq');
  await form.locator('input[name=name]').fill('Groq');
  await form.locator('[name=secret]').fill('gsk_' + 'q1W2e3R4'.repeat(7));
  await form.getByTestId('submit').click();
  await expect(form).toBeHidden();
  await expect(app.getByTestId('detail-name')).toHaveText('Groq');
  await expect(app.getByTestId('validation-card')).toContainText('Not checked yet');
  expect(mock.requests.length).toBe(before);
  expect(bridge.core.credentials.get('Groq').validation).toBeUndefined();
});

test('rotate wizard: provider steps and console link, format check, validate on save', async ({ app, bridge }) => {
  const old = await seed(bridge, 'openai', 'OpenAI', 'ok');
  await app.reload();
  await settings(app, { onSave: true });
  await expect(toasts(app).last()).toContainText('Settings saved');
  await app.getByRole('button', { name: 'Credentials' }).click();
  await expect(app.getByTestId('detail-name')).toHaveText('OpenAI');
  await app.getByRole('button', { name: 'Rotate…' }).click();
  const wizard = app.getByTestId('rotate-wizard');
  await expect(wizard.getByTestId('rotation-steps')).toContainText('How to rotate your OpenAI key');
  await expect(wizard.getByTestId('rotation-steps').locator('li').first()).toContainText('Open the OpenAI console');
  await expect(wizard.getByTestId('rotate-console-link')).toHaveAttribute(
    'href',
    'https://platform.openai.com/api-keys',
  );
  await wizard.locator('input[name=newSecret]').fill(anthropicKey());
  await expect(wizard.getByTestId('format-check')).toContainText(/looks like an? Anthropic key/);
  await screenshot(app, '26-rotate-steps');
  const next = openaiKey();
  mock.setKey('openai', next, 'invalid');
  await wizard.locator('input[name=newSecret]').fill(next);
  await wizard.getByTestId('rotate-submit').click();
  await expect(wizard.getByTestId('rotate-versions').locator('li[data-version="2"]')).toHaveAttribute(
    'data-status',
    'active',
  );
  // Validated right after the rotation, with the NEW key: the mock knows it as invalid.
  await expect(toasts(app).filter({ hasText: '“OpenAI”: Invalid key (HTTP 401)' })).toBeVisible();
  await wizard.getByRole('button', { name: 'Keep overlap' }).click();
  await expect(app.getByTestId('validation-status')).toHaveText('Invalid key');
  const auth = mock.requests.filter((r) => r.provider === 'openai').at(-1)!.headers.authorization;
  expect(auth).toBe(`Bearer ${next}`);
  expect(auth).not.toContain(old);
});

test('BYOK router check: byok when the router used the key, system when it fell back', async ({ app, bridge }) => {
  await seed(bridge, 'openai', 'OpenAI BYOK', 'ok');
  await seed(bridge, 'anthropic', 'Anthropic BYOK', 'invalid');
  await app.reload();
  await rows(app).filter({ hasText: 'OpenAI BYOK' }).click();
  const router = app.getByTestId('router-check');
  // No Inworld key yet: the core's message, next to the button.
  await router.getByTestId('router-check-run').click();
  await expect(router.getByTestId('router-error')).toContainText('needs a standard Inworld key');

  await seed(bridge, 'inworld', 'Inworld', 'ok');
  await router.getByTestId('router-check-run').click();
  await expect(router.getByTestId('router-result')).toHaveAttribute('data-outcome', 'byok');
  await expect(router.getByTestId('router-result')).toContainText('Used your key (byok)');
  await expect(router.getByTestId('router-result')).toContainText('openai/gpt-4o-mini');
  await screenshot(app, '27-router-byok');

  await rows(app).filter({ hasText: 'Anthropic BYOK' }).click();
  await router.getByTestId('router-check-run').click();
  await expect(router.getByTestId('router-result')).toHaveAttribute('data-outcome', 'system');
  await expect(router.getByTestId('router-result')).toContainText('Fell back (system)');
  await expect(toasts(app).last()).toContainText('Router fell back');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '28-router-system-dark');

  // A standard key has no router check.
  await app.reload();
  await rows(app).filter({ hasText: 'Inworld' }).click();
  await expect(app.getByTestId('validation-card')).toBeVisible();
  await expect(app.getByTestId('router-check')).toHaveCount(0);
});

test('Validate all: progress bar over a pushed job, 8 at a time, badges after', async ({ app, bridge }) => {
  const modes: MockMode[] = ['ok', 'ok', 'ok', 'invalid', 'forbidden', 'rate_limited'];
  await inParallel(24, 4, (i) =>
    seed(bridge, 'openai', `Key ${String(i).padStart(2, '0')}`, modes[i % 6]!, 'standard'),
  );
  await app.reload();
  await expect(rows(app).first()).toBeVisible();
  mock.latencyMs = 250;
  mock.maxInFlight = 0;
  try {
    await app.getByTestId('validate-all-run').click();
    const bar = app.getByTestId('validate-all-progress');
    await expect(bar).toHaveAttribute('data-state', 'running');
    await expect(app.getByTestId('validate-all-run')).toBeDisabled();
    await expect(bar).toHaveAttribute('aria-valuemax', '24');
    await screenshot(app, '29-validate-all-running');
    await expect(bar).toHaveAttribute('data-state', 'done');
  } finally {
    mock.latencyMs = 0;
  }
  await expect(app.getByTestId('validate-all-progress')).toHaveAttribute('aria-valuenow', '24');
  await expect(app.getByTestId('validate-all-text')).toHaveText('12 valid · 4 invalid · 4 forbidden · 4 rate limited');
  await expect(toasts(app).filter({ hasText: 'Validated 24 credentials' })).toBeVisible();
  expect(mock.maxInFlight).toBeLessThanOrEqual(8);
  expect(mock.maxInFlight).toBeGreaterThan(1);
  // Pushed, not polled: one call starts it, main pushes each step.
  expect(bridge.calls.filter((c) => c.startsWith('validation:') && c !== 'validation:start-all')).toEqual([]);
  expect(bridge.pushed.filter((c) => c === 'validation:all-progress').length).toBeGreaterThan(1);
  await expect(app.locator('.row[data-name="Key 03"] [data-testid=validation-badge]')).toHaveText('invalid');
  await expect(app.locator('.row[data-name="Key 00"] [data-testid=validation-badge]')).toHaveText('valid');
  const stored = bridge.core.credentials.list().map((c) => c.validation?.status);
  expect(stored.filter((s) => s === 'valid')).toHaveLength(12);
  await screenshot(app, '30-validate-all-done');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '31-validate-all-done-dark');
});

test('BYOK router check: the stored result is shown on later visits, and cleared by a rotation', async ({
  app,
  bridge,
}) => {
  await seed(bridge, 'openai', 'OpenAI BYOK', 'ok');
  await seed(bridge, 'anthropic', 'Anthropic BYOK', 'invalid');
  await seed(bridge, 'inworld', 'Inworld', 'ok');
  await app.reload();
  await rows(app).filter({ hasText: 'OpenAI BYOK' }).click();
  const router = app.getByTestId('router-check');
  await expect(router.getByTestId('router-empty')).toBeVisible();
  await router.getByTestId('router-check-run').click();
  await expect(router.getByTestId('router-result')).toHaveAttribute('data-outcome', 'byok');
  expect(bridge.core.credentials.get('OpenAI BYOK').routerCheck).toMatchObject({
    credentialType: 'byok',
    model: 'openai/gpt-4o-mini',
  });

  // Away to another key and to Settings, then back: the stored result, not a fresh run.
  const calls = () => bridge.calls.filter((c) => c === 'validation:router-check').length;
  const ran = calls();
  await rows(app).filter({ hasText: 'Anthropic BYOK' }).click();
  await expect(app.getByTestId('detail-name')).toHaveText('Anthropic BYOK');
  await expect(router.getByTestId('router-result')).toHaveCount(0);
  await expect(router.getByTestId('router-empty')).toBeVisible();
  await app.getByRole('button', { name: 'Settings' }).click();
  await app.getByRole('button', { name: 'Credentials' }).click();
  await rows(app).filter({ hasText: 'OpenAI BYOK' }).click();
  await expect(router.getByTestId('router-result')).toHaveAttribute('data-outcome', 'byok');
  await expect(router.getByTestId('router-outcome')).toHaveText('Used your key (byok)');
  await expect(router.getByTestId('router-result')).toContainText('openai/gpt-4o-mini');
  await expect(router.getByTestId('router-checked')).toContainText('checked');

  // After a restart of the renderer too: it comes from the catalog.
  await app.reload();
  await rows(app).filter({ hasText: 'OpenAI BYOK' }).click();
  await expect(router.getByTestId('router-result')).toHaveAttribute('data-outcome', 'byok');
  expect(calls()).toBe(ran);
  await screenshot(app, '32-router-stored');

  // A fallback is stored the same way.
  await rows(app).filter({ hasText: 'Anthropic BYOK' }).click();
  await router.getByTestId('router-check-run').click();
  await expect(router.getByTestId('router-result')).toHaveAttribute('data-outcome', 'system');
  await rows(app).filter({ hasText: 'OpenAI BYOK' }).click();
  await expect(router.getByTestId('router-result')).toHaveAttribute('data-outcome', 'byok');
  await rows(app).filter({ hasText: 'Anthropic BYOK' }).click();
  await expect(router.getByTestId('router-outcome')).toHaveText('Fell back (system)');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '33-router-stored-dark');

  // A rotation makes the old result meaningless: cleared.
  await bridge.core.credentials.rotate('OpenAI BYOK', openaiKey());
  await app.reload();
  await rows(app).filter({ hasText: 'OpenAI BYOK' }).click();
  await expect(router.getByTestId('router-empty')).toBeVisible();
  await expect(router.getByTestId('router-result')).toHaveCount(0);
});
