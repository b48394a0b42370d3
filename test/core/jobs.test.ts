/**
 * The job registry: events arrive in order (progress…, then one end), cancel aborts the job's signal
 * and ends it `cancelled`, a failure ends it `failed` with a typed payload (an unknown error's message
 * never leaks), one job per key, and listeners that throw change nothing. Clock and ids injected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeydeckError } from '../../shared/errors.js';
import { JobRegistry, type JobEvent } from '../../electron/core/jobs/index.js';

function registry() {
  let n = 0;
  let t = Date.parse('2026-01-01T00:00:00Z');
  return new JobRegistry({ newId: () => `job-${++n}`, now: () => new Date((t += 1000)), keepFinished: 2 });
}

/** A job that waits for the test to release it, so the test decides every step. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

test('progress events arrive in order, then exactly one end with the result', async () => {
  const jobs = registry();
  const events: JobEvent<number, string>[] = [];
  const g = gate();
  const snap = jobs.start<number, string>(
    'count',
    async (ctx) => {
      for (let i = 1; i <= 3; i++) ctx.progress(i);
      await g.opened;
      ctx.progress(4);
      return 'four';
    },
    { progress: 0, listener: (e) => events.push(e) },
  );
  assert.equal(snap.id, 'job-1');
  assert.equal(snap.state, 'running');
  assert.equal(snap.progress, 0);
  assert.equal(snap.startedAt, '2026-01-01T00:00:01.000Z');
  g.open();
  const end = await jobs.wait(snap.id);
  assert.deepEqual(
    events.map((e) => [e.type, e.seq, e.job.progress, e.job.state]),
    [
      ['progress', 1, 1, 'running'],
      ['progress', 2, 2, 'running'],
      ['progress', 3, 3, 'running'],
      ['progress', 4, 4, 'running'],
      ['end', 5, 4, 'done'],
    ],
  );
  assert.equal(end?.result, 'four');
  assert.equal(end?.state, 'done');
  assert.equal(end?.finishedAt, '2026-01-01T00:00:02.000Z');
  assert.equal(jobs.get(snap.id)?.state, 'done');
});

test('cancel aborts the signal; the job ends cancelled (resolved or rejected) and reports nothing after', async () => {
  const jobs = registry();
  for (const how of ['resolve', 'reject'] as const) {
    const events: JobEvent[] = [];
    const started = gate();
    const snap = jobs.start<number, string>(
      'scan',
      (ctx) =>
        new Promise((resolve, reject) => {
          ctx.progress(1);
          started.open();
          ctx.signal.addEventListener('abort', () => {
            if (how === 'resolve') resolve('partial');
            else reject(new Error('aborted'));
            ctx.progress(2); // ignored: the job is ending
          });
        }),
      { listener: (e) => events.push(e) },
    );
    await started.opened;
    assert.equal(jobs.cancel(snap.id), true);
    const end = await jobs.wait(snap.id);
    assert.equal(end?.state, 'cancelled');
    assert.equal(end?.error, undefined);
    assert.deepEqual(
      events.map((e) => e.type),
      ['progress', 'end'],
    );
    assert.equal(jobs.cancel(snap.id), false, 'an ended job cannot be cancelled again');
  }
  assert.equal(jobs.cancel('nope'), false);
});

test('a failure ends the job failed with a typed payload; an unknown error keeps no message', async () => {
  const jobs = registry();
  const typed = jobs.start('import', async () => {
    throw new KeydeckError('CATALOG_LOCKED', 'The catalog is busy.', 'catalog');
  });
  const unknown = jobs.start('import', async () => {
    throw new Error('/home/me/secret-path exploded');
  });
  const a = await jobs.wait(typed.id);
  const b = await jobs.wait(unknown.id);
  assert.equal(a?.state, 'failed');
  assert.deepEqual(a?.error, { code: 'CATALOG_LOCKED', message: 'The catalog is busy.', field: 'catalog' });
  assert.equal(b?.state, 'failed');
  assert.equal(b?.error?.code, 'INTERNAL');
  assert.doesNotMatch(JSON.stringify(b), /secret-path/);
});

test('one running job per kind and key: a second start joins it, replace cancels it', async () => {
  const jobs = registry();
  const g = gate();
  const first = jobs.start('validate-all', () => g.opened, { key: 'ws1' });
  const joined: JobEvent[] = [];
  const again = jobs.start('validate-all', () => Promise.resolve(), { key: 'ws1', listener: (e) => joined.push(e) });
  assert.equal(again.id, first.id);
  const other = jobs.start('validate-all', () => Promise.resolve(), { key: 'ws2' });
  assert.notEqual(other.id, first.id);
  const replaced = jobs.start('validate-all', () => Promise.resolve('new'), { key: 'ws1', replace: true });
  assert.notEqual(replaced.id, first.id);
  g.open();
  assert.equal((await jobs.wait(first.id))?.state, 'cancelled');
  assert.deepEqual(
    joined.map((e) => [e.type, e.job.state]),
    [['end', 'cancelled']],
  );
  assert.equal((await jobs.wait(replaced.id))?.result, 'new');
});

test('a throwing listener changes nothing for the job or the other listeners; unsubscribe stops events', async () => {
  const jobs = registry();
  const g = gate();
  const seen: string[] = [];
  const late: string[] = [];
  const snap = jobs.start<number, void>(
    'sandbox',
    async (ctx) => {
      ctx.progress(1);
      await g.opened;
      ctx.progress(2);
    },
    {
      listener: () => {
        throw new Error('window closed');
      },
    },
  );
  jobs.subscribe(snap.id, (e) => seen.push(`${e.type}:${String(e.job.progress)}`));
  const off = jobs.subscribe(snap.id, (e) => late.push(e.type));
  await Promise.resolve();
  off();
  g.open();
  const end = await jobs.wait(snap.id);
  assert.equal(end?.state, 'done');
  assert.deepEqual(seen, ['progress:1', 'progress:2', 'end:2']);
  assert.deepEqual(late, ['progress']);
});

test('finished jobs beyond keepFinished are dropped, oldest first; running ones never', async () => {
  const jobs = registry();
  const g = gate();
  const running = jobs.start('scan', () => g.opened);
  const ids = [];
  for (let i = 0; i < 4; i++) {
    const s = jobs.start('scan', async () => i);
    await jobs.wait(s.id);
    ids.push(s.id);
  }
  assert.deepEqual(
    jobs.list('scan').map((j) => j.id),
    [running.id, ids[2], ids[3]],
  );
  jobs.cancelAll();
  g.open();
  assert.equal((await jobs.wait(running.id))?.state, 'cancelled');
});
