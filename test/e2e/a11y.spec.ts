/**
 * Accessibility in the real renderer (Debian Chromium, the bridge's real handlers): axe-core over every
 * screen in both themes against the WCAG 2.2 AA rule tags, and the keyboard contract of dialogs (focus
 * stays inside, Escape closes, focus returns to the opener, Ctrl+K never reaches the page) and of busy
 * buttons (they keep focus while they work).
 */
import { expect, rows, screenshot, test } from './fixtures.js';
import { expectClean } from './axe.js';

async function seed(bridge: import('./bridge.js').Bridge): Promise<void> {
  await bridge.core.credentials.create(
    { name: 'OpenAI prod', kind: 'byok', provider: 'openai', tags: ['prod'] },
    'sk-proj-a11y0123456789abcdefA11Y',
  );
  await bridge.core.credentials.create(
    { name: 'Inworld realtime', kind: 'realtime', provider: 'inworld' },
    'aW53b3JsZC1hMTF5LWtleTpzZWNyZXQtdmFsdWUtMDEyMzQ1',
  );
  await bridge.core.credentials.create({ name: 'Billing API', kind: 'standard', provider: 'custom' }, 'tok_a11y_0001');
}

const NAV: [string, string][] = [
  ['credentials', 'Credentials'],
  ['jwt', 'JWT workbench'],
  ['sandbox', 'Realtime sandbox'],
  ['projects', 'Projects & backups'],
  ['scan', 'Where are my keys?'],
  ['settings', 'Settings'],
];

for (const scheme of ['light', 'dark'] as const) {
  test(`axe: every screen and the add dialog, ${scheme} theme, 0 WCAG 2.2 AA violations`, async ({ app, bridge }) => {
    await seed(bridge);
    await app.emulateMedia({ colorScheme: scheme });
    await app.reload();
    await expect(rows(app)).toHaveCount(3);
    for (const [id, label] of NAV) {
      await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: label }).click();
      await expect(app.getByRole('button', { name: label })).toHaveAttribute('aria-current', 'page');
      await expectClean(app, `${id} (${scheme})`);
      if (id === 'credentials') {
        await app.getByRole('button', { name: '+ Add' }).click();
        await expect(app.getByTestId('credential-form')).toBeVisible();
        await expectClean(app, `add dialog (${scheme})`);
        await screenshot(app, `a11y-add-${scheme}`);
        await app.keyboard.press('Escape');
        await expect(app.getByTestId('credential-form')).toBeHidden();
      }
    }
  });
}

test('add dialog: Tab and Shift+Tab never leave it; Escape closes; focus returns to the opener', async ({
  app,
  bridge,
}) => {
  await seed(bridge);
  await app.reload();
  const opener = app.getByRole('button', { name: '+ Add' });
  await opener.focus();
  await app.keyboard.press('Enter');
  const dialog = app.getByTestId('credential-form');
  await expect(dialog).toBeVisible();
  const inside = () => app.evaluate(() => !!document.activeElement?.closest('[data-testid=credential-form]'));
  expect(await inside()).toBe(true);
  // Every element that takes focus from here on is recorded in the page, so one read at the end sees
  // each step of the walk (and any focus that only passed through).
  await app.evaluate(() => {
    const w = window as unknown as { __focusedOutside: string[] };
    w.__focusedOutside = [];
    document.addEventListener('focusin', (e) => {
      const el = e.target as HTMLElement;
      if (!el.closest('[data-testid=credential-form]')) w.__focusedOutside.push(el.outerHTML.slice(0, 80));
    });
    // Focus dropped to no element at all (the body) fires focusout with nowhere to go.
    document.addEventListener('focusout', (e) => {
      if (!e.relatedTarget) w.__focusedOutside.push('(nothing: focus fell to the body)');
    });
  });
  const outside = () => app.evaluate(() => (window as unknown as { __focusedOutside: string[] }).__focusedOutside);
  for (let i = 0; i < 45; i++) await app.keyboard.press('Tab');
  expect(await outside(), 'Tab').toEqual([]);
  expect(await inside()).toBe(true);
  for (let i = 0; i < 20; i++) await app.keyboard.press('Shift+Tab');
  expect(await outside(), 'Shift+Tab').toEqual([]);
  expect(await inside()).toBe(true);
  // Ctrl+K inside the dialog does not reach the page's search.
  await app.keyboard.press('Control+k');
  await expect(dialog).toBeVisible();
  expect(await inside()).toBe(true);
  // The page behind is inert: clicking it does nothing, the dialog stays.
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test('add dialog: the busy submit keeps focus, and Escape still closes after an error', async ({ app, bridge }) => {
  await seed(bridge);
  await app.reload();
  await app.getByRole('button', { name: '+ Add' }).click();
  const dialog = app.getByTestId('credential-form');
  const submit = dialog.getByTestId('submit');
  await submit.focus();
  // Nothing filled in: core answers with an error; the button never loses focus on the way.
  await app.evaluate(() => {
    const w = window as unknown as { __blurred: string[] };
    w.__blurred = [];
    document.addEventListener('focusout', (e) => {
      if (!e.relatedTarget) w.__blurred.push((e.target as HTMLElement).outerHTML.slice(0, 80));
    });
  });
  await app.keyboard.press('Enter');
  await expect(dialog.locator('[role=alert]').first()).toBeVisible();
  await expect(submit).toBeFocused();
  expect(await app.evaluate(() => (window as unknown as { __blurred: string[] }).__blurred)).toEqual([]);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(app.getByRole('button', { name: '+ Add' })).toBeFocused();
});

test('sandbox: Start becomes Stop and back without dropping focus to <body>', async ({ app }) => {
  await app.getByRole('button', { name: 'Realtime sandbox' }).click();
  const start = app.getByTestId('sandbox-start');
  await start.focus();
  await app.keyboard.press('Enter');
  const stop = app.getByTestId('sandbox-stop');
  await expect(stop).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(start).toBeFocused();
});

test('credential list: visible focus, Up/Down/PageUp/PageDown/Home/End move the active option', async ({
  app,
  bridge,
}) => {
  // One after another: the list shows keys in the order they were made, and the test walks that order.
  for (let i = 0; i < 40; i++) {
    await bridge.core.credentials.create(
      { name: `Key ${String(i).padStart(2, '0')}`, kind: 'standard', provider: 'custom' },
      `tok_list_${i}_0123456789`,
    );
  }
  await app.reload();
  const list = app.getByRole('listbox', { name: 'Credentials' });
  await list.focus();
  const active = async () => {
    const id = await list.getAttribute('aria-activedescendant');
    return id ? app.locator(`[id="${id}"]`).getAttribute('data-name') : null;
  };
  await expect.poll(active).toBe('Key 00');
  // The focused listbox shows a ring (not outline: none).
  expect(await list.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
  await app.keyboard.press('ArrowDown');
  expect(await active()).toBe('Key 01');
  await app.keyboard.press('End');
  expect(await active()).toBe('Key 39');
  await app.keyboard.press('Home');
  expect(await active()).toBe('Key 00');
  await app.keyboard.press('PageDown');
  const afterPage = await active();
  expect(afterPage).not.toBe('Key 00');
  expect(afterPage).not.toBe('Key 01');
  await app.keyboard.press('PageUp');
  expect(await active()).toBe('Key 00');
  await expect(app.locator('[role=option][aria-selected=true]')).toHaveAttribute('data-name', 'Key 00');
  await expect(list).toBeFocused();
});
