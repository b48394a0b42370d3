/**
 * The preload's API object: named methods only (no generic invoke), each bound to its own channel of
 * the contract, one narrow subscription per event channel, and failures crossing as `{ code, message,
 * field? }` objects that the page's `api()` throws as typed errors (no "[CODE] message" strings).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApi, type Listen } from '../../electron/preload/api.js';
import {
  IPC_CHANNELS,
  IPC_EVENT_CHANNELS,
  type IpcChannel,
  type IpcEventChannel,
  type IpcResult,
} from '../../shared/ipc-contract.js';
import { IpcError, toUiError, unwrapApi } from '../../renderer/src/api.js';

function collect() {
  const seen: [IpcChannel, unknown][] = [];
  const listening: IpcEventChannel[] = [];
  const api = buildApi(
    async (channel, payload) => {
      seen.push([channel, payload]);
      return { ok: true, value: channel } as IpcResult<unknown>;
    },
    (channel) => {
      listening.push(channel);
      return () => undefined;
    },
  );
  return { api, seen, listening };
}

test('the API exposes named methods only, one per channel and one subscription per event', async () => {
  const { api, seen, listening } = collect();
  const calls: ((arg?: unknown) => unknown)[] = [];
  const subscriptions: ((listener: () => void) => () => void)[] = [];
  // Groups may nest (window.keydeck.jwt.sandbox.start); every leaf is a named method.
  const visit = (node: Record<string, unknown>, where: string) => {
    for (const [name, value] of Object.entries(node)) {
      assert.ok(!/invoke|send|ipc|^on$/i.test(name), `${where}.${name}`);
      if (typeof value === 'function') {
        if (/^on[A-Z]/.test(name)) subscriptions.push(value as (listener: () => void) => () => void);
        else calls.push(value as (arg?: unknown) => unknown);
      } else {
        assert.equal(typeof value, 'object', `${where}.${name}`);
        visit(value as Record<string, unknown>, `${where}.${name}`);
      }
    }
  };
  visit(api as unknown as Record<string, unknown>, 'keydeck');
  for (const fn of calls) await fn({});
  for (const on of subscriptions) assert.equal(typeof on(() => undefined), 'function', 'returns the unsubscribe');
  assert.deepEqual(seen.map(([c]) => c).sort(), [...IPC_CHANNELS].sort(), 'every channel reachable exactly once');
  assert.deepEqual(listening.sort(), [...IPC_EVENT_CHANNELS].sort(), 'every event channel, once');
  assert.deepEqual(await api.credentials.copy({ id: 'x', format: 'header' }), { ok: true, value: 'credentials:copy' });
});

test('a failed call crosses as a plain { code, message, field? } object; odd answers become INTERNAL', async () => {
  const failing = buildApi(async () => ({
    ok: false,
    error: { code: 'DUPLICATE_NAME', message: 'Taken.', field: 'name' },
  }));
  const r = await failing.workspaces.add({ name: 'x' });
  assert.deepEqual(r, { ok: false, error: { code: 'DUPLICATE_NAME', message: 'Taken.', field: 'name' } });
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r, 'plain data: survives a structured clone (contextBridge) whole');
  const broken = buildApi(async () => undefined as unknown as IpcResult<unknown>);
  assert.deepEqual(await broken.settings.get(), {
    ok: false,
    error: { code: 'INTERNAL', message: 'No answer from Keydeck.' },
  });
  const throwing = buildApi(() => Promise.reject(new Error('channel closed')));
  assert.equal(((await throwing.settings.get()) as { ok: false; error: { code: string } }).error.code, 'INTERNAL');
});

test("the page's api() throws a typed error with code, message and field; toUiError keeps them", async () => {
  const api = unwrapApi(
    buildApi(async (channel) =>
      channel === 'workspaces:add'
        ? { ok: false, error: { code: 'INVALID_NAME', message: 'Give a name.', field: 'name' } }
        : { ok: true, value: { cleared: true } },
    ),
  );
  assert.deepEqual(await api.clipboard.clear(), { cleared: true });
  await assert.rejects(api.workspaces.add({ name: '' }), (err: unknown) => {
    assert.ok(err instanceof IpcError);
    assert.equal(err.code, 'INVALID_NAME');
    assert.equal(err.message, 'Give a name.', 'the message is the message, no code inside it');
    assert.equal(err.field, 'name');
    assert.deepEqual(toUiError(err), { code: 'INVALID_NAME', message: 'Give a name.', field: 'name' });
    return true;
  });
  assert.deepEqual(toUiError(new Error('[FAKE] looks like a code')), {
    code: 'INTERNAL',
    message: '[FAKE] looks like a code',
  });
  assert.deepEqual(toUiError('x'), { code: 'INTERNAL', message: 'x' });
});

test('event payloads are parsed by their schema: off-contract ones never reach the listener; unsubscribe stops them', () => {
  const listeners = new Map<string, (p: unknown) => void>();
  const listen: Listen = (channel, l) => {
    listeners.set(channel, l);
    return () => void listeners.delete(channel);
  };
  const api = unwrapApi(buildApi(async () => ({ ok: true, value: null }), listen));
  const got: unknown[] = [];
  const off = api.validation.onAllProgress((p) => got.push(p));
  const good = { jobId: 'j1', state: 'running', done: 1, total: 3, counts: { valid: 1 }, startedAt: 'now' };
  listeners.get('validation:all-progress')!(good);
  listeners.get('validation:all-progress')!({ ...good, done: -1 });
  listeners.get('validation:all-progress')!({ ...good, secret: 'sk-leak' });
  listeners.get('validation:all-progress')!('[INTERNAL] string');
  assert.deepEqual(got, [good]);
  off();
  assert.equal(listeners.has('validation:all-progress'), false);
});
