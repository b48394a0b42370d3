/**
 * The persistent WebSocket tester through main's real handlers: it connects with the Bearer JWT (a
 * header the renderer's own WebSocket could not send), stays open, sends text and JSON frames, and every
 * frame (with its time and direction) is pushed on `sandbox:ws:frame` to the window that opened it;
 * it closes with the chosen code. Bad input (a close code a client may not send, a frame over the limit,
 * sending with nothing open, a second open) gets a clear error and keeps the session as it was.
 * The server is a real `ws` server on 127.0.0.1 that echoes and records what it receives.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { ipcEvents } from '../../shared/ipc-contract.js';
import type { WsFramePushView } from '../../shared/ipc/jwt.js';
import { WS_FRAME_LIMITS } from '../../shared/sandbox.js';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import { createHandlers } from '../../electron/main/ipc-handlers.js';
import { stopAllSandboxes } from '../../electron/main/handlers/sandbox.js';
import { dispatch } from '../../electron/main/ipc-handlers.js';
import { senderContext } from '../../electron/main/ipc.js';
import { makeTestCore, type TestCore } from '../harness/core.js';
import { waitFor } from '../harness/wait.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3cyJ9.c2ln';

let core: TestCore;
let server: WebSocketServer;
let port: number;
const received: { auth?: string; frames: string[]; closes: number[] } = { frames: [], closes: [] };

before(async () => {
  core = makeTestCore();
  server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info, cb) =>
      info.req.headers.authorization === `Bearer ${TOKEN}` ? cb(true) : cb(false, 401, 'Unauthorized'),
  });
  server.on('connection', (socket, req) => {
    received.auth = req.headers.authorization;
    socket.send('hello');
    socket.on('message', (d) => {
      received.frames.push(d.toString());
      socket.send(`echo:${d.toString()}`);
    });
    socket.on('close', (code) => received.closes.push(code));
  });
  await new Promise<void>((r) => server.once('listening', () => r()));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  await stopAllSandboxes();
  await new Promise<void>((r) => server.close(() => r()));
  await core.cleanup();
});

function windowLike() {
  const pushed: WsFramePushView[] = [];
  const ctx = senderContext({
    id: 1,
    send: (channel, payload) => {
      assert.equal(channel, 'sandbox:ws:frame');
      assert.ok(ipcEvents['sandbox:ws:frame'].payload.safeParse(payload).success, 'on the contract');
      pushed.push(payload as WsFramePushView);
    },
  });
  const handlers = createHandlers({ core, clipboard: new ClipboardGuard(new MemoryClipboard()), version: 'test' });
  const call = (channel: string, payload: unknown) =>
    dispatch(handlers, channel, payload, ctx) as Promise<
      { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } }
    >;
  return { pushed, call };
}

test('open with the Bearer JWT, send text and JSON, see each frame pushed in order, close with 4001', async () => {
  const w = windowLike();
  const url = `ws://127.0.0.1:${port}/ws`;
  const opened = await w.call('sandbox:ws:open', { url, token: TOKEN });
  assert.equal(opened.ok, true);
  assert.ok(opened.ok && opened.value.ok === true && opened.value.status === 101 && opened.value.token === 'pasted');
  assert.equal(received.auth, `Bearer ${TOKEN}`, 'the token went as an Authorization header');

  const echoed = (text: string) =>
    waitFor(`the echo of ${text}`, () => w.pushed.some((p) => p.frame?.text === `echo:${text}`));
  assert.equal((await w.call('sandbox:ws:send', { text: 'plain text' })).ok, true);
  await echoed('plain text');
  assert.equal((await w.call('sandbox:ws:send', { text: '{"type":"ping","n":1}' })).ok, true);
  await echoed('{"type":"ping","n":1}');

  // A second open while one is open is refused, and the open one stays.
  const again = await w.call('sandbox:ws:open', { url, token: TOKEN });
  assert.ok(!again.ok && again.error.code === 'WS_OPEN' && /Close it first/.test(again.error.message));

  // A close code a client may not send: refused with a clear word, and the session stays open.
  const bad = await w.call('sandbox:ws:close', { code: 1006 });
  assert.ok(!bad.ok && bad.error.code === 'INVALID_INPUT' && /1000–1003/.test(bad.error.message));
  const big = await w.call('sandbox:ws:send', { text: 'x'.repeat(WS_FRAME_LIMITS.sendBytes + 1) });
  assert.ok(!big.ok && /at most 64 KiB/.test(big.error.message));
  assert.equal((await w.call('sandbox:ws:send', { text: 'still open' })).ok, true);
  await echoed('still open');

  const closed = await w.call('sandbox:ws:close', { code: 4001, reason: 'bye' });
  assert.ok(closed.ok && closed.value.closed === true);
  await waitFor('the end pushed', () => w.pushed.some((p) => !p.open && !p.frame));
  await waitFor('the server saw the close', () => received.closes.length === 1);
  assert.deepEqual(received.closes, [4001]);
  assert.deepEqual(received.frames, ['plain text', '{"type":"ping","n":1}', 'still open']);

  const frames = w.pushed.flatMap((p) => (p.frame ? [p.frame] : []));
  assert.deepEqual(
    frames.map((f) => `${f.dir} ${f.type} ${f.text}`),
    [
      'system open ' + frames[0]!.text,
      'in text hello',
      'out text plain text',
      'in text echo:plain text',
      'out text {"type":"ping","n":1}',
      'in text echo:{"type":"ping","n":1}',
      'out text still open',
      'in text echo:still open',
      'out close bye',
      'system close bye',
    ],
  );
  assert.ok(frames.every((f, i) => f.seq === i + 1 && !Number.isNaN(Date.parse(f.at))));
  assert.equal(frames.at(-1)!.code, 4001);
  assert.ok(!JSON.stringify(w.pushed).includes(TOKEN), 'no frame repeats the token');

  const after = await w.call('sandbox:ws:send', { text: 'late' });
  assert.ok(!after.ok && after.error.code === 'WS_NOT_OPEN');
});

test('a refused handshake reports its status and body; a bad URL is a clear error', async () => {
  const w = windowLike();
  const refused = await w.call('sandbox:ws:open', { url: `ws://127.0.0.1:${port}/ws`, token: 'wrong' });
  assert.ok(refused.ok && refused.value.ok === false && refused.value.status === 401);
  const notWs = await w.call('sandbox:ws:open', { url: 'https://example.com/ws' });
  assert.ok(!notWs.ok && notWs.error.code === 'INVALID_URL');
  // After a refusal, a new open may start.
  const ok = await w.call('sandbox:ws:open', { url: `ws://127.0.0.1:${port}/ws`, token: TOKEN });
  assert.ok(ok.ok && ok.value.ok === true);
  assert.equal((await w.call('sandbox:ws:close', { code: 1000 })).ok, true);
});
