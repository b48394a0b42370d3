/**
 * The Team screen (issue 13), end to end through the real handlers: a workspace with no store shows how
 * to link one; a linked one shows its store, my recipient (Copy puts it on the clipboard from main), the
 * members and a key another machine shared; the detail's "Share with team" switch shares a key; Sync
 * pulls the other machine's key into the list and pushes ours, which the other machine then reads with
 * the same header. Machine B is a second real core (own home, own keychain service) on the same bare
 * remote, as in test/core/team/sync.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { teamService } from '../../electron/core/team/index.js';
import { makeTestCore } from '../harness/core.js';
import { expectClean } from './axe.js';
import { expect, screenshot as save, test } from './fixtures.js';

const nav = (app: Page) => app.getByRole('navigation', { name: 'Keydeck' });

async function screens(app: Page, name: string, show?: string): Promise<void> {
  const close = app.getByTestId('toast').getByRole('button');
  while (await close.count()) await close.first().click();
  await app.setViewportSize({ width: 820, height: 520 });
  if (show) await app.getByTestId(show).first().scrollIntoViewIfNeeded();
  await save(app, `${name}-820-light`);
  await app.emulateMedia({ colorScheme: 'dark' });
  await expectClean(app, `${name}, dark`);
  await save(app, `${name}-820-dark`);
  await app.emulateMedia({ colorScheme: 'light' });
  await app.setViewportSize({ width: 1280, height: 800 });
}

test('not linked: the Team screen says how to link, with no fake data, and no share switch', async ({
  app,
  bridge,
}) => {
  await bridge.core.credentials.create(
    { name: 'OpenAI', kind: 'byok', provider: 'openai' },
    'sk-e2e-team-0123456789abcdef',
  );
  await app.reload();
  await expect(app.getByTestId('detail-name')).toHaveText('OpenAI');
  await expect(app.getByTestId('team-toggle')).toHaveCount(0);
  await nav(app).getByRole('button', { name: 'Team' }).click();
  const empty = app.getByTestId('team-empty');
  await expect(empty).toContainText('keydeck team init DIR|GIT_URL');
  await expect(app.getByTestId('team-recipient')).toHaveCount(0);
  await expect(app.getByTestId('team-members')).toHaveCount(0);
  await expectClean(app, 'team screen, not linked');
  await screens(app, 'team-01-not-linked');
});

test('linked: recipient, members, a key from the team, share switch, sync both ways', async ({ app, bridge }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-e2e-team-'));
  const remote = path.join(dir, 'team.git');
  expect(spawnSync('git', ['init', '-q', '--bare', '-b', 'main', remote]).status).toBe(0);
  const b = makeTestCore();
  try {
    const teamA = teamService(bridge.core);
    const teamB = teamService(b);
    await teamA.init(remote);
    await teamB.init(remote);
    await teamA.memberAdd((await teamB.whoami()).recipient, 'bob');
    await teamA.sync();
    await teamB.sync();
    // B shares a key and pushes it; A has a key of its own, not shared yet.
    await b.credentials.create({ name: 'Stripe', kind: 'standard', provider: 'custom' }, 'sk_test_e2eTeamStripe012345');
    await teamB.share(['Stripe']);
    await teamB.sync();
    await bridge.core.credentials.create(
      { name: 'OpenAI', kind: 'byok', provider: 'openai' },
      'sk-e2e-team-0123456789abcdef',
    );
    const me = (await teamA.whoami()).recipient;

    await app.reload();
    await nav(app).getByRole('button', { name: 'Team' }).click();
    // A remote is cloned into the home, one folder per workspace.
    await expect(app.getByTestId('team-store')).toContainText(path.join(bridge.core.home, 'team', 'stores'));
    await expect(app.getByTestId('team-recipient')).toHaveText(me);
    await expect(app.getByTestId('team-members').getByRole('listitem')).toHaveCount(2);
    await expect(app.getByTestId('team-members')).toContainText('bob');
    const stripe = app.getByTestId('team-item').filter({ hasText: 'Stripe' });
    await expect(stripe.getByTestId('team-state')).toHaveText('team newer');
    await expect(stripe).toContainText('new from the team');

    // Copy: main puts my recipient (public) on the clipboard; the page never writes it.
    await app.getByTestId('team-copy-recipient').click();
    await expect.poll(() => bridge.clipboard.readText()).toBe(me);
    await expectClean(app, 'team screen, linked');
    await screens(app, 'team-02-linked', 'team-item');

    // The detail's switch shares OpenAI.
    await nav(app).getByRole('button', { name: 'Credentials' }).click();
    await expect(app.getByTestId('detail-name')).toHaveText('OpenAI');
    const sw = app.getByRole('switch', { name: 'Share with team' });
    await expect(sw).toHaveAttribute('aria-checked', 'false');
    await sw.click();
    await expect(sw).toHaveAttribute('aria-checked', 'true');
    await expect(app.getByTestId('team-toggle')).toContainText('In the team store as');
    await expect(sw).toBeFocused();
    await expectClean(app, 'detail with the share switch');
    await screens(app, 'team-03-share-switch', 'team-toggle');

    // Sync: Stripe comes in, OpenAI goes out; the button keeps focus while it works.
    await nav(app).getByRole('button', { name: 'Team' }).click();
    const sync = app.getByTestId('team-sync');
    await sync.focus();
    await sync.press('Enter');
    await expect(app.getByTestId('toast').filter({ hasText: 'Team sync done' })).toBeVisible();
    await expect(sync).toBeFocused();
    await expect(app.getByTestId('team-item').getByTestId('team-state')).toHaveText(['in sync', 'in sync']);
    await screens(app, 'team-04-synced', 'team-sync');
    await nav(app).getByRole('button', { name: 'Credentials' }).click();
    await expect(app.getByText('Stripe', { exact: true }).first()).toBeVisible();
    expect((await bridge.core.credentials.format('Stripe', 'header')).text).toBe(
      (await b.credentials.format('Stripe', 'header')).text,
    );

    // The other machine reads what the app pushed: same header on B as on A.
    const got = await teamB.sync();
    expect(got.applied).toEqual(['OpenAI']);
    expect((await b.credentials.format('OpenAI', 'header')).text).toBe(
      (await bridge.core.credentials.format('OpenAI', 'header')).text,
    );

    // Unsharing through the switch takes it out of the store (and the next sync removes it for B).
    await expect(app.getByTestId('detail-name')).toHaveText('OpenAI');
    await sw.click();
    await expect(sw).toHaveAttribute('aria-checked', 'false');
    expect(bridge.core.teamMarks().size).toBe(1);
  } finally {
    const entries = await b.vault.entries();
    for (const e of entries) await b.vault.delete(e.account);
    await b.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
