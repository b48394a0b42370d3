/**
 * The catalog lock: stale only when its owner is gone or its heartbeat stopped, never by age alone;
 * breaking a stale lock lets exactly one writer in. Plain files: no keychain needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Catalog } from '../../electron/core/catalog.js';
import {
  acquireLock,
  breakStale,
  processStart,
  staleReason,
  withFileLock,
  type LockOwner,
} from '../../electron/core/lock.js';
import { KeydeckError } from '../../shared/errors.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-lock-'));
}

/** A pid that was alive a moment ago and is not any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  assert.ok(r.pid);
  return r.pid;
}

/** A clock the test moves by hand; each view counts how often its user asked the time. */
function fakeClock(start = Date.now()) {
  let t = start;
  return {
    now: () => t,
    view() {
      const v = {
        calls: 0,
        now: () => {
          v.calls++;
          return t;
        },
      };
      return v;
    },
    advance: (ms: number) => (t += ms),
  };
}

async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const t = Date.now();
  while (!cond()) {
    if (Date.now() - t > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const me: LockOwner = {
  host: os.hostname(),
  pid: process.pid,
  start: processStart(process.pid),
  token: 't',
};

test('staleReason: a live owner with a fresh heartbeat is never stale, however old the lock', () => {
  const clock = fakeClock();
  const created = clock.now() - 3_600_000; // an hour-old lock whose owner still beats
  assert.equal(staleReason(me, clock.now() - 500, { now: clock.now }), undefined);
  assert.equal(staleReason({ ...me, token: 'x' }, created + 3_600_000 - 1_000, { now: clock.now }), undefined);
});

test('staleReason: stale when the owner died, its pid was reused, or its heartbeat stopped', () => {
  const now = Date.now();
  assert.equal(staleReason({ ...me, pid: deadPid() }, now, { now: () => now }), 'owner process is gone');
  if (me.start !== undefined) {
    assert.equal(
      staleReason({ ...me, start: `${me.start}0` }, now, { now: () => now }),
      'owner pid now belongs to another process',
    );
  }
  assert.equal(staleReason(me, now - 31_000, { now: () => now }), 'owner heartbeat stopped');
  // Another host: its pid says nothing here, only the heartbeat counts.
  const remote = { ...me, host: `not-${os.hostname()}`, pid: deadPid() };
  assert.equal(staleReason(remote, now - 1_000, { now: () => now }), undefined);
  assert.equal(staleReason(remote, now - 31_000, { now: () => now }), 'owner heartbeat stopped');
});

test('a contender waits for a live owner and reports CATALOG_LOCKED, leaving the lock alone', async () => {
  const dir = tempDir();
  const lockPath = path.join(dir, 'x.lock');
  try {
    const held = await acquireLock(lockPath);
    await assert.rejects(
      acquireLock(lockPath, { timeoutMs: 30 }),
      (e: unknown) => e instanceof KeydeckError && e.code === 'CATALOG_LOCKED',
    );
    assert.ok(held.held());
    held.release();
    assert.equal(fs.existsSync(lockPath), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a slow writer holding the catalog lock for 60 s (heartbeat beating) loses nothing, nor does the writer behind it', async () => {
  const dir = tempDir();
  try {
    const clock = fakeClock();
    const contender = clock.view();
    const slow = new Catalog({ dir, lock: { now: clock.now, heartbeatMs: 2 } });
    const other = new Catalog({ dir, lock: { now: contender.now, timeoutMs: 120_000 } });
    const ws = slow.read().workspaces[0]!.id;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let slowInside = false;
    const slowWrite = slow.mutate(async (d) => {
      slowInside = true;
      d.revocations.push({ jti: 'slow', workspaceId: ws, revokedAt: new Date().toISOString() });
      await gate;
    });
    await until(() => slowInside, 'the slow writer to hold the lock');
    let otherDone = false;
    const otherWrite = other
      .mutate((d) => {
        d.revocations.push({ jti: 'other', workspaceId: ws, revokedAt: new Date().toISOString() });
      })
      .then(() => (otherDone = true));
    const lockFile = slow.lockPath;
    // 60 s pass in 1 s steps; after each, the owner beats and the contender looks again.
    for (let s = 0; s < 60; s++) {
      clock.advance(1_000);
      const t = clock.now();
      await until(() => fs.statSync(lockFile).mtimeMs >= t - 1, 'a heartbeat');
      const seen = contender.calls;
      await until(() => contender.calls > seen + 1, 'the contender to look again');
      assert.equal(otherDone, false, `the contender broke a live lock after ${s + 1} s`);
    }
    release();
    await slowWrite;
    await otherWrite;
    const jtis = new Catalog({ dir }).read().revocations.map((r) => r.jti);
    assert.deepEqual(jtis.sort(), ['other', 'slow']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a writer whose heartbeat stopped loses the lock and saves nothing (no acknowledged write is overwritten)', async () => {
  const dir = tempDir();
  try {
    const clock = fakeClock();
    const stalled = new Catalog({ dir, lock: { now: clock.now, heartbeatMs: 0 } });
    const other = new Catalog({ dir, lock: { now: clock.now, timeoutMs: 60_000 } });
    const ws = stalled.read().workspaces[0]!.id;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inside = false;
    const stalledWrite = stalled.mutate(async (d) => {
      inside = true;
      d.revocations.push({ jti: 'stalled', workspaceId: ws, revokedAt: new Date().toISOString() });
      await gate;
    });
    await until(() => inside, 'the stalled writer to hold the lock');
    clock.advance(31_000);
    await other.mutate((d) => {
      d.revocations.push({ jti: 'other', workspaceId: ws, revokedAt: new Date().toISOString() });
    });
    release();
    await assert.rejects(stalledWrite, (e: unknown) => e instanceof KeydeckError && e.code === 'CATALOG_LOCK_LOST');
    assert.deepEqual(
      new Catalog({ dir }).read().revocations.map((r) => r.jti),
      ['other'],
    );
    assert.deepEqual(
      stalled.read().revocations.map((r) => r.jti),
      ['other'],
      'the failed draft was dropped',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('withFileLock releases on error and refuses to remove a lock that is no longer its own', async () => {
  const dir = tempDir();
  const lockPath = path.join(dir, 'y.lock');
  try {
    await assert.rejects(
      withFileLock(lockPath, () => {
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(fs.existsSync(lockPath), false);
    const held = await acquireLock(lockPath, { heartbeatMs: 0 });
    fs.writeFileSync(lockPath, JSON.stringify({ ...me, token: 'someone-else' }));
    assert.equal(held.held(), false);
    held.release();
    assert.ok(fs.existsSync(lockPath), "another owner's lock stays");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('breaking is race-free: a writer that judged a lock stale after another already broke and retook it removes nothing', async () => {
  const dir = tempDir();
  const lockPath = path.join(dir, 'z.lock');
  try {
    const crashed: LockOwner = { host: os.hostname(), pid: deadPid(), start: '1', token: 'crashed' };
    fs.writeFileSync(lockPath, JSON.stringify(crashed));
    // Writer 2 reads the crashed owner and judges it stale ...
    assert.equal(staleReason(crashed, fs.statSync(lockPath).mtimeMs), 'owner process is gone');
    // ... but before it acts, writer 1 breaks the same lock and takes a fresh one.
    const w1 = await acquireLock(lockPath, { heartbeatMs: 0 });
    // Writer 2 now acts on what it saw: a check-then-delete would remove writer 1's live lock.
    assert.equal(breakStale(lockPath, crashed), false);
    assert.equal(w1.held(), true, "writer 1's lock is back in place");
    await assert.rejects(
      acquireLock(lockPath, { timeoutMs: 20 }),
      (e: unknown) => e instanceof KeydeckError && e.code === 'CATALOG_LOCKED',
    );
    w1.release();
    assert.deepEqual(fs.readdirSync(dir), [], 'no claim file left');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'catalog-writer.ts');

test("8 concurrent writers (child processes) over a dead owner's lock file lose no acknowledged write", async () => {
  const dir = tempDir();
  try {
    const catalog = new Catalog({ dir });
    catalog.read(); // the file exists before the writers start
    // A crashed owner: its pid is gone; the lock file stays behind, recently touched.
    fs.writeFileSync(
      catalog.lockPath,
      JSON.stringify({ host: os.hostname(), pid: deadPid(), start: '1', token: 'crashed' }),
    );
    // One bundle for the children, so each starts as plain node (no per-process TypeScript compile).
    const bundle = path.join(dir, 'writer.mjs');
    await build({
      entryPoints: [WRITER],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'warning',
    });
    const writers = 8;
    const each = 12;
    const children = Array.from({ length: writers }, (_, w) => {
      const child = spawn(process.execPath, [bundle, dir, `w${w}`, String(each)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const done = new Promise<number | null>((r) => child.on('close', r));
      return { child, out: () => out, done };
    });
    await until(() => children.every((c) => c.out().includes('ready')), 'the writers to start', 120_000);
    for (const c of children) c.child.stdin.end('go\n');
    const codes = await Promise.all(children.map((c) => c.done));
    assert.deepEqual(codes, Array(writers).fill(0));
    const acked = children.flatMap((c) => [...c.out().matchAll(/^ack (\S+)$/gm)].map((m) => m[1]!));
    const failed = children.flatMap((c) => c.out().match(/^fail .*$/gm) ?? []);
    assert.deepEqual(failed, [], 'every write was acknowledged');
    assert.equal(acked.length, writers * each);
    const stored = new Set(new Catalog({ dir }).read().revocations.map((r) => r.jti));
    assert.deepEqual(
      acked.filter((j) => !stored.has(j)),
      [],
      'acknowledged writes missing from the catalog',
    );
    assert.equal(stored.size, writers * each);
    const left = fs
      .readdirSync(dir)
      .filter(
        (f) =>
          ![
            'catalog.json',
            'catalog.recovery.json',
            'catalog.json.checked',
            'catalog.json.index',
            'writer.mjs',
          ].includes(f),
      );
    assert.deepEqual(left, [], 'no lock, claim or temp file left behind');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
