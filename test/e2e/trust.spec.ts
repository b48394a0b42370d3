/**
 * "Allowed projects" in the app (issue 16 §5), end to end through the real handlers: a hand-written
 * `.keydeck` naming keys of another workspace shows as not allowed; "Allow…" opens a modal dialog that
 * shows the workspace and every name before anything is recorded; Cancel records nothing; a file that
 * changes while the dialog is open is not allowed; a changed file and a symlinked one are shown as such.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectClean } from './axe.js';
import { expect, screenshot as save, test } from './fixtures.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function screenshot(page: Page, name: string): Promise<void> {
  const close = page.getByTestId('toast').getByRole('button');
  while (await close.count()) await close.first().click();
  await page.getByTestId('trust-card').scrollIntoViewIfNeeded();
  await save(page, name);
}

test('a .keydeck is allowed only through the dialog that shows its workspace and names', async ({ app, bridge }) => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-e2e-trust-')));
  try {
    await bridge.core.credentials.create(
      { name: 'OpenAI', kind: 'byok', provider: 'openai' },
      'sk-dev-E2eTrust0123456789abcdefgh',
    );
    await bridge.core.workspaces.add('Production');
    await bridge.core.credentials.create(
      { name: 'OpenAI', kind: 'byok', provider: 'openai', workspace: 'Production' },
      'sk-prod-E2eTrust0123456789abcdefg',
    );
    const file = path.join(dir, '.keydeck');
    const text = JSON.stringify({ credentials: ['OpenAI'], workspace: 'Production' }) + '\n';
    fs.writeFileSync(file, text);

    await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Projects & backups' }).click();
    const card = app.getByTestId('trust-card');
    const field = card.getByRole('textbox', { name: 'Project folder', exact: true });
    const state = app.getByTestId('trust-state');

    // Bad input: no folder, a missing folder.
    await app.getByTestId('trust-check').click();
    await expect(app.getByTestId('error-trust-folder')).toContainText('Give the project folder');
    await field.fill(path.join(dir, 'missing'));
    await field.press('Enter');
    await expect(app.getByTestId('error-trust-folder')).toContainText('does not exist');
    await expect(field).toHaveAttribute('aria-invalid', 'true');

    // Not allowed: the state, the workspace and the names.
    await field.fill(dir);
    await field.press('Enter');
    await expect(state).toContainText('Not allowed');
    await expect(state).toContainText(file);
    await expect(state).toContainText('Asks for 1 credential of workspace Production: OpenAI.');
    await expectClean(app, 'trust card, not allowed');
    await screenshot(app, '90-trust-not-allowed');

    // The dialog: modal, names the workspace and each key; Escape closes it and records nothing.
    await app.getByTestId('trust-allow').click();
    const dialog = app.getByRole('dialog', { name: 'Allow this .keydeck?' });
    await expect(dialog).toBeVisible();
    await expect(app.getByTestId('trust-dialog-workspace')).toHaveText('Production');
    await expect(app.getByTestId('trust-dialog-names').getByRole('listitem')).toHaveText(['OpenAI']);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused(); // the safe answer first
    await expectClean(app, 'allow dialog');
    await save(app, '91-trust-allow-dialog');
    await app.setViewportSize({ width: 560, height: 480 });
    await save(app, '92-trust-allow-dialog-small');
    await app.emulateMedia({ colorScheme: 'dark' });
    await save(app, '93-trust-allow-dialog-small-dark');
    await app.emulateMedia({ colorScheme: 'light' });
    await app.setViewportSize({ width: 1280, height: 800 });
    await app.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(app.getByTestId('trust-allow')).toBeFocused();
    expect(bridge.core.trust.list()).toEqual([]);

    // The file changes while the dialog is open: what was shown is not what is there, so nothing is allowed.
    await app.getByTestId('trust-allow').click();
    fs.writeFileSync(file, text.replace(']', ', "Stripe"]'));
    await app.getByTestId('trust-dialog-allow').click();
    await expect(app.getByTestId('error-trust-folder')).toContainText('changed after it was shown to you');
    expect(bridge.core.trust.list()).toEqual([]);
    await expect(state).toContainText('OpenAI, Stripe');

    // Allowed: the record holds the content shown.
    fs.writeFileSync(file, text);
    await app.getByTestId('trust-check').click();
    await expect(state).toContainText('Asks for 1 credential');
    await app.getByTestId('trust-allow').click();
    await app.getByTestId('trust-dialog-allow').click();
    await expect(state).toContainText('Allowed');
    await expect(app.getByTestId('trust-deny')).toBeVisible();
    const [rec] = bridge.core.trust.list();
    expect(rec).toMatchObject({ path: file, kind: 'project', workspace: 'Production', credentials: ['OpenAI'] });
    expect(rec!.sha256).toBe(sha(text));
    await screenshot(app, '94-trust-allowed');

    // One byte changed: shown as changed, and Allow… says so.
    fs.appendFileSync(file, ' ');
    await app.getByTestId('trust-check').click();
    await expect(state).toContainText('Changed since allowed');
    await app.getByTestId('trust-allow').click();
    await expect(dialog).toContainText('changed since you allowed it');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await screenshot(app, '95-trust-changed');

    // Stop allowing.
    fs.writeFileSync(file, text);
    await app.getByTestId('trust-check').click();
    await app.getByTestId('trust-deny').click();
    await expect(state).toContainText('Not allowed');
    expect(bridge.core.trust.list()).toEqual([]);

    // A symlinked .keydeck: refused, never followed.
    const linked = path.join(dir, 'linked');
    fs.mkdirSync(linked);
    fs.symlinkSync(file, path.join(linked, '.keydeck'));
    await field.fill(linked);
    await field.press('Enter');
    await expect(app.getByTestId('error-trust-folder')).toContainText('is a symbolic link');
    await expect(state).toHaveCount(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
