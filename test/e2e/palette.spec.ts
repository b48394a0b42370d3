/**
 * Quick access and undo in the real renderer (issue 11 §2–3), keyboard only: the palette over keys and
 * actions (copy forms, reveal, star, recents first), hostile queries, delete → Undo, the Trash view with
 * rename-on-restore and emptying; axe over the palette and the trash in both themes; screenshots with
 * 1,000 keys at 820×520 and 1280×800 (test-results/screens/palette-*.png) for a person to judge.
 */
import type { Page } from '@playwright/test';
import { expect, rows, screenshot, test } from './fixtures.js';
import { expectClean } from './axe.js';
import type { Bridge } from './bridge.js';
import { fakeCredential } from '../harness/fake-credential.js';

// Long keyboard journeys on a loaded two-core machine: each step waits on its own condition.
test.describe.configure({ timeout: 240_000 });

async function seed(bridge: Bridge): Promise<void> {
  await bridge.core.credentials.create(
    { name: 'OpenAI prod', kind: 'byok', provider: 'openai', tags: ['prod'] },
    'sk-proj-palette0123456789abcdefPAL',
  );
  await bridge.core.credentials.create(
    { name: 'Inworld realtime', kind: 'realtime', provider: 'inworld', tags: ['prod'] },
    'aW53b3JsZC1wYWxldHRlOnNlY3JldC12YWx1ZS0wMTIzNDU=',
  );
  await bridge.core.credentials.create({ name: 'Billing API', kind: 'standard', provider: 'custom' }, 'tok_pal_0001');
}

const palette = (app: Page) => app.getByTestId('palette');
const input = (app: Page) => app.getByTestId('palette-input');
const paletteRows = (app: Page) => app.getByTestId('palette-row');
const activeRow = (app: Page) => app.locator('[data-testid=palette-row][aria-selected=true]');

async function openPalette(app: Page): Promise<void> {
  // Right after a reload the app may not have mounted its shortcut yet: press until the palette opens.
  await expect(async () => {
    await app.keyboard.press('Control+k');
    await expect(palette(app)).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(input(app)).toBeFocused();
}

test('palette, keyboard only: fuzzy keys, copy forms, a key’s actions, stars and recents first', async ({
  app,
  bridge,
}) => {
  await seed(bridge);
  await app.reload();
  await expect(rows(app)).toHaveCount(3);

  await openPalette(app);
  await expect(input(app)).toHaveAttribute('role', 'combobox');
  const activeId = await input(app).getAttribute('aria-activedescendant');
  await expect(app.locator(`[id="${activeId}"]`)).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.type('oai');
  await expect(activeRow(app)).toContainText('OpenAI prod');
  await app.keyboard.press('Enter');
  await expect(palette(app)).toBeHidden();
  await expect.poll(() => bridge.clipboard.text).toBe('Authorization: Bearer sk-proj-palette0123456789abcdefPAL');

  // "#prod" and "prod inworld" find things; an action word picks the copy form.
  await openPalette(app);
  await app.keyboard.type('#prod');
  await expect(paletteRows(app)).toHaveCount(2);
  await input(app).fill('prod inworld');
  await expect(paletteRows(app)).toHaveCount(1);
  await expect(activeRow(app)).toContainText('Inworld realtime');
  await input(app).fill('curl open');
  await expect(activeRow(app)).toContainText('Copy curl command — OpenAI prod');
  await app.keyboard.press('Enter');
  await expect.poll(() => bridge.clipboard.text).toContain('curl ');

  // → opens a key's actions; Reveal shows it in the detail pane.
  await openPalette(app);
  await app.keyboard.type('billing');
  await app.keyboard.press('ArrowRight');
  await expect(input(app)).toHaveAccessibleName('Actions for Billing API');
  await app.keyboard.type('reveal');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('secret-value')).toContainText('tok_pal_0001');

  // Star Billing from the palette; the opening list puts it first, then the most recent copy.
  await openPalette(app);
  await app.keyboard.type('star billing');
  await expect(activeRow(app)).toContainText('Star — Billing API');
  await app.keyboard.press('Enter');
  await expect.poll(() => bridge.core.preferences.get().favourites.length).toBe(1);
  await openPalette(app);
  await expect(paletteRows(app).nth(0)).toContainText('Billing API');
  await expect(paletteRows(app).nth(1)).toContainText('OpenAI prod');
  await app.keyboard.press('ArrowDown');
  await expect(activeRow(app)).toContainText('OpenAI prod');
  await app.keyboard.press('Escape');
  await expect(palette(app)).toBeHidden();

  // Mint a JWT for the realtime key, from the palette.
  await openPalette(app);
  await app.keyboard.type('mint inworld');
  await expect(activeRow(app)).toContainText('Mint a JWT for this key — Inworld realtime');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('mint-result')).toBeVisible({ timeout: 60_000 });

  // Not from inside a dialog: Ctrl+K there leaves the dialog alone.
  await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Credentials' }).click();
  await app.getByRole('button', { name: '+ Add' }).click();
  await expect(app.getByTestId('credential-form')).toBeVisible();
  await app.keyboard.press('Control+k');
  await expect(palette(app)).toHaveCount(0);
  await app.keyboard.press('Escape');
});

test('palette: hostile queries (10,000 characters, control characters, regex metacharacters)', async ({
  app,
  bridge,
}) => {
  await seed(bridge);
  await app.reload();
  await openPalette(app);
  await input(app).fill('x'.repeat(10_000));
  await expect(app.getByTestId('palette-empty')).toBeVisible();
  await input(app).fill('open '.repeat(2000));
  await expect(activeRow(app)).toContainText('OpenAI prod');
  await input(app).fill('\u0000open\u0007\u001b prod\u200b');
  await expect(activeRow(app)).toContainText('OpenAI prod');
  for (const q of ['(((', '.*', '[', '\\', '$^', '+?', '|', '**']) {
    await input(app).fill(q);
    await expect(app.getByTestId('palette-empty')).toBeVisible();
  }
  await input(app).fill('billing (api)');
  await expect(activeRow(app)).toContainText('Billing API');
  // The main list's search takes the same matcher.
  await app.keyboard.press('Escape');
  await app.keyboard.press('/');
  await expect(app.locator('#search')).toBeFocused();
  await app.keyboard.type('prod inworld');
  await expect(rows(app)).toHaveText([/Inworld realtime/]);
  await app.locator('#search').fill('[(*');
  await expect(app.getByTestId('no-results')).toBeVisible();
});

test('delete → Undo; trash: restore asks a new name when it was reused; empty removes the keychain entries', async ({
  app,
  bridge,
}) => {
  await seed(bridge);
  await app.reload();
  await rows(app).filter({ hasText: 'Billing API' }).click();
  await app.getByRole('button', { name: 'Delete…' }).click();
  await app.locator('input[name=confirmName]').fill('Billing API');
  await app.keyboard.press('Enter');
  await expect(rows(app)).toHaveCount(2);
  const undo = app.getByTestId('toast-action');
  await expect(undo).toHaveText('Undo');
  expect((await bridge.core.vault.entries()).length).toBe(3);
  await undo.focus();
  await app.keyboard.press('Enter');
  await expect(rows(app)).toHaveCount(3);
  expect(bridge.core.credentials.get('Billing API').name).toBe('Billing API');

  // Deleted again; its name is reused meanwhile (the CLI, say).
  await bridge.core.trash.moveToTrash('Billing API');
  await bridge.core.credentials.create({ name: 'Billing API', kind: 'standard', provider: 'custom' }, 'tok_pal_0002');
  await openPalette(app);
  await app.keyboard.type('go trash');
  await app.keyboard.press('Enter');
  const trash = app.getByTestId('trash-screen');
  await expect(trash.getByTestId('trash-row')).toHaveCount(1);
  const newName = trash.locator('input[name=newName]');
  await expect(newName).toBeVisible();
  await newName.fill('Billing API');
  await app.keyboard.press('Enter');
  await expect(trash.getByRole('alert')).toContainText('already exists');
  await newName.fill('Billing API (old)');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('trash-empty')).toBeVisible();
  expect((await bridge.core.credentials.readSecret('Billing API (old)')).secret).toBe('tok_pal_0001');

  await bridge.core.trash.moveToTrash('Billing API (old)');
  await app.reload();
  await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Trash' }).click();
  await app.getByTestId('empty-trash').click();
  await app.getByTestId('confirm-empty-button').focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('trash-empty')).toBeVisible();
  expect((await bridge.core.vault.entries()).length).toBe(3);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: the palette and the trash view, ${scheme} theme, 0 WCAG 2.2 AA violations`, async ({ app, bridge }) => {
    await seed(bridge);
    await bridge.core.trash.moveToTrash('Billing API');
    await app.emulateMedia({ colorScheme: scheme });
    await app.reload();
    await openPalette(app);
    await app.keyboard.type('prod');
    await expectClean(app, `palette (${scheme})`);
    await app.keyboard.press('ArrowRight');
    await expectClean(app, `palette actions (${scheme})`);
    await app.keyboard.press('Escape');
    await app.keyboard.press('Escape');
    await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Trash' }).click();
    await expect(app.getByTestId('trash-row')).toHaveCount(1);
    await expectClean(app, `trash (${scheme})`);
    await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Settings' }).click();
    await expect(app.getByTestId('shortcut-setting')).toBeVisible();
    await expectClean(app, `settings with the shortcut (${scheme})`);
  });
}

test('screenshots with 1,000 keys at 820×520 and 1280×800: palette, actions, trash, shortcut setting', async ({
  app,
  bridge,
}) => {
  test.setTimeout(400_000);
  await seed(bridge);
  await bridge.core.catalog.mutate((data) => {
    for (let i = 0; i < 1000; i++) data.credentials.push(fakeCredential(i, data.activeWorkspaceId));
  });
  await bridge.core.trash.moveToTrash('Billing API');
  for (const [w, h] of [
    [820, 520],
    [1280, 800],
  ] as const) {
    await app.setViewportSize({ width: w, height: h });
    await app.reload();
    await expect(rows(app).first()).toBeVisible({ timeout: 120_000 });
    await openPalette(app);
    await expect(paletteRows(app)).toHaveCount(50);
    await screenshot(app, `palette-open-${w}x${h}`);
    await app.keyboard.type('serv prod 12');
    await screenshot(app, `palette-query-${w}x${h}`);
    await app.keyboard.press('ArrowRight');
    await app.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app, `palette-actions-${w}x${h}-dark`);
    await app.emulateMedia({ colorScheme: 'light' });
    const box = await palette(app).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(w);
    expect(box!.y + box!.height).toBeLessThanOrEqual(h);
    await app.keyboard.press('Escape');
    await app.keyboard.press('Escape');
    await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Trash' }).click();
    await expect(app.getByTestId('trash-row')).toHaveCount(1);
    await screenshot(app, `trash-${w}x${h}`);
    await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Settings' }).click();
    await app.getByTestId('shortcut-setting').scrollIntoViewIfNeeded();
    await screenshot(app, `shortcut-setting-${w}x${h}`);
  }
});
