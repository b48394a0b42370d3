/**
 * The sandbox screen's start options (issue 12) through the real handlers: the realtime profile with
 * "record to file", a real `ws` client from the test gets `session.created` and its `session.update`
 * shows by name in the app's log; the recording is listed and "Replay" serves it through the core (a
 * second `ws` client gets the recorded `session.created` again). A bad script shows its line beside the
 * script field and starts nothing. Screenshots at 820x520, light and dark, axe clean.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { Page } from '@playwright/test';
import { JwtService } from '../../electron/core/jwt/service.js';
import { expect, screenshot, test } from './fixtures.js';
import { expectClean } from './axe.js';
import type { Bridge } from './bridge.js';

test.describe.configure({ timeout: 180_000 });

const RT_SECRET = 'cnQta2V5OnJ0LXNlY3JldA==';

/** Opens a WebSocket with a Bearer token, collects the server's event types until `until` arrives. */
async function client(url: string, token: string, send: object[], until: string): Promise<string[]> {
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  const seen: string[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => send.forEach((m) => ws.send(JSON.stringify(m))));
    ws.on('message', (data) => {
      const type = String((JSON.parse(String(data)) as { type?: string }).type);
      seen.push(type);
      if (type === until) resolve();
    });
    ws.on('close', (code) => reject(new Error(`closed ${code} after ${seen.join(',')}`)));
    ws.on('error', reject);
  });
  ws.close(1000, 'done');
  await new Promise((r) => ws.once('close', r));
  return seen;
}

async function mint(bridge: Bridge): Promise<string> {
  const m = await new JwtService(bridge.core).mint({
    key: 'Realtime web',
    alg: 'ES256',
    ttl: '5m',
    audience: 'realtime',
    scope: 'realtime',
  });
  return m.token;
}

async function openSandbox(app: Page): Promise<void> {
  await app.setViewportSize({ width: 820, height: 520 });
  await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Realtime sandbox' }).click();
}

test('sandbox options: realtime profile, a ws client sees session.created, record and replay', async ({
  app,
  bridge,
}) => {
  await bridge.core.credentials.create({ name: 'Realtime web', kind: 'realtime' }, RT_SECRET);
  await openSandbox(app);
  const form = app.getByTestId('sandbox-start-form');
  await form.getByLabel('Profile').selectOption('realtime');
  await form.getByLabel('Allowed origins for POST /token').fill('http://localhost:5173');
  await form.getByTestId('sandbox-record').check();
  await screenshot(app, 'sandbox-options-form-light');
  await expectClean(app, 'sandbox options form, light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, 'sandbox-options-form-dark');
  await expectClean(app, 'sandbox options form, dark');
  await app.emulateMedia({ colorScheme: 'light' });

  await app.getByTestId('sandbox-start').click();
  const url = (await app.getByTestId('sandbox-url').textContent())!;
  await expect(app.getByTestId('sandbox-serving')).toHaveText('realtime profile · recording sessions');
  const seen = await client(
    url,
    await mint(bridge),
    [{ type: 'session.update', session: { type: 'realtime', instructions: 'hi' } }],
    'session.updated',
  );
  expect(seen[0]).toBe('session.created');
  const log = app.getByTestId('event-log');
  await expect(log).toContainText('via bearer');
  await expect(log).toContainText('session.update');
  await expect(log).toContainText('recording to');
  await expect(log).toContainText('code 1000');

  // The finished session is listed; Replay serves it through the core as the server's side.
  const list = app.getByTestId('recording-list');
  await expect(list.locator('li')).toHaveCount(1);
  await expect(list).toContainText('auth bearer');
  await list.scrollIntoViewIfNeeded();
  await screenshot(app, 'sandbox-options-running-light');
  await expectClean(app, 'sandbox running with a recording, light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, 'sandbox-options-running-dark');
  await expectClean(app, 'sandbox running with a recording, dark');
  await app.emulateMedia({ colorScheme: 'light' });

  await list.getByRole('button', { name: /^Replay / }).click();
  await expect(app.getByTestId('sandbox-url')).not.toHaveText(url);
  await expect(app.getByTestId('sandbox-serving')).toContainText('replay of ');
  const replayUrl = (await app.getByTestId('sandbox-url').textContent())!;
  const replayed = await client(replayUrl, await mint(bridge), [], 'session.updated');
  expect(replayed.slice(0, 2)).toEqual(['session.created', 'session.updated']);
  await expect(app.getByTestId('event-log')).toContainText('via bearer');
  await app.getByTestId('sandbox-stop').click();
});

test('sandbox options: a bad script shows its line and starts nothing', async ({ app, bridge }) => {
  void bridge;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-script-'));
  const file = path.join(dir, 'bad.json');
  fs.writeFileSync(
    file,
    '{ "version": 1, "steps": [\n  { "send": { "type": "session.created" } },\n  { "send": { "type": "no.such.event" } }\n] }\n',
  );
  await app.evaluate(
    (p) => ((window as unknown as { __keydeckFilePaths: object }).__keydeckFilePaths = { 'bad.json': p }),
    file,
  );
  await openSandbox(app);
  const form = app.getByTestId('sandbox-start-form');
  await form.getByTestId('sandbox-script').setInputFiles(file);
  await app.getByTestId('sandbox-start').click();
  const err = app.locator('#error-sandbox-script');
  await expect(err).toContainText('line 3');
  await expect(form.getByTestId('sandbox-script')).toHaveAttribute('aria-invalid', 'true');
  await expect(app.getByTestId('sandbox-running')).toHaveCount(0);
  await screenshot(app, 'sandbox-options-bad-script-light');
  await expectClean(app, 'sandbox bad script, light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, 'sandbox-options-bad-script-dark');
  fs.rmSync(dir, { recursive: true, force: true });
});
