/**
 * Forms that help, in the real renderer over the real handlers: an add with several problems shows every
 * one at once, each beside its field, in words (no schema paths), and nothing is saved; a BYOK key shows
 * no Audience/Origins/Assistants; a pasted key of another provider offers "Switch to OpenAI", which sets
 * the provider and fills the empty name, and the key is then stored under OpenAI. axe on the form with its
 * errors, both themes.
 */
import { expect, screenshot, test } from './fixtures.js';
import { expectClean } from './axe.js';

test.describe.configure({ timeout: 180_000 });

test('several problems at once, each beside its field, in words; nothing saved', async ({ app, bridge }) => {
  await bridge.core.credentials.create({ name: 'Taken', kind: 'standard', provider: 'custom' }, 'tok_taken_01234567');
  await app.reload();
  await app.getByRole('button', { name: '+ Add' }).click();
  const form = app.getByTestId('credential-form');
  await form.locator('select[name=provider]').selectOption('custom');
  await form.locator('input[name=name]').fill('Taken');
  await form.locator('[name=secret]').fill('tok_fresh_0123456789');
  await form.locator('textarea[name=origins]').fill('https://app.example.com/with/a/path');
  await form.getByText('More options').click();
  await form.locator('input[name=baseUrl]').fill('ftp://files.example.com');
  await form.getByTestId('submit').click();

  await expect(form.getByTestId('error-name')).toContainText('already exists');
  await expect(form.getByTestId('error-origins')).toContainText('is not an origin like https://app.example.com');
  await expect(form.getByTestId('error-baseUrl')).toContainText('must use http or https');
  for (const f of ['name', 'origins', 'baseUrl']) {
    await expect(form.locator(`[name=${f}]`)).toHaveAttribute('aria-invalid', 'true');
    await expect(form.locator(`[name=${f}]`)).toHaveAttribute('aria-describedby', new RegExp(`error-${f}`));
  }
  // Each problem once, beside its field; nothing at the top, and no schema path anywhere.
  await expect(form.getByTestId('error-general')).toHaveCount(0);
  await expect(form).not.toContainText(/input\.|Too big|expected string/);
  expect(bridge.core.credentials.list().map((c) => c.name)).toEqual(['Taken']);
  await screenshot(app, 'forms-all-errors');
  await expectClean(app, 'add form with errors, light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await expectClean(app, 'add form with errors, dark');
  await app.emulateMedia({ colorScheme: 'light' });

  // The schema's own words, beside their fields: a tag over the limit and a bad env var name.
  await form.locator('input[name=name]').fill('Fresh');
  await form.locator('textarea[name=origins]').fill('');
  await form.locator('input[name=baseUrl]').fill('');
  await form.locator('input[name=tags]').fill(`ok, ${'t'.repeat(600)}`);
  await form.locator('input[name=envVar]').fill('9_STARTS_WITH_A_DIGIT');
  await form.getByTestId('submit').click();
  await expect(form.getByTestId('error-tags')).toHaveText(/^Tags: each is at most 512 characters\.$/);
  await expect(form.getByTestId('error-envVar')).toContainText('Env var: env var names use letters');
  await expect(form.getByTestId('error-name')).toHaveCount(0);
  expect(bridge.core.credentials.list().map((c) => c.name)).toEqual(['Taken']);

  // Fixed, it saves.
  await form.locator('input[name=tags]').fill('ok');
  await form.locator('input[name=envVar]').fill('');
  await form.getByTestId('submit').click();
  await expect(form).toBeHidden();
  await expect(app.getByTestId('detail-name')).toHaveText('Fresh');
});

test('an edit with several problems shows every one at once, each beside its field; nothing saved', async ({
  app,
  bridge,
}) => {
  await bridge.core.credentials.create({ name: 'Taken', kind: 'standard', provider: 'custom' }, 'tok_taken_01234567');
  await bridge.core.credentials.create(
    { name: 'Editable', kind: 'standard', provider: 'custom', tags: ['keep'] },
    'tok_edit_0123456789',
  );
  await app.reload();
  await app.locator('.row[data-name=Editable]').click();
  await app.getByRole('button', { name: 'Edit', exact: true }).click();
  const form = app.getByTestId('credential-form');
  await form.locator('input[name=name]').fill('Taken');
  await form.locator('textarea[name=origins]').fill('https://app.example.com/with/a/path');
  // More options is open when editing.
  await form.locator('input[name=baseUrl]').fill('ftp://files.example.com');
  await form.getByTestId('submit').click();

  await expect(form.getByTestId('error-name')).toContainText('already exists');
  await expect(form.getByTestId('error-origins')).toContainText('is not an origin like https://app.example.com');
  await expect(form.getByTestId('error-baseUrl')).toContainText('must use http or https');
  for (const f of ['name', 'origins', 'baseUrl']) {
    await expect(form.locator(`[name=${f}]`)).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(form.getByTestId('error-general')).toHaveCount(0);
  const saved = bridge.core.credentials.get('Editable');
  expect([saved.name, saved.baseUrl, saved.allowedOrigins]).toEqual(['Editable', undefined, []]);
  await screenshot(app, 'forms-edit-all-errors');

  // Fixed, it saves.
  await form.locator('input[name=name]').fill('Edited');
  await form.locator('textarea[name=origins]').fill('');
  await form.locator('input[name=baseUrl]').fill('');
  await form.getByTestId('submit').click();
  await expect(form).toBeHidden();
  await expect(app.getByTestId('detail-name')).toHaveText('Edited');
});

test('only the fields of the chosen kind: BYOK hides Audience, Origins and Assistants', async ({ app }) => {
  await app
    .getByRole('button', { name: /^\+ Add$|Add your first key/ })
    .first()
    .click();
  const form = app.getByTestId('credential-form');
  for (const f of ['select[name=audience]', 'textarea[name=origins]', 'input[name=assistants]'])
    await expect(form.locator(f)).toBeVisible();
  await form.getByRole('radio', { name: 'BYOK', exact: true }).check({ force: true });
  for (const f of ['select[name=audience]', 'textarea[name=origins]', 'input[name=assistants]'])
    await expect(form.locator(f)).toHaveCount(0);
  await expect(form.locator('input[name=scopes]')).toBeVisible();
  await screenshot(app, 'forms-byok-fields');
  await form.getByRole('radio', { name: 'Standard', exact: true }).check({ force: true });
  await expect(form.locator('textarea[name=origins]')).toBeVisible();
});

test('a pasted OpenAI key in an Inworld form offers Switch to OpenAI, which sets the provider and the empty name', async ({
  app,
  bridge,
}) => {
  await app
    .getByRole('button', { name: /^\+ Add$|Add your first key/ })
    .first()
    .click();
  const form = app.getByTestId('credential-form');
  await expect(form.locator('select[name=provider]')).toHaveValue('inworld');
  await form.locator('[name=secret]').fill('sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789ABCD');
  await expect(form.getByTestId('format-check')).toContainText('looks like an OpenAI key');
  const offer = form.getByRole('button', { name: 'Switch to OpenAI' });
  await expect(offer).toBeVisible();
  await screenshot(app, 'forms-switch-offer');
  await offer.click();
  await expect(form.locator('select[name=provider]')).toHaveValue('openai');
  await expect(form.locator('input[name=name]')).toHaveValue('OpenAI');
  await expect(offer).toHaveCount(0);
  await expect(form.getByTestId('format-check')).toContainText('Format looks right for OpenAI');
  // A typed name is kept: back to Inworld, the offer comes back, and switching keeps "My key".
  await form.locator('select[name=provider]').selectOption('inworld');
  await form.locator('input[name=name]').fill('My key');
  await form.getByRole('button', { name: 'Switch to OpenAI' }).click();
  await expect(form.locator('input[name=name]')).toHaveValue('My key');
  await form.getByTestId('submit').click();
  await expect(form).toBeHidden();
  expect(bridge.core.credentials.get('My key')).toMatchObject({ provider: 'openai' });
});
