/**
 * The stores that used to poll, against a fake bridge built by the real preload `buildApi`: they start
 * the job once, then change only when main pushes. No timers, no DOM: `window.keydeck` is the bridge.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApi } from '../../electron/preload/api.js';
import type { IpcChannel, IpcResult } from '../../shared/ipc-contract.js';
import type { ScanJob } from '../../shared/ipc/work.js';
import type { ValidateAllProgress } from '../../shared/ipc/validation.js';

type Answer = (channel: IpcChannel, payload: unknown) => IpcResult<unknown>;

/** A bridge whose calls are answered by `answer` and whose events the test pushes with `push`. */
function bridge(answer: Answer) {
  const calls: IpcChannel[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api = buildApi(
    async (channel, payload) => {
      calls.push(channel);
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
  const listening = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { calls, push, listening };
}

const job = (over: Partial<ScanJob> = {}): ScanJob => ({
  id: 'scan-1',
  path: '/tmp/p',
  git: false,
  state: 'running',
  progress: { phase: 'reading-keychain', files: 0, bytes: 0, findings: 0 },
  startedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

test('scan store: one start call, then pushed progress and report; an event before the answer is kept', async () => {
  const b = bridge((channel) => ({ ok: true, value: channel === 'scan:start' ? job() : null }));
  const { useScan } = await import('../../renderer/src/stores/scan.js');
  useScan.getState().setPath('/tmp/p');
  const started = useScan.getState().start();
  // Main pushed a step before `scan:start` answered.
  b.push('scan:progress', job({ progress: { phase: 'scanning', files: 3, bytes: 10, findings: 0 } }));
  await started;
  assert.equal(useScan.getState().job?.progress.files, 3, 'the early step was not lost');
  b.push('scan:progress', job({ id: 'other', progress: { phase: 'scanning', files: 99, bytes: 1, findings: 0 } }));
  assert.equal(useScan.getState().job?.progress.files, 3, "another scan's events are ignored");
  b.push('scan:progress', { ...job(), secret: 'sk-x' });
  assert.equal(useScan.getState().job?.progress.files, 3, 'an off-contract payload is dropped');
  const report = {
    root: '/tmp/p',
    mode: 'files' as const,
    files: 5,
    bytes: 50,
    binarySkipped: 0,
    dirsSkipped: 0,
    problems: [],
    unreadableSecrets: [],
    secretsSearched: 1,
    durationMs: 3,
    findings: [],
    findingsTotal: 0,
  };
  b.push(
    'scan:progress',
    job({ state: 'done', report, progress: { phase: 'done', files: 5, bytes: 50, findings: 0 } }),
  );
  assert.equal(useScan.getState().job?.state, 'done');
  assert.equal(useScan.getState().job?.report?.files, 5);
  assert.deepEqual(b.calls, ['scan:start'], 'nothing polled');
  assert.equal(b.listening('scan:progress'), 0, 'unsubscribed at the end');
});

test('scan store: a refused start shows the typed error with its field and stops listening', async () => {
  const b = bridge(() => ({
    ok: false,
    error: { code: 'PATH_NOT_FOUND', message: 'No such file or folder: /nope', field: 'path' },
  }));
  const { useScan } = await import('../../renderer/src/stores/scan.js');
  useScan.getState().setPath('/nope');
  await useScan.getState().start();
  assert.deepEqual(useScan.getState().error, {
    code: 'PATH_NOT_FOUND',
    message: 'No such file or folder: /nope',
    field: 'path',
  });
  assert.equal(b.listening('scan:progress'), 0);
});

test('validation store: validate all starts once, follows pushed progress, reloads the list at the end', async () => {
  const first: ValidateAllProgress = {
    jobId: 'v1',
    state: 'running',
    done: 0,
    total: 2,
    counts: {},
    startedAt: '2026-01-01T00:00:00.000Z',
  };
  const b = bridge((channel) => {
    if (channel === 'validation:start-all') return { ok: true, value: first };
    if (channel === 'credentials:list') return { ok: true, value: [] };
    return { ok: true, value: null };
  });
  await import('../../renderer/src/stores/credentials.js');
  const { useValidation } = await import('../../renderer/src/stores/validation.js');
  await useValidation.getState().validateAll();
  assert.equal(useValidation.getState().job?.jobId, 'v1');
  b.push('validation:all-progress', { ...first, done: 1, counts: { valid: 1 } });
  assert.equal(useValidation.getState().job?.done, 1);
  b.push('validation:all-progress', {
    ...first,
    state: 'done',
    done: 2,
    counts: { valid: 1, invalid: 1 },
    finishedAt: '2026-01-01T00:00:01.000Z',
  });
  assert.equal(useValidation.getState().job?.state, 'done');
  assert.equal(b.listening('validation:all-progress'), 0, 'unsubscribed at the end');
  await new Promise<void>((resolve) => setImmediate(resolve));
  assert.deepEqual(
    b.calls.filter((c) => c.startsWith('validation:')),
    ['validation:start-all'],
    'nothing polled',
  );
  assert.ok(b.calls.includes('credentials:list'), 'the list is reloaded once the job ends');
});
