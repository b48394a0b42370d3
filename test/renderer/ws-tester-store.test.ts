/**
 * The WebSocket tester's store against a fake bridge built by the real preload `buildApi`: frames
 * arrive only pushed (in order, each once, an off-contract payload dropped), JSON mode refuses text that
 * does not parse without calling main, and a refused close code lands as an error naming its field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApi } from '../../electron/preload/api.js';
import type { IpcChannel, IpcResult } from '../../shared/ipc-contract.js';
import type { WsFrame } from '../../shared/sandbox.js';

function bridge(answer: (channel: IpcChannel, payload: unknown) => IpcResult<unknown>) {
  const calls: { channel: IpcChannel; payload: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api = buildApi(
    async (channel, payload) => {
      calls.push({ channel, payload });
      return answer(channel, payload);
    },
    (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return () => void listeners.get(channel)!.delete(listener);
    },
  );
  (globalThis as unknown as { window: unknown }).window = { keydeck: api };
  const push = (channel: string, payload: unknown) => [...(listeners.get(channel) ?? [])].forEach((l) => l(payload));
  return { calls, push };
}

const frame = (seq: number, over: Partial<WsFrame> = {}): WsFrame => ({
  seq,
  at: '2026-01-01T00:00:00.000Z',
  dir: 'in',
  type: 'text',
  text: `f${seq}`,
  bytes: 2,
  ...over,
});

test('ws tester store: open, frames pushed in order and once, JSON checked locally, close errors by field', async () => {
  const b = bridge((channel, payload) => {
    if (channel === 'sandbox:ws:open')
      return { ok: true, value: { url: 'ws://x/ws', ok: true, status: 101, token: 'minted' } };
    if (channel === 'sandbox:ws:send') return { ok: true, value: { seq: 9 } };
    if (channel === 'sandbox:ws:close' && (payload as { code: number }).code === 1006)
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: '1006 is not a close code a client may send', field: 'code' },
      };
    return { ok: true, value: { closed: true } };
  });
  const { useWsTester, getEmptyState, frameText } = await import('../../renderer/src/stores/ws-tester.js');
  useWsTester.setState(getEmptyState());
  const off = useWsTester.getState().connect();
  await useWsTester.getState().openSession({ url: 'ws://x/ws', key: 'k1' });
  assert.equal(useWsTester.getState().open, true);
  assert.equal(useWsTester.getState().handshake?.status, 101);

  b.push('sandbox:ws:frame', { frame: frame(2), open: true });
  b.push('sandbox:ws:frame', { frame: frame(1, { dir: 'system', type: 'open' }), open: true });
  b.push('sandbox:ws:frame', { frame: frame(2), open: true });
  b.push('sandbox:ws:frame', { frame: { ...frame(3), token: 'leak' }, open: true });
  assert.deepEqual(
    useWsTester.getState().frames.map((f) => f.seq),
    [1, 2],
    'sorted, each once, the off-contract payload dropped',
  );

  const sends = () => b.calls.filter((c) => c.channel === 'sandbox:ws:send').length;
  assert.equal(await useWsTester.getState().send('{"a": nope}', 'json'), false);
  assert.match(useWsTester.getState().sendError!.message, /^This is not JSON/);
  assert.equal(sends(), 0, 'nothing reached main');
  assert.equal(await useWsTester.getState().send('', 'text'), false);
  assert.equal(await useWsTester.getState().send('{"a":1}', 'json'), true);
  assert.equal(await useWsTester.getState().send('plain', 'text'), true);
  assert.equal(useWsTester.getState().sendError, undefined);
  assert.equal(sends(), 2);

  await useWsTester.getState().close(1006, '');
  assert.equal(useWsTester.getState().closeError?.field, 'code');
  await useWsTester.getState().close(4001, 'bye');
  assert.equal(useWsTester.getState().closeError, undefined);
  b.push('sandbox:ws:frame', { open: false });
  assert.equal(useWsTester.getState().open, false);
  off();
  b.push('sandbox:ws:frame', { frame: frame(5), open: true });
  assert.equal(useWsTester.getState().frames.length, 2, 'no frames after unsubscribing');
  assert.deepEqual(frameText('{"x":1}', 'json'), { text: '{"x":1}' });
});
