/**
 * Keys at work in the app, end to end: "Where are my keys?" scans real folders and a real git
 * repository (a secret added, then deleted) for keys added through the UI; "Copy command" reaches the
 * clipboard stand-in through main's guard; a backup is exported, then imported into the same vault
 * with a review step; a wrong passphrase and a non-age file give the core's errors. The page never
 * shows a secret.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { execCommandLine, projectFileText } from '../../electron/core/exec/index.js';
import { BIN } from '../harness/cli.js';
import { addCredential, expect, screenshot as save, test } from './fixtures.js';

const OPENAI_KEY = 'sk-proj-LeakTest0123456789abcdefXYZ';
const CUSTOM_KEY = 'tok_custom_9f8e7d6c5b4a3210fedcba';
const PASSPHRASE = 'correct horse battery staple';

/** Dismisses the toasts (so they hide nothing), scrolls `focus` into view, then saves the PNG. */
async function screenshot(page: Page, name: string, focus?: string): Promise<void> {
  const close = page.getByTestId('toast').getByRole('button');
  while (await close.count()) await close.first().click();
  if (focus) await page.getByTestId(focus).scrollIntoViewIfNeeded();
  await save(page, name);
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `keydeck-e2e-${prefix}-`));
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

async function addTwoKeys(page: Page): Promise<void> {
  await addCredential(page, { kind: 'byok', provider: 'openai', name: 'OpenAI BYOK', secret: OPENAI_KEY });
  await addCredential(page, { kind: 'standard', provider: 'custom', name: 'Billing API', secret: CUSTOM_KEY });
}

async function expectNoSecretOnPage(page: Page): Promise<void> {
  const html = await page.content();
  for (const s of [OPENAI_KEY, CUSTOM_KEY, PASSPHRASE, Buffer.from(OPENAI_KEY).toString('base64')]) {
    expect(html.includes(s), 'a secret reached the page').toBe(false);
  }
}

async function openScreen(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: label }).click();
}

test('scan a folder: progress, findings without secrets, ignored folders, nothing found, bad path', async ({ app }) => {
  const dir = tempDir('scan');
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
      path.join(dir, 'src', 'config.js'),
      `// config\nexport const a = 1;\nconst key = "${OPENAI_KEY}";\n`,
    );
    fs.writeFileSync(path.join(dir, '.env'), `BILLING_TOKEN=${CUSTOM_KEY}\n`);
    fs.writeFileSync(path.join(dir, 'README.md'), '# nothing here\n');
    fs.mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'pkg', 'index.js'), `module.exports = "${OPENAI_KEY}";\n`);
    // A symlink loop and a dangling link: reported, never fatal, never followed.
    fs.symlinkSync('..', path.join(dir, 'src', 'loop'));
    fs.symlinkSync('missing-target', path.join(dir, 'broken'));

    await addTwoKeys(app);
    await openScreen(app, 'Where are my keys?');
    const screen = app.getByTestId('scan-screen');
    await expect(screen.getByRole('heading', { name: 'Where are my keys?' })).toBeVisible();
    await expect(app.getByTestId('hook-text')).toContainText('keydeck scan');

    // A path that does not exist: the core's error next to the field.
    await screen.locator('input[name=scan-path]').fill(path.join(dir, 'missing'));
    await app.getByTestId('scan-start').click();
    await expect(app.getByTestId('error-scan')).toContainText('No such file or folder');
    // A relative path means nothing to the app: asked for a full one.
    await screen.locator('input[name=scan-path]').fill('relative/dir');
    await app.getByTestId('scan-start').click();
    await expect(app.getByTestId('error-scan')).toContainText('full folder path');

    await screen.locator('input[name=scan-path]').fill(dir);
    await screen.locator('input[name=scan-path]').press('Enter');
    await expect(app.getByTestId('scan-progress')).toHaveAttribute('data-state', 'done');
    await expect(app.getByRole('progressbar', { name: 'Scan progress' })).toHaveAttribute('aria-valuenow', '100');
    await expect(app.getByTestId('scan-counts')).toContainText('3 files');
    await expect(app.getByTestId('scan-counts')).toContainText('2 findings');
    const found = app.getByTestId('finding');
    await expect(found).toHaveCount(2);
    await expect(found.filter({ hasText: 'src/config.js' })).toContainText('OpenAI BYOK');
    await expect(found.filter({ hasText: 'src/config.js' }).locator('td').nth(1)).toHaveText('3');
    await expect(found.filter({ hasText: '.env' })).toContainText('Billing API');
    await expect(found.filter({ hasText: '.env' })).toContainText('v1');
    await expect(found.filter({ hasText: '.env' })).toContainText('active');
    await expect(app.getByTestId('scan-results')).toContainText('skipped 1 ignored folder');
    await expect(app.getByTestId('toast').filter({ hasText: 'Keys found' })).toBeVisible();
    const problems = app.getByTestId('scan-problems');
    await expect(problems).toContainText('2 paths skipped');
    await problems.locator('summary').click();
    await expect(problems).toContainText('src/loop');
    await expect(problems).toContainText('symlink loop');
    await expect(problems).toContainText('broken');
    await expectNoSecretOnPage(app);
    await screenshot(app, '60-work-scan-findings');
    await app.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app, '61-work-scan-findings-dark');
    await app.emulateMedia({ colorScheme: 'light' });

    // Include ignored folders: node_modules is scanned too.
    await screen.getByLabel(/Include ignored folders/).check();
    await app.getByTestId('scan-start').click();
    await expect(found).toHaveCount(3);
    await expect(found.filter({ hasText: 'node_modules/pkg/index.js' })).toContainText('OpenAI BYOK');

    // A clean folder: the "nothing found" state.
    await screen.locator('input[name=scan-path]').fill(path.join(dir, 'README.md'));
    await app.getByTestId('scan-start').click();
    await expect(app.getByTestId('scan-empty')).toContainText('Nothing found');
    await expect(app.getByTestId('scan-empty')).toContainText('None of your keys appear here');
    await screenshot(app, '62-work-scan-nothing-found');
    await app.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app, '63-work-scan-nothing-found-dark');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('scan git history: a secret added then deleted is found with its commit; hook copies', async ({ app, bridge }) => {
  const repo = tempDir('git');
  try {
    await addTwoKeys(app);
    git(repo, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'app.py'), 'print("hello")\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'first');
    fs.writeFileSync(path.join(repo, 'secrets.py'), `# oops\nOPENAI = "${OPENAI_KEY}"\n`);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'add secret');
    const leaky = git(repo, 'rev-parse', 'HEAD').trim();
    git(repo, 'rm', '-q', 'secrets.py');
    git(repo, 'commit', '-qm', 'remove secret');
    expect(fs.existsSync(path.join(repo, 'secrets.py'))).toBe(false);

    await openScreen(app, 'Where are my keys?');
    const screen = app.getByTestId('scan-screen');
    await screen.locator('input[name=scan-path]').fill(repo);
    // Without history the working tree is clean.
    await app.getByTestId('scan-start').click();
    await expect(app.getByTestId('scan-empty')).toBeVisible();

    await screen.getByLabel(/Include git history/).check();
    await app.getByTestId('scan-start').click();
    await expect(app.getByTestId('scan-progress')).toHaveAttribute('data-state', 'done');
    await expect(app.getByTestId('scan-counts')).toContainText(/\d+ blobs?/);
    const found = app.getByTestId('finding');
    await expect(found).toHaveCount(1);
    await expect(found).toContainText('secrets.py');
    await expect(found).toContainText(leaky.slice(0, 8));
    await expect(found.locator('td').nth(1)).toHaveText('2');
    await expect(app.getByTestId('scan-results')).toContainText('in 3 commits');
    await expectNoSecretOnPage(app);
    await screenshot(app, '64-work-scan-git-history');

    // A folder that is not a repository, with the git option: the core's error next to the field.
    const plain = tempDir('plain');
    try {
      await screen.locator('input[name=scan-path]').fill(plain);
      await app.getByTestId('scan-start').click();
      await expect(app.getByTestId('error-scan')).toContainText(/not .*git repositor/i);
      await expect(app.getByTestId('scan-progress')).toHaveAttribute('data-state', 'failed');
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
    // A file with the git option: the core's refusal next to the field.
    await screen.locator('input[name=scan-path]').fill(path.join(repo, 'app.py'));
    await app.getByTestId('scan-start').click();
    await expect(app.getByTestId('error-scan')).toContainText('needs a repository folder');

    await app.getByTestId('copy-hook').click();
    await expect.poll(() => bridge.clipboard.text).toContain('#!/usr/bin/env bash');
    await expect(app.getByTestId('toast').filter({ hasText: 'Pre-commit hook copied' })).toBeVisible();
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
});

test('a long scan shows live progress and can be cancelled', async ({ app }) => {
  const FILES = 160;
  const dir = tempDir('big');
  try {
    // 160 text files of 16 MiB each (8 KiB of text, then a sparse tail that costs no disk): cheap to
    // make, slow enough to scan that the job is still running when Cancel is pressed.
    const head = Buffer.from('lorem ipsum dolor sit amet\n'.repeat(320));
    for (let i = 0; i < FILES; i++) {
      const f = path.join(dir, `big-${i}.log`);
      fs.writeFileSync(f, head);
      fs.truncateSync(f, 16 * 1024 * 1024);
    }
    await addCredential(app, { kind: 'byok', provider: 'openai', name: 'OpenAI BYOK', secret: OPENAI_KEY });
    await openScreen(app, 'Where are my keys?');
    await app.getByTestId('scan-screen').locator('input[name=scan-path]').fill(dir);
    await app.getByTestId('scan-start').click();
    const progress = app.getByTestId('scan-progress');
    await expect(progress).toHaveAttribute('data-state', 'running');
    await expect(app.getByTestId('scan-start')).toBeDisabled();
    await expect(app.getByRole('progressbar', { name: 'Scan progress' })).toBeVisible();
    await app.getByTestId('scan-cancel').click();
    await expect(progress).toHaveAttribute('data-state', 'cancelled');
    await expect(progress).toContainText('Cancelled');
    await expect(app.getByTestId('toast').filter({ hasText: 'Scan cancelled' })).toBeVisible();
    await expect(app.getByTestId('scan-start')).toBeEnabled();
    // A stopped scan never claims the folder is clean.
    await expect(app.getByTestId('scan-empty')).toContainText('Stopped before the end');
    await expect(app.getByTestId('scan-empty')).not.toContainText('None of your keys appear here');
    // It stopped part-way: fewer files were counted than there are.
    const counted = Number(
      (await app.getByTestId('scan-counts').innerText()).replace(/[^\d].*$/s, '').replace(/,/g, ''),
    );
    expect(counted).toBeLessThan(FILES);
    await screenshot(app, '59-work-scan-cancelled');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('copy command: keydeck exec line and .keydeck file through the clipboard guard', async ({ app, bridge }) => {
  await openScreen(app, 'Projects & backups');
  await expect(app.getByTestId('project-empty')).toContainText('no keys yet');
  await screenshot(app, '65-work-projects-empty');
  await openScreen(app, 'Credentials');
  await addTwoKeys(app);
  await openScreen(app, 'Projects & backups');
  const card = app.getByTestId('project-card');
  await expect(app.getByTestId('project-hint')).toBeVisible();
  await card.getByLabel(/OpenAI BYOK/).check();
  await card.getByLabel(/Billing API/).check();
  const ws = bridge.core.workspaces.active().name;
  const names = ['OpenAI BYOK', 'Billing API'];
  const expected = execCommandLine({ credentials: names, workspace: ws, command: ['npm', 'run', 'dev'] });
  await expect(app.getByTestId('exec-command')).toHaveText(expected);
  await expect(app.getByTestId('project-file')).toHaveText(projectFileText(names, ws).trimEnd());
  await expect(card).toContainText('Sets OPENAI_API_KEY');

  await app.getByTestId('copy-command').click();
  await expect.poll(() => bridge.clipboard.text).toBe(expected);
  await expect(app.getByTestId('toast').filter({ hasText: 'Command copied' })).toBeVisible();
  await app.getByTestId('copy-project-file').click();
  await expect.poll(() => bridge.clipboard.text).toBe(projectFileText(names, ws));

  // A command with quotes is split like a shell would, and quoted back.
  await card.locator('input[name=exec-command]').fill(`node -e "console.log(1)"`);
  const quoted = execCommandLine({ credentials: names, workspace: ws, command: ['node', '-e', 'console.log(1)'] });
  await expect(app.getByTestId('exec-command')).toHaveText(quoted);
  // Bad input: an unclosed quote, an empty command: the core's message next to the field.
  await card.locator('input[name=exec-command]').fill(`echo "oops`);
  await expect(app.getByTestId('error-command')).toContainText('unclosed " quote');
  await card.locator('input[name=exec-command]').fill('   ');
  await expect(app.getByTestId('error-command')).toContainText('Give the command to run');
  await card.locator('input[name=exec-command]').fill('npm run dev');
  await expect(app.getByTestId('exec-command')).toHaveText(expected);
  await expectNoSecretOnPage(app);
  await screenshot(app, '66-work-projects-command');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '67-work-projects-command-dark');
});

test('save .keydeck to a folder: names only, 0644, replace only once confirmed, bad folders; keydeck exec uses it', async ({
  app,
  bridge,
}) => {
  const dir = tempDir('project');
  try {
    await addTwoKeys(app);
    await openScreen(app, 'Projects & backups');
    const card = app.getByTestId('project-card');
    await card.getByLabel(/OpenAI BYOK/).check();
    await card.getByLabel(/Billing API/).check();
    const ws = bridge.core.workspaces.active().name;
    const field = app.getByTestId('save-project-form').locator('input[name=project-folder]');
    const save = app.getByTestId('save-project-file');
    const error = app.getByTestId('error-project-folder');
    const file = path.join(dir, '.keydeck');

    // Bad folders: none given, missing, relative, a file, a .keydeck folder in the way. Nothing is written.
    await save.click();
    await expect(error).toContainText('Give the project folder');
    await field.fill(path.join(dir, 'missing'));
    await save.click();
    await expect(error).toHaveText(`The folder ${path.join(dir, 'missing')} does not exist.`);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false);
    await screenshot(app, '82-work-save-keydeck-missing-folder', 'save-project-form');
    await field.fill('relative/dir');
    await save.click();
    await expect(error).toContainText('full folder path');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'notes\n');
    await field.fill(path.join(dir, 'notes.txt'));
    await save.click();
    await expect(error).toContainText('is a file');
    // A folder named .keydeck is in the way: refused, left alone.
    const odd = path.join(dir, 'odd');
    fs.mkdirSync(path.join(odd, '.keydeck'), { recursive: true });
    await field.fill(odd);
    await save.click();
    await expect(error).toContainText('is a folder');
    expect(fs.readdirSync(path.join(odd, '.keydeck'))).toEqual([]);
    fs.rmSync(odd, { recursive: true });
    expect(fs.readdirSync(dir)).toEqual(['notes.txt']);

    // Written: exactly the core's projectFileText, mode 0644, no secret, no temp file left behind.
    await field.fill(dir);
    await expect(error).toHaveCount(0);
    await field.press('Enter');
    await expect(app.getByTestId('save-result')).toContainText(`Saved ${file} with 2 names`);
    await expect(app.getByTestId('toast').filter({ hasText: '.keydeck saved' })).toBeVisible();
    expect(fs.readFileSync(file, 'utf8')).toBe(projectFileText(['OpenAI BYOK', 'Billing API'], ws));
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('644');
    const written = fs.readFileSync(file, 'utf8');
    for (const secret of [OPENAI_KEY, CUSTOM_KEY]) expect(written.includes(secret)).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['.keydeck', 'notes.txt']);
    await screenshot(app, '83-work-save-keydeck-saved', 'save-project-form');

    // An existing .keydeck (the user's own, 0600): refused until confirmed; "Keep" leaves it as it is.
    const theirs = '{"credentials": ["hand written"]}\n';
    fs.writeFileSync(file, theirs, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    await card.getByLabel(/Billing API/).uncheck();
    await save.click();
    const ask = app.getByTestId('replace-confirm');
    await expect(ask).toContainText('This folder already has a .keydeck. Replace it with the 1 name above?');
    await expect(app.getByTestId('keep-project-file')).toBeFocused();
    await expect(save).toBeDisabled();
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs);
    await screenshot(app, '84-work-save-keydeck-replace', 'save-project-form');
    await app.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app, '85-work-save-keydeck-replace-dark', 'save-project-form');
    await app.emulateMedia({ colorScheme: 'light' });
    await app.getByTestId('keep-project-file').click();
    await expect(ask).toHaveCount(0);
    await expect(field).toBeFocused();
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs);

    // Asked again and confirmed: replaced, with the core's text and 0644.
    await save.click();
    await app.getByTestId('replace-project-file').click();
    await expect(app.getByTestId('save-result')).toContainText(`Replaced ${file} with 1 name`);
    await expect(ask).toHaveCount(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(projectFileText(['OpenAI BYOK'], ws));
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('644');
    expect(fs.readdirSync(dir).sort()).toEqual(['.keydeck', 'notes.txt']);
    await expectNoSecretOnPage(app);
    await screenshot(app, '86-work-save-keydeck-replaced', 'save-project-form');

    // The real CLI in that folder, with no --cred: the file alone puts the key in the environment
    // (hashed, so the output masker has nothing to hide), and only the names it lists.
    const billingVar = bridge.core.credentials.get('Billing API').envVar;
    const script =
      "const h = require('crypto').createHash('sha256').update(process.env.OPENAI_API_KEY ?? '').digest('hex');" +
      `console.log(JSON.stringify({ h, billing: ${JSON.stringify(billingVar)} in process.env }));`;
    const run = spawnSync(process.execPath, [BIN, 'exec', '--', 'node', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, KEYDECK_HOME: bridge.core.home, KEYDECK_SERVICE: bridge.core.vault.service },
      timeout: 30_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { h: string; billing: boolean };
    expect(out.h).toBe(createHash('sha256').update(OPENAI_KEY).digest('hex'));
    expect(out.billing).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(OPENAI_KEY);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('backup: export, import into the same vault with review, wrong passphrase, non-age file', async ({
  app,
  bridge,
}) => {
  const dir = tempDir('backup');
  try {
    await addTwoKeys(app);
    await openScreen(app, 'Projects & backups');
    const ex = app.getByTestId('export-form');
    const file = path.join(dir, 'vault.age');
    await ex.locator('input[name=export-output]').fill(file);
    // Passphrases that differ are caught before anything is written.
    await ex.locator('input[name=export-passphrase]').fill(PASSPHRASE);
    await ex.locator('input[name=export-passphrase-again]').fill('something else');
    await app.getByTestId('export-submit').click();
    await expect(app.getByTestId('error-export-again')).toContainText('differ');
    expect(fs.existsSync(file)).toBe(false);

    await ex.locator('input[name=export-passphrase]').fill(PASSPHRASE);
    await ex.locator('input[name=export-passphrase-again]').fill(PASSPHRASE);
    await app.getByTestId('export-submit').click();
    await expect(app.getByTestId('export-result')).toContainText('2 credentials');
    await expect(app.getByTestId('export-result')).toContainText(file);
    expect(fs.readFileSync(file).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(fs.readFileSync(file).includes(OPENAI_KEY)).toBe(false);
    // The passphrase fields are emptied once used.
    await expect(ex.locator('input[name=export-passphrase]')).toHaveValue('');
    // Exporting again onto the same file is refused unless asked.
    await ex.locator('input[name=export-passphrase]').fill(PASSPHRASE);
    await ex.locator('input[name=export-passphrase-again]').fill(PASSPHRASE);
    await app.getByTestId('export-submit').click();
    await expect(app.getByTestId('error-export')).toContainText('already exists');
    // The error goes once the form changes.
    await ex.getByLabel('Replace the file if it exists').check();
    await expect(app.getByTestId('error-export')).toHaveCount(0);
    await ex.getByLabel('Replace the file if it exists').uncheck();

    // Change the vault after the backup: one credential deleted, one edited.
    await bridge.core.credentials.delete('Billing API');
    await bridge.core.credentials.update('OpenAI BYOK', { note: 'edited after the backup' });

    const im = app.getByTestId('import-form');
    // Not an age file.
    const plain = path.join(dir, 'notes.txt');
    fs.writeFileSync(plain, 'just some notes\n');
    await im.locator('input[name=import-path]').fill(plain);
    await app.getByTestId('import-next').click();
    await expect(app.getByTestId('error-import')).toContainText('not an age-encrypted');

    // Wrong passphrase: a clear error, nothing changes.
    await im.locator('input[name=import-path]').fill(file);
    await app.getByTestId('import-next').click();
    await im.locator('input[name=import-passphrase]').fill('wrong passphrase');
    await app.getByTestId('import-next').click();
    await expect(app.getByTestId('error-import')).toContainText('Wrong passphrase');
    expect(bridge.core.credentials.list().map((c) => c.name)).toEqual(['OpenAI BYOK']);
    await screenshot(app, '68-work-import-wrong-passphrase', 'import-form');

    await im.locator('input[name=import-passphrase]').fill(PASSPHRASE);
    await app.getByTestId('import-next').click();
    const review = app.getByTestId('import-review');
    await expect(review).toBeVisible();
    await expect(app.getByTestId('review-add')).toContainText('Billing API');
    await expect(app.getByTestId('review-update')).toContainText('OpenAI BYOK');
    await expect(review.getByLabel(/OpenAI BYOK/)).toBeChecked();
    await expectNoSecretOnPage(app);
    await screenshot(app, '69-work-import-review', 'import-review');
    await app.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app, '70-work-import-review-dark', 'import-review');
    await app.emulateMedia({ colorScheme: 'light' });

    // Keep the local edit: untick the overwrite; the new one is added.
    await review.getByLabel(/OpenAI BYOK/).uncheck();
    await app.getByTestId('import-apply').click();
    const result = app.getByTestId('import-result');
    await expect(result).toContainText('1 added, 0 updated, 1 skipped');
    await expect(result).toContainText('Skipped OpenAI BYOK: exists; not overwritten');
    expect(bridge.core.credentials.get('OpenAI BYOK').note).toBe('edited after the backup');
    expect((await bridge.core.credentials.readSecret('Billing API')).secret).toBe(CUSTOM_KEY);

    // Again, now overwriting: the edit is replaced by the backup's version; the rest is unchanged.
    await app.getByTestId('import-next').click();
    await im.locator('input[name=import-passphrase]').fill(PASSPHRASE);
    await app.getByTestId('import-next').click();
    await expect(app.getByTestId('review-unchanged')).toContainText('Billing API');
    await app.getByTestId('import-apply').click();
    await expect(result).toContainText('0 added, 1 updated, 1 skipped');
    await expect(result).toContainText('Skipped Billing API: unchanged');
    expect(bridge.core.credentials.get('OpenAI BYOK').note ?? '').not.toBe('edited after the backup');
    await expectNoSecretOnPage(app);
    await screenshot(app, '71-work-import-result', 'import-result');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('backup to age recipients: a bad recipient is refused; import asks for the identity file', async ({
  app,
  bridge,
}) => {
  const dir = tempDir('age');
  try {
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    const idFile = path.join(dir, 'keys.txt');
    fs.writeFileSync(idFile, `# created: test\n${identity}\n`, { mode: 0o600 });
    const other = path.join(dir, 'other.txt');
    fs.writeFileSync(other, `${await generateIdentity()}\n`);

    await addCredential(app, { kind: 'byok', provider: 'openai', name: 'OpenAI BYOK', secret: OPENAI_KEY });
    await openScreen(app, 'Projects & backups');
    const ex = app.getByTestId('export-form');
    const ws = bridge.core.workspaces.active().name;
    await ex.locator('select[name=export-scope]').selectOption(ws);
    await ex.getByRole('radio', { name: 'age recipients' }).check({ force: true });
    const file = path.join(dir, 'team.age');
    await ex.locator('input[name=export-output]').fill(file);
    // Nothing given, then a malformed recipient: refused, nothing written.
    await app.getByTestId('export-submit').click();
    await expect(app.getByTestId('error-export-recipients')).toContainText('at least one age recipient');
    await ex.locator('textarea[name=export-recipients]').fill('age1notakey');
    await app.getByTestId('export-submit').click();
    await expect(app.getByTestId('error-export')).toContainText('Not an age recipient');
    expect(fs.existsSync(file)).toBe(false);
    await ex.locator('textarea[name=export-recipients]').fill(recipient);
    await app.getByTestId('export-submit').click();
    await expect(app.getByTestId('export-result')).toContainText('encrypted to 1 recipient');
    await expect(app.getByTestId('export-result')).toContainText('1 workspace');

    await bridge.core.credentials.delete('OpenAI BYOK');
    const im = app.getByTestId('import-form');
    await im.locator('input[name=import-path]').fill(file);
    await app.getByTestId('import-next').click();
    // Encrypted to recipients: the form asks for the identity file, not a passphrase.
    await expect(im.locator('input[name=import-passphrase]')).toHaveCount(0);
    await im.locator('input[name=import-identity]').fill(other);
    await app.getByTestId('import-next').click();
    await expect(app.getByTestId('error-import')).toContainText('None of the identities can open this backup');
    await im.locator('input[name=import-identity]').fill(path.join(dir, 'missing.txt'));
    await app.getByTestId('import-next').click();
    await expect(app.getByTestId('error-import')).toContainText('Cannot read the identity file');
    await im.locator('input[name=import-identity]').fill(idFile);
    await app.getByTestId('import-next').click();
    await expect(app.getByTestId('review-add')).toContainText('OpenAI BYOK');
    await app.getByTestId('import-apply').click();
    await expect(app.getByTestId('import-result')).toContainText('1 added, 0 updated, 0 skipped');
    expect((await bridge.core.credentials.readSecret('OpenAI BYOK')).secret).toBe(OPENAI_KEY);
    await expectNoSecretOnPage(app);
    expect(await app.content()).not.toContain(identity);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
