/**
 * The "Copy as" menu driven with the keyboard only, as an ARIA menu button: open with Enter, Space or
 * ArrowDown (ArrowUp opens on the last item), move with wrap-around, Home/End, type-ahead, activate with
 * Enter/Space, Escape closes and returns focus, Tab closes and moves on. What reaches the clipboard
 * stand-in is read back from the bridge and compared with the core's own formatter. Arrow keys inside
 * the menu never move the credential list's selection.
 */
import type { Page } from '@playwright/test';
import { formatCredential } from '../../electron/core/format.js';
import type { CopyFormat } from '../../shared/domain.js';
import { COPY_MENU_ORDER, expect, rows, screenshot, test } from './fixtures.js';

const OPENAI_KEY = 'sk-proj-kbd0123456789abcdefKBD';
const GROQ_KEY = 'gsk_keyboard_other_0000000001';

const ORDER = COPY_MENU_ORDER;

function focusedFormat(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-format') ?? null);
}

test('copy menu: keyboard only, ARIA menu button', async ({ app, bridge }) => {
  await bridge.core.credentials.create({ name: 'OpenAI BYOK', kind: 'byok', provider: 'openai' }, OPENAI_KEY);
  await bridge.core.credentials.create({ name: 'Groq BYOK', kind: 'byok', provider: 'groq' }, GROQ_KEY);
  await app.reload();
  await expect(rows(app)).toHaveCount(2);
  await rows(app).filter({ hasText: 'OpenAI BYOK' }).click();
  await expect(app.getByTestId('detail-name')).toHaveText('OpenAI BYOK');
  const cred = bridge.core.credentials.get('OpenAI BYOK');
  const expected = (f: CopyFormat) => formatCredential(cred, OPENAI_KEY, f);

  const caret = app.getByRole('button', { name: 'Copy as…' });
  const menu = app.getByRole('menu', { name: 'Copy as' });
  const items = menu.getByRole('menuitem');

  // Reach the caret with Tab from "Copy header".
  await app.getByRole('button', { name: 'Copy header' }).focus();
  await app.keyboard.press('Tab');
  await expect(caret).toBeFocused();
  await expect(caret).toHaveAttribute('aria-haspopup', 'menu');
  await expect(caret).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toHaveCount(0);

  // ArrowDown opens on the first item.
  await app.keyboard.press('ArrowDown');
  await expect(menu).toBeVisible();
  await expect(caret).toHaveAttribute('aria-expanded', 'true');
  await expect(caret).toHaveAttribute('aria-controls', (await menu.getAttribute('id'))!);
  await expect(items).toHaveCount(ORDER.length);
  expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-format')))).toEqual(ORDER);
  await expect(items.first()).toBeFocused();
  // Items are reached with arrows, not Tab: none is in the tab order.
  expect(await items.evaluateAll((els) => els.every((e) => (e as HTMLElement).tabIndex === -1))).toBe(true);

  // Arrows move and wrap; Home/End jump; the credential selection never moves.
  await app.keyboard.press('ArrowDown');
  expect(await focusedFormat(app)).toBe('env-bash');
  await app.keyboard.press('ArrowUp');
  await app.keyboard.press('ArrowUp');
  expect(await focusedFormat(app)).toBe('raw');
  await app.keyboard.press('ArrowDown');
  expect(await focusedFormat(app)).toBe('header');
  await app.keyboard.press('End');
  expect(await focusedFormat(app)).toBe('raw');
  await app.keyboard.press('Home');
  expect(await focusedFormat(app)).toBe('header');
  await app.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await expect(app.getByTestId('detail-name')).toHaveText('OpenAI BYOK');
  await screenshot(app, '80-copy-menu-keyboard');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '81-copy-menu-keyboard-dark');
  await app.emulateMedia({ colorScheme: 'light' });
  expect(bridge.clipboard.text).toBe('');

  // Enter copies the focused item, closes, and gives focus back to the caret.
  await app.keyboard.press('Enter');
  await expect.poll(() => bridge.clipboard.text).toBe(expected('env-bash'));
  expect(bridge.clipboard.secret).toBe(true);
  await expect(menu).toHaveCount(0);
  await expect(caret).toBeFocused();
  await expect(caret).toHaveAttribute('aria-expanded', 'false');

  // Space opens on the first item; End, then Space copies the last one; the menu stays closed after.
  await app.keyboard.press('Space');
  await expect(items.first()).toBeFocused();
  await app.keyboard.press('End');
  await app.keyboard.press('Space');
  await expect.poll(() => bridge.clipboard.text).toBe(expected('raw'));
  await expect(caret).toBeFocused();
  await expect(menu).toHaveCount(0);

  // Enter opens too; type-ahead jumps to the next item starting with the letter.
  await app.keyboard.press('Enter');
  await expect(items.first()).toBeFocused();
  await app.keyboard.press('c');
  expect(await focusedFormat(app)).toBe('curl');
  await app.keyboard.press('o');
  expect(await focusedFormat(app)).toBe('sdk-python');
  await app.keyboard.press('o');
  expect(await focusedFormat(app)).toBe('sdk-js');
  await app.keyboard.press('p');
  expect(await focusedFormat(app)).toBe('provider-credentials');
  await app.keyboard.press('Enter');
  await expect.poll(() => bridge.clipboard.text).toBe(expected('provider-credentials'));

  // ArrowUp on the caret opens on the last item; Escape closes without copying, focus back on the caret.
  const before = bridge.clipboard.text;
  await app.keyboard.press('ArrowUp');
  await expect(items.last()).toBeFocused();
  await app.keyboard.press('ArrowUp');
  expect(await focusedFormat(app)).toBe('provider-credentials');
  await app.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(caret).toBeFocused();
  expect(bridge.clipboard.text).toBe(before);
  await expect(app.getByTestId('detail-name')).toHaveText('OpenAI BYOK');

  // Tab closes and moves on past the caret; Shift+Tab closes and lands on "Copy header".
  await app.keyboard.press('ArrowDown');
  await expect(items.first()).toBeFocused();
  await app.keyboard.press('Tab');
  await expect(menu).toHaveCount(0);
  await expect(caret).toHaveAttribute('aria-expanded', 'false');
  await expect(caret).not.toBeFocused();
  expect(await app.evaluate(() => document.activeElement !== document.body)).toBe(true);
  await caret.focus();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Shift+Tab');
  await expect(menu).toHaveCount(0);
  await expect(app.getByRole('button', { name: 'Copy header' })).toBeFocused();
  expect(bridge.clipboard.text).toBe(before);

  // Every format through the keyboard alone: open, ArrowDown i times, Enter.
  for (const [i, format] of ORDER.entries()) {
    await caret.focus();
    await app.keyboard.press('ArrowDown');
    for (let k = 0; k < i; k++) await app.keyboard.press('ArrowDown');
    expect(await focusedFormat(app)).toBe(format);
    await app.keyboard.press('Enter');
    await expect.poll(() => bridge.clipboard.text).toBe(expected(format));
  }
  await expect(app.getByTestId('detail-name')).toHaveText('OpenAI BYOK');
  // The use log saw one entry per copy, and nothing for the menus closed without a choice.
  expect(bridge.core.credentials.useLogEntries()).toHaveLength(3 + ORDER.length);
});

test('copy menu: a non-BYOK key has no provider_credentials item; the page never shows the key', async ({
  app,
  bridge,
}) => {
  await bridge.core.credentials.create(
    { name: 'Billing API', kind: 'standard', provider: 'custom' },
    'tok_kbd_custom_0123456789',
  );
  await app.reload();
  await expect(app.getByTestId('detail-name')).toHaveText('Billing API');
  const cred = bridge.core.credentials.get('Billing API');
  await app.getByRole('button', { name: 'Copy as…' }).focus();
  await app.keyboard.press('ArrowUp');
  const items = app.getByRole('menu', { name: 'Copy as' }).getByRole('menuitem');
  await expect(items).toHaveCount(ORDER.length - 1);
  await expect(items.last()).toBeFocused();
  expect(await focusedFormat(app)).toBe('raw');
  await app.keyboard.press('ArrowUp');
  expect(await focusedFormat(app)).toBe('sdk-js');
  await app.keyboard.press('Enter');
  await expect.poll(() => bridge.clipboard.text).toBe(formatCredential(cred, 'tok_kbd_custom_0123456789', 'sdk-js'));
  expect(await app.content()).not.toContain('tok_kbd_custom_0123456789');
});
