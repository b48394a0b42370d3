/**
 * Pushed events, not polls: a job's progress and end go to the webContents that started it, and to no
 * other window; every payload pushed matches its event channel's schema. `ipcMain` and the two windows'
 * `send` are the only stand-ins; handlers, registry and core are real (throwaway keyring).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ipcEvents, type IpcEventChannel } from '../../shared/ipc-contract.js';
import type { ScanJob } from '../../shared/ipc/work.js';
import type { SandboxPushView } from '../../shared/ipc/jwt.js';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import { createHandlers } from '../../electron/main/ipc-handlers.js';
import { registerIpc, senderContext, type IpcEvent } from '../../electron/main/ipc.js';
import { makeTestCore, type TestCore } from '../harness/core.js';

const APP_URL = 'file:///opt/Keydeck/resources/app.asar/dist/renderer/';
const SECRET = 'sk-events-test-0123456789abcdef';

/** A window's webContents as main sees it: records what main sends it. */
function window(id: number) {
  const sent: { channel: string; payload: unknown }[] = [];
  const waiters: { when: (c: string, p: unknown) => boolean; resolve: () => void }[] = [];
  const event: IpcEvent = {
    senderFrame: { url: `${APP_URL}index.html` },
    sender: {
      id,
      send(channel, payload) {
        sent.push({ channel, payload });
        for (const w of waiters.splice(0)) {
          if (w.when(channel, payload)) w.resolve();
          else waiters.push(w);
        }
      },
    },
  };
  /** Resolves when main sends a matching event (or has already). */
  const until = (when: (c: string, p: unknown) => boolean) =>
    sent.some((s) => when(s.channel, s.payload))
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ when, resolve }));
  return { event, sent, until };
}

let core: TestCore;
let dir: string;
let invoke: (event: IpcEvent, channel: string, payload: unknown) => Promise<{ ok: boolean; value?: unknown }>;

before(async () => {
  core = makeTestCore();
  await core.credentials.create({ name: 'OpenAI', kind: 'byok', provider: 'openai' }, SECRET);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-events-'));
  for (let i = 0; i < 5; i++)
    fs.writeFileSync(path.join(dir, `f${i}.env`), `OPENAI_API_KEY=${i === 3 ? SECRET : 'x'}\n`);
  const handlers = createHandlers({ core, clipboard: new ClipboardGuard(new MemoryClipboard()), version: 'test' });
  const registered = new Map<string, (event: IpcEvent, ...args: unknown[]) => Promise<unknown>>();
  registerIpc(
    { handle: (c, l) => void registered.set(c, l), removeHandler: (c) => void registered.delete(c) },
    handlers,
    { appUrl: APP_URL, webContentsIds: () => [7, 8] },
  );
  invoke = async (event, channel, payload) =>
    (await registered.get(channel)!(event, payload)) as { ok: boolean; value?: unknown };
});

after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await core.cleanup();
});

const matches = (channel: string, payload: unknown) =>
  ipcEvents[channel as IpcEventChannel].payload.safeParse(payload).success;

test("a scan's progress and report are pushed to the window that started it, and to no other", async () => {
  const a = window(7);
  const b = window(8);
  const r = await invoke(a.event, 'scan:start', { path: dir });
  assert.equal(r.ok, true);
  const started = r.value as ScanJob;
  assert.equal(started.state, 'running');
  await a.until((c, p) => c === 'scan:progress' && (p as ScanJob).state !== 'running');
  assert.ok(a.sent.length >= 2, 'progress, then the end');
  assert.ok(a.sent.every((s) => s.channel === 'scan:progress' && (s.payload as ScanJob).id === started.id));
  assert.ok(
    a.sent.every((s) => matches(s.channel, s.payload)),
    'every payload is on the contract',
  );
  const end = a.sent.at(-1)!.payload as ScanJob;
  assert.equal(end.state, 'done');
  assert.equal(end.report?.findingsTotal, 1);
  assert.equal(end.report?.findings[0]?.file, 'f3.env');
  assert.equal(a.sent.filter((s) => (s.payload as ScanJob).state !== 'running').length, 1, 'exactly one end event');
  assert.ok(!JSON.stringify(a.sent).includes(SECRET), 'names and fingerprints only');
  assert.deepEqual(b.sent, [], 'the other window got nothing');
});

test('cancelling a scan pushes one cancelled end; cancel of an unknown job is a typed error', async () => {
  const a = window(7);
  const r = await invoke(a.event, 'scan:start', { path: dir });
  const job = r.value as ScanJob;
  const c = await invoke(a.event, 'scan:cancel', { jobId: job.id });
  assert.equal(c.ok, true);
  await a.until((ch, p) => ch === 'scan:progress' && (p as ScanJob).state !== 'running');
  const ends = a.sent.filter((s) => (s.payload as ScanJob).state !== 'running');
  // The scan may have finished before the cancel landed: either way one end, never both.
  assert.equal(ends.length, 1);
  assert.ok(['cancelled', 'done'].includes((ends[0]!.payload as ScanJob).state));
  const unknown = (await invoke(a.event, 'scan:cancel', { jobId: 'nope' })) as {
    ok: false;
    error: { code: string; message: string };
  };
  assert.equal(unknown.ok, false);
  assert.equal(unknown.error.code, 'NOT_FOUND');
});

test("the sandbox's log lines are pushed to the window that started it; the stop ends them", async () => {
  const a = window(7);
  const b = window(8);
  const started = (await invoke(a.event, 'sandbox:start', { port: 0 })) as { ok: true; value: { url: string } };
  assert.equal(started.ok, true);
  // A client with no token: the sandbox refuses it, and that refusal is a log line.
  const ws = new WebSocket(started.value.url);
  await new Promise<void>((resolve) => {
    ws.on('error', () => resolve());
    ws.on('close', () => resolve());
  });
  await a.until((c, p) => c === 'sandbox:event' && (p as SandboxPushView).event?.type === 'refusal');
  const stopped = await invoke(b.event, 'sandbox:stop', {});
  assert.equal(stopped.ok, true);
  await a.until((c, p) => c === 'sandbox:event' && !(p as SandboxPushView).event);
  const pushes = a.sent.map((s) => s.payload as SandboxPushView);
  assert.ok(a.sent.every((s) => s.channel === 'sandbox:event' && matches(s.channel, s.payload)));
  assert.equal(pushes.at(-1)!.status.running, false);
  const seqs = pushes.flatMap((p) => (p.event ? [p.event.seq] : []));
  assert.deepEqual(
    seqs,
    [...seqs].sort((x, y) => x - y),
    'in order',
  );
  assert.deepEqual(b.sent, [], 'the window that stopped it was not the one listening');
});

test('main never sends an off-contract payload, nor to a window that is gone', () => {
  const sent: unknown[] = [];
  const ctx = senderContext({ id: 7, send: (_c, p) => sent.push(p) });
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    ctx.emit('validation:all-progress', { jobId: '' } as never);
  } finally {
    console.warn = warn;
  }
  assert.equal(sent.length, 0);
  const gone = senderContext({ id: 7, send: (_c, p) => sent.push(p), isDestroyed: () => true });
  gone.emit('sandbox:event', { status: { running: false, connections: 0 } });
  assert.equal(sent.length, 0);
});
