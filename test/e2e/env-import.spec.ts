/**
 * The app's `.env` import, end to end through the real handlers (issue 16 §4): a file chosen in Projects
 * is previewed (variable, provider, action; no value on the page), imported, and the result warns about
 * the key git already holds, with its commit; the credential shows "Leaked: rotate". A file dropped on
 * the window opens the same preview (its path comes from the test, as Electron's webUtils gives it in
 * the app). Screenshots at 820×520; axe clean.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectClean } from './axe.js';
import { expect, rows, screenshot, test } from './fixtures.js';

const OPENAI_KEY = 'sk-proj-' + 'E2eImport0123456789abcdefghijklmnopqrstuv';
const SHOP_TOKEN = 'tok_e2e_' + '7a'.repeat(12);

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  }).trim();
}

async function openScreen(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: label }).click();
}

async function expectNoSecretOnPage(page: Page): Promise<void> {
  const html = await page.content();
  for (const s of [OPENAI_KEY, SHOP_TOKEN]) expect(html.includes(s), 'a secret reached the page').toBe(false);
}

test('choose a .env in Projects: preview, import, leaked warning with the commit, badge', async ({ app }) => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-e2e-envimport-'));
  try {
    git(repo, 'init', '-q', '-b', 'main');
    const file = path.join(repo, '.env');
    fs.writeFileSync(file, `# app\nOPENAI_API_KEY=${OPENAI_KEY}\nPORT=3000\n`);
    git(repo, 'add', '.env');
    git(repo, 'commit', '-qm', 'env');
    const commit = git(repo, 'rev-parse', 'HEAD');
    fs.appendFileSync(file, `SHOP_TOKEN="${SHOP_TOKEN}" # live\n`);

    await app.setViewportSize({ width: 820, height: 520 });
    await openScreen(app, 'Projects & backups');
    const card = app.getByTestId('env-file-card');
    await card.getByLabel('File').fill(file);
    await card.getByRole('button', { name: 'Preview' }).click();
    const dialog = app.getByTestId('env-import');
    await expect(dialog.getByRole('heading', { name: 'Import a .env file' })).toBeVisible();
    const table = dialog.getByTestId('env-import-table').locator('tbody tr');
    await expect(table).toHaveCount(3);
    await expect(table.nth(0)).toContainText('OPENAI_API_KEY');
    await expect(table.nth(0)).toContainText('OpenAI (by name and shape)');
    await expect(table.nth(0)).toContainText('New credential “OpenAI”');
    await expect(table.nth(1)).toContainText('Leave as is');
    await expect(table.nth(2)).toContainText('New credential “SHOP_TOKEN”');
    await expect(dialog).toContainText('git tracks .env: its history still holds the values');
    await expectNoSecretOnPage(app);
    await screenshot(app, 'env-import-preview-820x520');
    await expectClean(app, 'env import preview');

    await dialog.getByTestId('env-import-apply').click();
    const result = dialog.getByTestId('env-import-result');
    await expect(result).toContainText('2 created, 0 referenced, 1 left as is');
    const leaks = dialog.getByTestId('env-import-leaks');
    await expect(leaks).toContainText(`OPENAI_API_KEY (“OpenAI”): commit ${commit.slice(0, 12)} in .env`);
    await expect(leaks).not.toContainText('SHOP_TOKEN');
    await expectNoSecretOnPage(app);
    await screenshot(app, 'env-import-result-820x520');
    await expectClean(app, 'env import result');
    await dialog.getByRole('button', { name: 'Done' }).click();

    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(
      '# app\nOPENAI_API_KEY=keydeck://Personal/OpenAI\nPORT=3000\nSHOP_TOKEN=keydeck://Personal/SHOP_TOKEN # live\n',
    );
    await openScreen(app, 'Credentials');
    const row = rows(app).filter({ hasText: 'OpenAI' });
    await expect(row.first().getByTestId('leak-badge')).toHaveText('Leaked: rotate');
    await screenshot(app, 'env-import-badge-820x520');
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
});

test('drop a .env on the window: the same preview; a file without secrets changes nothing', async ({ app }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-e2e-envdrop-'));
  try {
    const file = path.join(dir, '.env');
    const body = 'PORT=8080\nAPI_URL=https://example.com\nDEBUG=true\n';
    fs.writeFileSync(file, body);
    await app.evaluate((p) => {
      (window as unknown as { __keydeckFilePaths: Record<string, string> }).__keydeckFilePaths = { '.env': p };
      const dt = new DataTransfer();
      dt.items.add(new File(['ignored'], '.env', { type: 'text/plain' }));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, file);
    const dialog = app.getByTestId('env-import');
    await expect(dialog.getByTestId('env-import-none')).toContainText('No secrets in this file');
    await expect(dialog.getByTestId('env-import-apply')).toBeDisabled();
    await expect(dialog.getByTestId('env-import-table').locator('tbody tr')).toHaveCount(3);
    await expectClean(app, 'env import, nothing to import');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(body);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
