/**
 * Playwright fixtures. Per worker: one static server and one page that every `app` test reuses (a new
 * page costs a renderer process and a cold parse of the bundle; a navigation in the same page does
 * not). Per test: a fresh real core on its own home and keychain service, attached to that page, and
 * a fresh load of the renderer. Tests that change the page itself (a fake clock) or wire the bridge
 * their own way take Playwright's own `page` instead and call `attachBridge`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import { attachBridge, bindPage, serveRenderer, type Bridge } from './bridge.js';
import type { CopyFormat } from '../../shared/domain.js';

export const SCREENS = path.resolve('test-results', 'screens');
const VIEWPORT = { width: 1280, height: 800 };

/** The worker's page, made again if a test closed it. */
interface SharedPage {
  get(): Promise<Page>;
}

async function newSharedPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await bindPage(page);
  // The strict CSP must hold for the whole session: record every violation the page reports.
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return page;
}

export const test = base.extend<{ bridge: Bridge; app: Page }, { server: { url: string }; shared: SharedPage }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const s = await serveRenderer();
      await use(s);
      await s.close();
    },
    { scope: 'worker' },
  ],
  shared: [
    async ({ browser }, use) => {
      let page: Promise<Page> | undefined;
      await use({
        get: async () => {
          if (!page || (await page).isClosed()) page = newSharedPage(browser);
          return page;
        },
      });
      if (page) await (await page).context().close();
    },
    { scope: 'worker' },
  ],
  bridge: async ({ shared }, use) => {
    const b = await attachBridge(await shared.get());
    await use(b);
    b.detach();
    // The keychain entries go a few at a time (core.cleanup then finds none and removes the home).
    const entries = await b.core.vault.entries();
    await inParallel(entries.length, 4, (i) => b.core.vault.delete(entries[i]!.account));
    await b.core.cleanup();
  },
  app: async ({ shared, server, bridge }, use, testInfo) => {
    void bridge;
    const page = await shared.get();
    // What an earlier test changed on the page goes back to the defaults; the load starts the app anew.
    await page.setViewportSize(VIEWPORT);
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: null });
    await page.goto(server.url);
    await expect(page.getByTestId('keychain-status')).toBeVisible();
    await use(page);
    if (page.isClosed()) return;
    if (testInfo.status !== testInfo.expectedStatus) {
      // Playwright's own failure screenshot covers only the test's own pages.
      await testInfo.attach('screenshot', { body: await page.screenshot(), contentType: 'image/png' });
    }
    const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    expect(violations, 'CSP violations').toEqual([]);
  },
});

export { expect };

/**
 * Runs `fn(0..count-1)` with at most `width` calls in flight: seeding many credentials through core
 * overlaps their keychain writes (the catalog commits still queue one by one in core).
 */
export async function inParallel(count: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await fn(next++);
    }),
  );
}

/** The formats the "Copy as" menu lists for a BYOK key, in the order it lists them. */
export const COPY_MENU_ORDER: readonly CopyFormat[] = [
  'header',
  'env-bash',
  'env-powershell',
  'env-dotenv',
  'curl',
  'sdk-python',
  'sdk-js',
  'provider-credentials',
  'raw',
];

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
}

export interface AddOptions {
  kind?: 'standard' | 'realtime' | 'byok';
  provider?: string;
  name: string;
  secret?: string;
  pair?: { key: string; secret: string };
  audience?: 'secret' | 'public';
  origins?: string;
  scopes?: string;
  assistants?: string;
  tags?: string;
  write?: ('voice' | 'router')[];
}

/** Fills the add dialog (opening it first) and submits; does not wait for the outcome. */
export async function fillAdd(page: Page, o: AddOptions): Promise<void> {
  if (!(await page.getByTestId('credential-form').isVisible())) {
    await page
      .getByRole('button', { name: /^\+ Add$|Add your first key/ })
      .first()
      .click();
  }
  const form = page.getByTestId('credential-form');
  await form
    .getByRole('radio', {
      name: o.kind === 'byok' ? 'BYOK' : o.kind === 'realtime' ? 'Realtime' : 'Standard',
      exact: true,
    })
    .check({ force: true });
  if (o.provider) await form.locator('select[name=provider]').selectOption(o.provider);
  await form.locator('input[name=name]').fill(o.name);
  if (o.pair) {
    await form.getByRole('radio', { name: 'Key + secret' }).check({ force: true });
    await form.locator('input[name=key]').fill(o.pair.key);
    await form.locator('input[name=keySecret]').fill(o.pair.secret);
  } else if (o.secret !== undefined) {
    const paste = form.getByRole('radio', { name: 'Paste credential' });
    if (await paste.count()) await paste.check({ force: true });
    await form.locator('[name=secret]').fill(o.secret);
  }
  // A BYOK key has no audience, origins or assistants (the form hides them).
  if (o.kind !== 'byok') {
    await form.locator('select[name=audience]').selectOption(o.audience ?? 'secret');
    await form.locator('textarea[name=origins]').fill(o.origins ?? '');
  }
  if (o.scopes) await form.locator('input[name=scopes]').fill(o.scopes);
  if (o.assistants) await form.locator('input[name=assistants]').fill(o.assistants);
  if (o.tags) await form.locator('input[name=tags]').fill(o.tags);
  for (const w of o.write ?? []) await form.locator(`input[name=write-${w}]`).check();
  await form.getByTestId('submit').click();
}

/** Adds a credential through the UI and waits for it to be selected. */
export async function addCredential(page: Page, o: AddOptions): Promise<void> {
  await fillAdd(page, o);
  await expect(page.getByTestId('credential-form')).toBeHidden();
  await expect(page.getByTestId('detail-name')).toHaveText(o.name.normalize('NFC').trim());
}

/** The credential rows (not the <option>s of the filter selects). */
export function rows(page: Page) {
  return page.getByRole('listbox', { name: 'Credentials' }).getByRole('option');
}
