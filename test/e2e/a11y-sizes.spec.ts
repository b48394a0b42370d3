/**
 * Layout that fits: the credentials screen at the window's minimum size (820×520) and at 800×600 with
 * 1,000 keys, the Add dialog at 800×600, and the Projects key picker with 10,000 keys of 120-character
 * names. The first few keys are real (keychain); the rest are catalog entries written in bulk (the
 * screens only read metadata), so the sizes are the and the run stays short.
 * Screenshots go to test-results/screens/ for a person to judge.
 */
import type { Page } from '@playwright/test';
import type { Bridge } from './bridge.js';
import { credFor } from '../harness/credential.js';
import { expect, rows, screenshot, test } from './fixtures.js';
import { expectClean } from './axe.js';

test.describe.configure({ timeout: 400_000 });

const SLOW = { timeout: 60_000 };
const PROVIDERS = ['openai', 'anthropic', 'groq', 'custom'] as const;

/** `count` keys: 4 real ones, the rest written to the catalog in one go. */
async function seed(bridge: Bridge, count: number, name: (i: number) => string): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await bridge.core.credentials.create(
      { name: name(i), kind: 'standard', provider: PROVIDERS[i % 4]!, tags: i % 3 ? ['prod'] : ['dev'] },
      `tok_size_${i}_0123456789abcdef`,
    );
  }
  await bridge.core.catalog.mutate((data) => {
    const ws = data.credentials[0]!.workspaceId;
    for (let i = 4; i < count; i++) {
      const p = PROVIDERS[i % 4]!;
      data.credentials.push(
        credFor(p, {
          id: `bulk-${i}`,
          name: name(i),
          workspaceId: ws,
          kind: 'standard',
          envVar: `KEY_${i}`,
          tags: i % 3 ? ['prod'] : ['dev'],
          fingerprint: `fp${i}`,
          displayPrefix: `tok_…${String(i).padStart(4, '0')}`,
        }),
      );
    }
  });
}

/** How many list rows are fully in view. */
async function rowsInView(app: Page): Promise<number> {
  return app.evaluate(() => {
    const list = document.querySelector('.list')!.getBoundingClientRect();
    return [...document.querySelectorAll('.list .row')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= list.top - 1 && b.bottom <= list.bottom + 1;
    }).length;
  });
}

test('credentials with 1,000 keys at 820×520 and 800×600: the list has room, the split resizes and folds, nothing is cut off', async ({
  app,
  bridge,
}) => {
  await seed(
    bridge,
    Number(process.env.KEYDECK_A11Y_KEYS ?? 1000),
    (i) => `${['OpenAI', 'Anthropic', 'Groq', 'Billing'][i % 4]} key ${String(i).padStart(4, '0')}`,
  );
  for (const [w, h] of [
    [820, 520],
    [800, 600],
  ] as const) {
    await app.setViewportSize({ width: w, height: h });
    await app.reload();
    await expect(rows(app).first()).toBeVisible(SLOW);
    await rows(app).first().click();
    expect(await rowsInView(app), 'at least 3 whole rows above the details').toBeGreaterThanOrEqual(3);
    await screenshot(app, `a11y-credentials-${w}x${h}`);
    for (const name of ['Reveal', 'Edit', 'Validate']) {
      const b = app.getByRole('button', { name, exact: true }).first();
      await b.scrollIntoViewIfNeeded();
      await expect(b).toBeInViewport();
    }
    const horizontalCut = await app.evaluate(() =>
      [...document.querySelectorAll('button')].some((b) => {
        const r = b.getBoundingClientRect();
        return r.width > 0 && r.right > window.innerWidth + 1;
      }),
    );
    expect(horizontalCut).toBe(false);

    // The splitter: keys give the list more room, Enter folds the details away and back.
    const grip = app.getByRole('separator', { name: 'Resize the list and the details' });
    const before = await rowsInView(app);
    await grip.focus();
    await grip.press('End');
    await expect(grip).toHaveAttribute('aria-valuenow', '85');
    expect(await rowsInView(app)).toBeGreaterThan(before);
    await grip.press('Enter');
    await expect(app.getByTestId('detail')).toBeHidden();
    await expect(app.getByTestId('toggle-details')).toHaveText(/^Show details of /);
    await screenshot(app, `a11y-credentials-${w}x${h}-folded`);
    await app.getByTestId('toggle-details').click();
    await expect(app.getByTestId('detail')).toBeVisible();
    await grip.press('Home');
    await expect(grip).toHaveAttribute('aria-valuenow', '25');
    await grip.press('ArrowDown');
    await expect(grip).toHaveAttribute('aria-valuenow', '30');
    // Back to the default share for the screenshots that follow.
    await app.evaluate(() => localStorage.removeItem('keydeck.listShare'));

    await app.emulateMedia({ colorScheme: 'dark' });
    await screenshot(app, `a11y-credentials-${w}x${h}-dark`);
    await app.emulateMedia({ colorScheme: 'light' });
    await app.getByRole('button', { name: '+ Add' }).click();
    const dialog = app.getByTestId('credential-form');
    await expect(dialog).toBeVisible();
    await screenshot(app, `a11y-add-${w}x${h}`);
    if (h >= 600) {
      // No scrolling needed to reach the submit button.
      expect(await dialog.evaluate((d) => d.scrollHeight - d.clientHeight)).toBeLessThanOrEqual(1);
      await expect(dialog.getByTestId('submit')).toBeInViewport();
    }
    await app.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
});

const SCREENS: [string, string][] = [
  ['credentials', 'Credentials'],
  ['jwt', 'JWT workbench'],
  ['sandbox', 'Realtime sandbox'],
  ['scan', 'Where are my keys?'],
  ['projects', 'Projects & backups'],
  ['team', 'Team'],
  ['trash', 'Trash'],
  ['use-log', 'Use log'],
  ['settings', 'Settings'],
];

test('axe at 820×520 with 1,000 keys: every screen, the palette and the add dialog, both themes, 0 violations', async ({
  app,
  bridge,
}) => {
  await seed(
    bridge,
    Number(process.env.KEYDECK_A11Y_KEYS ?? 1000),
    (i) => `${['OpenAI', 'Anthropic', 'Groq', 'Billing'][i % 4]} key ${String(i).padStart(4, '0')}`,
  );
  // One key in the trash, so the Trash screen shows a row.
  await bridge.core.trash.moveToTrash(bridge.core.credentials.list()[0]!.id);
  await app.setViewportSize({ width: 820, height: 520 });
  for (const scheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: scheme });
    await app.reload();
    await expect(rows(app).first()).toBeVisible(SLOW);
    await rows(app).first().click();
    const nav = app.getByRole('navigation', { name: 'Keydeck' });
    for (const [id, label] of SCREENS) {
      await nav.getByRole('button', { name: label, exact: true }).click();
      await expect(nav.getByRole('button', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
      await expectClean(app, `${id} at 820×520, 1,000 keys (${scheme})`);
      await screenshot(app, `a11y-820x520-${id}-${scheme}`);
    }
    await nav.getByRole('button', { name: 'Credentials', exact: true }).click();
    await app.keyboard.press('Control+k');
    await expect(app.getByTestId('palette')).toBeVisible();
    await app.getByTestId('palette-input').fill('groq 12');
    await expectClean(app, `palette at 820×520 (${scheme})`);
    await screenshot(app, `a11y-820x520-palette-${scheme}`);
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('palette')).toBeHidden();
    await app.getByRole('button', { name: '+ Add' }).click();
    await expect(app.getByTestId('credential-form')).toBeVisible();
    await expectClean(app, `add dialog at 820×520 (${scheme})`);
    await screenshot(app, `a11y-820x520-add-${scheme}`);
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('credential-form')).toBeHidden();
  }
});

test('Projects key picker with 10,000 keys of 120-character names: searchable, virtualized, every checkbox in view', async ({
  app,
  bridge,
}) => {
  const long = (i: number) =>
    `${'Service account for the very long integration name '.repeat(3).slice(0, 113)} #${String(i).padStart(5, '0')}`;
  // The figure: 10,000 keys of 120-character names.
  const count = Number(process.env.KEYDECK_PICKER_KEYS ?? 10_000);
  const total = count.toLocaleString('en-US');
  await seed(bridge, count, long);
  expect(long(1)).toHaveLength(120);
  await app.setViewportSize({ width: 820, height: 520 });
  await app.reload();
  await expect(rows(app).first()).toBeVisible(SLOW);
  await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Projects & backups' }).click();
  const list = app.getByTestId('pick-list');
  await expect(list.getByRole('checkbox').first()).toBeVisible(SLOW);
  await expect(app.getByTestId('pick-count')).toHaveText(`${total} keys`);
  // Virtualized: a screenful of rows exists, not 10,000.
  expect(await list.getByRole('checkbox').count()).toBeLessThan(60);

  // Every rendered checkbox sits inside the list's box (a long name wraps instead of pushing it out).
  const outside = await list.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll('input[type=checkbox]')].filter((c) => {
      const r = c.getBoundingClientRect();
      return r.left < box.left || r.right > box.right;
    }).length;
  });
  expect(outside).toBe(0);
  await expect(list.locator('label').first()).toHaveAttribute('title', long(0));

  const search = app.getByRole('searchbox', { name: 'Search keys to pick' });
  // The list's own matcher decides what matches; the key asked for is among the results.
  await search.fill(String(count - 1).padStart(5, '0'));
  await expect(app.getByTestId('pick-count')).toHaveText(new RegExp(`^\\d+ of ${total} keys$`));
  await list.getByRole('checkbox', { name: new RegExp(`#${String(count - 1).padStart(5, '0')}`) }).check();
  await search.fill('00042');
  await list.getByRole('checkbox', { name: /#00042/ }).check();
  await search.fill('');
  await app.getByRole('checkbox', { name: 'Selected only' }).check();
  await expect(app.getByTestId('pick-count')).toHaveText(`2 of ${total} keys`);
  await expect(app.getByTestId('exec-command')).toContainText('keydeck exec');
  await app.getByRole('checkbox', { name: 'Selected only' }).uncheck();
  // Scrolling to the end renders the last rows.
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(
    list.getByRole('checkbox', { name: new RegExp(`#${String(count - 1).padStart(5, '0')}`) }),
  ).toBeVisible();
  await search.fill('no such key at all');
  await expect(list).toContainText('No key matches');
  await search.fill('');
  await list.scrollIntoViewIfNeeded();
  await screenshot(app, `a11y-picker-${count}-820x520`);
});
