/**
 * The persistent WebSocket tester end to end: the real sandbox (a loopback server checking tokens like
 * production) and a token minted for a realtime key; the session is opened by the real handlers (main's
 * side), stays open, sends a JSON and a text frame, shows each frame with its time and direction as they
 * are pushed, refuses non-JSON in JSON mode and a close code a client may not send (beside the field),
 * and closes with the chosen code, which the sandbox's own log reports. Also the copy buttons of the
 * sandbox's URLs (read back from the clipboard stand-in) and axe on the session, both themes.
 */
import { expect, screenshot, test } from './fixtures.js';
import { expectClean } from './axe.js';

test.describe.configure({ timeout: 180_000 });

const RT_SECRET = 'cnQta2V5OnJ0LXNlY3JldA==';

test('ws tester: open a session with a minted token, send JSON and text, see frames, close with a chosen code', async ({
  app,
  bridge,
}) => {
  await bridge.core.credentials.create({ name: 'Realtime web', kind: 'realtime' }, RT_SECRET);
  await app.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: 'Realtime sandbox' }).click();
  await app.getByTestId('sandbox-start').click();
  const url = await app.getByTestId('sandbox-url').textContent();
  expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);

  // The URLs' copy buttons put exactly the URL on the clipboard.
  await app.getByRole('button', { name: 'Copy the WebSocket URL' }).click();
  await expect.poll(() => bridge.clipboard.readText()).toBe(url);
  await app.getByRole('button', { name: 'Copy the JWKS URL' }).click();
  await expect.poll(() => bridge.clipboard.readText()).toBe(await app.getByTestId('sandbox-jwks').textContent());

  const tester = app.getByTestId('tester');
  await tester.getByTestId('ws-open').click();
  const session = app.getByTestId('ws-session');
  await expect(session.getByTestId('ws-state')).toHaveText('Open');
  const frames = session.getByTestId('ws-frames').locator('li');
  await expect(frames.first()).toHaveAttribute('data-type', 'open');
  expect(bridge.pushed).toContain('sandbox:ws:frame');
  // The sandbox saw a session with the minted token's subject.
  await expect(app.getByTestId('event-log')).toContainText('sub Realtime web');

  const box = session.getByRole('textbox', { name: 'Message' });
  await expect(box).toBeFocused();
  // JSON mode refuses what does not parse, beside the box, and keeps the text.
  await box.fill('{"type": ping}');
  await session.getByTestId('ws-send').click();
  await expect(session.getByTestId('error-ws-text')).toContainText('This is not JSON');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveValue('{"type": ping}');

  await box.fill('{"type":"ping"}');
  await box.press('Control+Enter');
  await expect(box).toHaveValue('');
  await expect(session.getByTestId('error-ws-text')).toHaveCount(0);
  const out = session.locator('li[data-dir="out"]');
  await expect(out.first()).toContainText('{"type":"ping"}');
  await expect(out.first()).toContainText('sent');
  await expect(out.first().locator('time')).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/);

  await session.getByRole('radio', { name: 'Text' }).check({ force: true });
  await box.fill('hello, not json');
  await session.getByTestId('ws-send').click();
  await expect(out.nth(1)).toContainText('hello, not json');
  // The sandbox logs each message it received.
  await expect(app.getByTestId('event-log').locator('li.message')).toHaveCount(2);

  // A close code a client may not send: refused beside the field; the session stays open.
  await session.getByRole('combobox', { name: 'Close code' }).selectOption('other');
  await session.getByRole('textbox', { name: 'Code' }).fill('1006');
  await session.getByTestId('ws-close').click();
  await expect(session.getByTestId('error-ws-code')).toContainText('not a close code a client may send');
  await expect(session.getByTestId('ws-state')).toHaveText('Open');
  await screenshot(app, 'ws-tester-open');
  await expectClean(app, 'ws session, light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await expectClean(app, 'ws session, dark');
  await screenshot(app, 'ws-tester-open-dark');
  await app.emulateMedia({ colorScheme: 'light' });

  await session.getByRole('textbox', { name: 'Code' }).fill('4001');
  await session.getByRole('textbox', { name: 'Reason' }).fill('done testing');
  await session.getByTestId('ws-close').click();
  await expect(session.getByTestId('ws-state')).toHaveText('Closed');
  await expect(session.locator('li[data-type="close"]').last()).toContainText('code 4001');
  // The server saw that code.
  await expect(app.getByTestId('event-log').locator('li.close').last()).toContainText('code 4001');
  // Focus is not dropped to <body> when the Close button goes away.
  expect(await app.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');

  // Refused with a pasted bad token: the handshake's status shows, the session never opens.
  await tester.getByRole('radio', { name: 'Paste a token' }).check({ force: true });
  await tester.getByRole('textbox', { name: 'Token' }).fill('not.a.jwt');
  await tester.getByTestId('ws-open').click();
  await expect(session.getByTestId('ws-state')).toHaveText('Closed');
  await expect(session).toContainText('HTTP 401');
  await app.getByTestId('sandbox-stop').click();
});
