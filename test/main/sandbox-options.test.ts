/**
 * The sandbox start options through main's real handlers (`dispatch` validates as in the app): each bad
 * input gets its error and starts nothing (an origin that is `*`, a script with an unknown event with its
 * line, a script path that is not a file, an unknown fault preset, a key that does not exist, a recording
 * that is truncated); a good fault preset reaches a client (a refused handshake answers 503).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import { createHandlers, dispatch } from '../../electron/main/ipc-handlers.js';
import { stopAllSandboxes } from '../../electron/main/handlers/sandbox.js';
import { makeTestCore, type TestCore } from '../harness/core.js';

let core: TestCore;
let dir: string;
let call: (channel: string, payload: unknown) => Promise<unknown>;

before(async () => {
  core = makeTestCore();
  await core.credentials.open();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-sbx-opts-'));
  const handlers = createHandlers({ core, clipboard: new ClipboardGuard(new MemoryClipboard()), version: '0' });
  call = (channel, payload) => dispatch(handlers, channel, payload);
});

after(async () => {
  await stopAllSandboxes();
  fs.rmSync(dir, { recursive: true, force: true });
  await core.cleanup();
});

async function refused(payload: object): Promise<{ code: string; message: string; field?: string }> {
  const r = (await call('sandbox:start', { port: 0, ...payload })) as {
    ok: boolean;
    error: { code: string; message: string; field?: string };
  };
  assert.equal(r.ok, false, JSON.stringify(r));
  const s = (await call('sandbox:status', {})) as { value: { running: boolean } };
  assert.equal(s.value.running, false, 'nothing started');
  return r.error;
}

test('an origin that is * is refused before anything listens', async () => {
  const e = await refused({ allowOrigins: ['*'] });
  assert.equal(e.code, 'INVALID_ORIGIN');
});

test('a script naming an unknown event is refused with its line and field', async () => {
  const file = path.join(dir, 'bad.json');
  fs.writeFileSync(file, '{ "version": 1, "steps": [\n  { "send": { "type": "no.such" } }\n] }\n');
  const e = await refused({ script: file });
  assert.equal(e.code, 'INVALID_SCRIPT');
  assert.match(e.message, /^line 2, steps\[0\]\.send\.type: /);
});

test('a script path that is not a file, or relative, is refused naming the field', async () => {
  assert.equal((await refused({ script: dir })).field, 'script');
  assert.equal((await refused({ script: 'bad.json' })).field, 'script');
});

test('an unknown fault preset and a missing stored key are refused', async () => {
  assert.equal((await refused({ faults: 'meltdown' })).code, 'INVALID_INPUT');
  assert.equal((await refused({ basicKeys: ['nope'] })).code, 'CREDENTIAL_NOT_FOUND');
});

test('a truncated recording is refused for replay and not added to the list', async () => {
  const file = path.join(dir, 'cut.jsonl');
  fs.writeFileSync(
    file,
    '{"format":"keydeck-sandbox-recording","version":1,"auth":"bearer"}\n{"t":0,"dir":"out","text":"x"}\n',
  );
  assert.equal((await refused({ replay: file })).code, 'INVALID_RECORDING');
  const r = (await call('sandbox:recordings:add', { file })) as { ok: boolean; error: { message: string } };
  assert.equal(r.ok, false);
  assert.match(r.error.message, /truncated/);
  const list = (await call('sandbox:recordings', {})) as { value: { recordings: unknown[] } };
  assert.deepEqual(list.value.recordings, []);
});

test('the "refuse" fault preset reaches a real client as a 503 handshake', async () => {
  const r = (await call('sandbox:start', { port: 0, faults: 'refuse', profile: 'realtime' })) as {
    ok: boolean;
    value: { url: string };
  };
  assert.equal(r.ok, true, JSON.stringify(r));
  const status = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(r.value.url);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => reject(new Error('opened')));
    ws.on('error', () => undefined);
  });
  assert.equal(status, 503);
  await call('sandbox:stop', {});
});
