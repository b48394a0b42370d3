/**
 * Issue 12 §1–2 in a real Chromium page: each auth mode a browser can use (a token as a subprotocol with
 * the chosen protocol echoed, `?token=`, `?key=`) opens a session that stays open and echoes; a page on
 * an allowed origin fetches its token from `POST /token`, one on a refused origin gets nothing minted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, type Page } from '@playwright/test';
import { makeTestCore, type TestCore } from '../harness/core.js';
import { JwtService } from '../../electron/core/jwt/service.js';
import { SandboxServer, type SandboxEvent } from '../../electron/core/sandbox/server.js';

const STANDARD = Buffer.from('browser-id:browser-standard-secret').toString('base64');

/** A loopback page server: every path answers one blank HTML page (the page's origin is what matters). */
async function pageServer(): Promise<{ port: number; close(): Promise<void> }> {
  const s = http.createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>client</title>'),
  );
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as AddressInfo).port, close: () => new Promise((r) => s.close(() => r())) };
}

let core: TestCore;
let jwt: JwtService;
let pages: Awaited<ReturnType<typeof pageServer>>;
let sandbox: SandboxServer;
const events: SandboxEvent[] = [];

test.beforeAll(async () => {
  core = makeTestCore();
  jwt = new JwtService(core);
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:browser-modes-secret');
  await core.credentials.create({ name: 'std', kind: 'standard' }, STANDARD);
  pages = await pageServer();
  sandbox = new SandboxServer({
    jwt,
    tokenKey: 'rt',
    apiKeys: ['std'],
    credentials: core.credentials,
    allowedOrigins: [`http://localhost:${pages.port}`],
  });
  sandbox.events.on('event', (e: SandboxEvent) => events.push(e));
  await sandbox.start();
});
test.afterAll(async () => {
  await sandbox?.stop();
  await pages?.close();
  await core?.cleanup();
});

/** Opens a WebSocket in the page, reads the first frame, sends two and reads their echoes, and reports. */
function session(page: Page, url: string, protocols: string[]) {
  return page.evaluate(
    async ({ url, protocols }) => {
      const ws = new WebSocket(url, protocols);
      const frames: string[] = [];
      const closed = new Promise<{ code: number }>((r) => ws.addEventListener('close', (e) => r({ code: e.code })));
      const next = () =>
        new Promise<string>((resolve, reject) => {
          ws.addEventListener('message', (e) => resolve(String(e.data)), { once: true });
          void closed.then((c) => reject(new Error(`closed ${c.code}`)));
        });
      try {
        frames.push(await next());
        ws.send('one');
        frames.push(await next());
        ws.send('two');
        frames.push(await next());
      } catch (err) {
        return { error: String(err), protocol: ws.protocol, frames, open: false };
      }
      const open = ws.readyState === WebSocket.OPEN;
      const protocol = ws.protocol;
      ws.close(1000, 'done');
      const { code } = await closed;
      return { protocol, frames, open, code };
    },
    { url, protocols },
  );
}

test('each browser auth mode: the session opens, stays open, echoes; the subprotocol is echoed', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${pages.port}/`);
  const { token } = await jwt.mint({ key: 'rt' });
  const cases = [
    { mode: 'subprotocol', url: sandbox.url, protocols: ['realtime', token] },
    { mode: 'query-token', url: `${sandbox.url}?token=${token}`, protocols: [] },
    { mode: 'query-key', url: `${sandbox.url}?key=${encodeURIComponent(STANDARD)}`, protocols: [] },
  ];
  for (const c of cases) {
    events.length = 0;
    const r = await session(page, c.url, c.protocols);
    expect(r.error, c.mode).toBeUndefined();
    expect(r.open, `${c.mode}: still open after two round trips`).toBe(true);
    expect(JSON.parse(r.frames[0]!).type).toBe('session.started');
    expect(r.frames.slice(1)).toEqual(['one', 'two']);
    expect(r.code).toBe(1000);
    if (c.mode === 'subprotocol') expect(r.protocol).toBe('realtime');
    const connect = events.find((e) => e.type === 'connect');
    expect(connect && connect.type === 'connect' && connect.via).toBe(c.mode);
  }
  // A token alone as the subprotocol: refused with a reason, never echoed back.
  const alone = await session(page, sandbox.url, [token]);
  expect(alone.open).toBe(false);
  expect(events.some((e) => e.type === 'refusal' && e.reason === 'no_protocol_to_echo')).toBe(true);
});

test('POST /token from a page: an allowed origin gets a token it can connect with; a refused one gets nothing', async ({
  page,
}) => {
  await page.goto(`http://localhost:${pages.port}/`);
  const minted = await page.evaluate(async (tokenUrl) => {
    const res = await fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return (await res.json()) as { token: string };
  }, `${sandbox.httpUrl}/token`);
  const r = await session(page, sandbox.url, ['realtime', minted.token]);
  expect(r.open).toBe(true);
  events.length = 0;
  await page.goto(`http://127.0.0.1:${pages.port}/`);
  const refused = await page.evaluate(async (tokenUrl) => {
    try {
      await fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return 'read';
    } catch (err) {
      return String(err);
    }
  }, `${sandbox.httpUrl}/token`);
  expect(refused).toMatch(/TypeError/);
  expect(events.some((e) => e.type === 'refusal' && e.reason === 'bad_origin')).toBe(true);
  expect(events.some((e) => e.type === 'token')).toBe(false);
});
