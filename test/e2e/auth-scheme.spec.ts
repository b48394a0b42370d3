/**
 * The add form's auth scheme in the real UI: a header of its own is stored as `header:NAME`; a name the
 * shared AUTH_SCHEME pattern refuses is shown under the field, and nothing is written.
 */
import { keychainAccounts } from '../harness/core.js';
import { expect, fillAdd, test } from './fixtures.js';

test('add form: Auth "a header of its own" stores header:NAME; a bad header name is refused beside the field', async ({
  app,
  bridge,
}) => {
  const svc = { kind: 'standard' as const, provider: 'custom', name: 'Svc', secret: 'svc-key-0123456789' };
  const form = app.getByTestId('credential-form');
  await app
    .getByRole('button', { name: /^\+ Add$|Add your first key/ })
    .first()
    .click();
  await form.getByText('More options').click();
  await form.locator('input[name=baseUrl]').fill('https://svc.example.com');
  await form.locator('select[name=authScheme]').selectOption('header');
  await form.locator('input[name=authHeader]').fill('X Api Key');
  await fillAdd(app, svc);
  await expect(app.getByTestId('error-authScheme')).toHaveText(/1 to 64 letters, digits and -/);
  expect(bridge.core.credentials.list()).toHaveLength(0);
  expect(await keychainAccounts(bridge.core)).toEqual([]);

  await form.locator('input[name=authHeader]').fill('X-Api-Key');
  await form.getByTestId('submit').click();
  await expect(form).toBeHidden();
  const [cred] = bridge.core.credentials.list();
  expect(cred?.authScheme).toBe('header:X-Api-Key');
});
