/**
 * The preload's API object: named methods only (no generic invoke), each bound to its own channel of
 * the contract, and failures surfacing as errors that keep `{ code, message }` across contextBridge.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApi, KeydeckIpcError } from '../../electron/preload/api.js';
import { IPC_CHANNELS, type IpcChannel, type IpcResult } from '../../shared/ipc-contract.js';

function collect() {
  const seen: [IpcChannel, unknown][] = [];
  const api = buildApi(async (channel, payload) => {
    seen.push([channel, payload]);
    return { ok: true, value: channel } as IpcResult<unknown>;
  });
  return { api, seen };
}

test('the API exposes named methods only, one per channel, and nothing generic', async () => {
  const { api, seen } = collect();
  const flat: ((arg?: unknown) => Promise<unknown>)[] = [];
  // Groups may nest (window.keydeck.jwt.sandbox.start); every leaf is a named method.
  const visit = (node: Record<string, unknown>, where: string) => {
    for (const [name, value] of Object.entries(node)) {
      assert.ok(!/invoke|send|ipc|^on$/i.test(name), `${where}.${name}`);
      if (typeof value === 'function') flat.push(value as (arg?: unknown) => Promise<unknown>);
      else {
        assert.equal(typeof value, 'object', `${where}.${name}`);
        visit(value as Record<string, unknown>, `${where}.${name}`);
      }
    }
  };
  visit(api as unknown as Record<string, unknown>, 'keydeck');
  for (const fn of flat) await fn({});
  assert.deepEqual(seen.map(([c]) => c).sort(), [...IPC_CHANNELS].sort(), 'every channel reachable exactly once');
  assert.equal(await api.credentials.copy({ id: 'x', format: 'header' }), 'credentials:copy');
});

test('a failed call rejects with the typed code, also readable from the message alone', async () => {
  const api = buildApi(async () => ({ ok: false, error: { code: 'DUPLICATE_NAME', message: 'Taken.' } }));
  await assert.rejects(api.workspaces.add({ name: 'x' }), (err: unknown) => {
    assert.ok(err instanceof KeydeckIpcError);
    assert.equal(err.code, 'DUPLICATE_NAME');
    assert.equal(err.message, '[DUPLICATE_NAME] Taken.');
    return true;
  });
  const broken = buildApi(async () => undefined as unknown as IpcResult<unknown>);
  await assert.rejects(broken.settings.get(), /\[INTERNAL\]/);
});
