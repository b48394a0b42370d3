/**
 * Sealing and opening a backup leave the event loop free (issue 9 §3): the work runs in the backup
 * worker (electron/core/backup/off-thread.ts). No timed assert. Two checks that hold on any machine load:
 * - where the work runs: a spy on this thread's JSON.parse / JSON.stringify sees no backup-sized call
 *   while the worker seals or opens (the control, the same work on this thread, is seen);
 * - that the loop turns meanwhile: a setImmediate probe counts at least 20 turns (thousands, measured;
 *   a loaded machine slows the worker and the loop alike).
 * Pure crypto: no keychain. The last test: an import's write intent is flushed without blocking the loop.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackup, sealBackup } from '../../electron/core/backup/index.js';
import { openBackupHere, sealBackupHere } from '../../electron/core/backup/format.js';
import { IntentStore } from '../../electron/core/intents.js';
import { KeydeckError } from '../../shared/errors.js';
import { bigBackup } from './backup-fixtures.js';

const N = 1000;
const KEY = { passphrase: 'turns, not milliseconds' };
/** Low scrypt cost: the derivation is off the loop either way (libuv's pool); the test is about the rest. */
const FACTOR = 4;
const MIN_TURNS = 20;
/** A 1,000-credential backup's JSON is ~750 KB; nothing else here handles a tenth of that. */
const BIG = 64 * 1024;

/** Runs `fn` while a setImmediate chain counts the event loop's turns; returns both. */
async function countTurns<T>(fn: () => Promise<T>): Promise<{ turns: number; result: T }> {
  let turns = 0;
  let running = true;
  const turn = () => {
    turns++;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  try {
    const result = await fn();
    return { turns, result };
  } finally {
    running = false;
  }
}

/** Runs `fn` with this thread's JSON.parse and JSON.stringify watched: how many backup-sized calls each saw. */
async function watchJson<T>(fn: () => Promise<T>): Promise<{ parsed: number; stringified: number; result: T }> {
  const { parse, stringify } = JSON;
  const seen = { parsed: 0, stringified: 0 };
  JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => {
    if (typeof text === 'string' && text.length > BIG) seen.parsed++;
    return parse(text, reviver);
  }) as typeof JSON.parse;
  JSON.stringify = ((...args: Parameters<typeof stringify>) => {
    const out = stringify(...args);
    if (typeof out === 'string' && out.length > BIG) seen.stringified++;
    return out;
  }) as typeof JSON.stringify;
  try {
    const result = await fn();
    return { ...seen, result };
  } finally {
    JSON.parse = parse;
    JSON.stringify = stringify;
  }
}

test('opening a 1,000-credential backup: parsed in the worker, and the event loop turns meanwhile', async () => {
  const doc = bigBackup(N);
  const bytes = await sealBackupHere(doc, KEY, FACTOR);
  await openBackup(bytes, KEY); // the worker's first start is not what this test is about
  const here = await watchJson(() => openBackupHere(bytes, KEY));
  assert.equal(here.parsed, 1, 'control: on this thread, the spy sees the backup parsed');
  const off = await watchJson(() => countTurns(() => openBackup(bytes, KEY)));
  assert.equal(off.parsed, 0, 'no backup-sized JSON.parse on this thread');
  assert.ok(off.result.turns >= MIN_TURNS, `the loop turned ${off.result.turns} time(s) while the backup was opened`);
  assert.deepEqual(off.result.result, here.result, 'the worker returns the document this thread would');
});

test('sealing a 1,000-credential backup: serialised in the worker, and the event loop turns meanwhile', async () => {
  const doc = bigBackup(N);
  await sealBackup(bigBackup(1), KEY, FACTOR);
  const here = await watchJson(() => sealBackupHere(doc, KEY, FACTOR));
  assert.equal(here.stringified, 1, 'control: on this thread, the spy sees the backup serialised');
  const off = await watchJson(() => countTurns(() => sealBackup(doc, KEY, FACTOR)));
  assert.equal(off.stringified, 0, 'no backup-sized JSON.stringify on this thread');
  assert.ok(off.result.turns >= MIN_TURNS, `the loop turned ${off.result.turns} time(s) while the backup was sealed`);
  assert.equal((await openBackupHere(off.result.result, KEY)).credentials.length, N);
});

test('errors cross from the worker typed: a KeydeckError keeps its code, a RangeError its kind', async () => {
  const bytes = await sealBackup(bigBackup(2), KEY, FACTOR);
  await assert.rejects(openBackup(bytes, { passphrase: 'wrong' }), (err: unknown) => {
    assert.ok(err instanceof KeydeckError);
    assert.equal(err.code, 'BACKUP_WRONG_KEY');
    return true;
  });
  await assert.rejects(sealBackup(bigBackup(1), { passphrase: '' }, FACTOR), { code: 'INVALID_INPUT' });
  await assert.rejects(sealBackup(bigBackup(1), KEY, 99), RangeError);
  // The caller's bytes are not moved to the worker: they still open.
  assert.equal((await openBackup(bytes, KEY)).credentials.length, 2);
});

test("an import's write intent (1,000 entries) is written and fsynced off this thread: the loop turns meanwhile", async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kd-intent-'));
  try {
    const intents = new IntentStore(home);
    const writes = Array.from({ length: N }, (_, i) => ({
      account: `standard/00000000-0000-4000-8000-${String(i).padStart(12, '0')}/v1`,
      fingerprint: 'f'.repeat(16),
    }));
    // No timed assert: a record done on this thread (write, fsync, rename in one go) lets no turn in.
    const { turns, result: id } = await countTurns(() => intents.record({ op: 'import', writes }));
    assert.ok(turns >= 3, `the loop turned ${turns} time(s) while the intent was written and flushed`);
    const onDisk = JSON.parse(fs.readFileSync(path.join(intents.dir, `${id}.json`), 'utf8')) as { writes: unknown[] };
    assert.equal(onDisk.writes.length, N, 'durable and whole once record() resolves');
    assert.deepEqual(fs.readdirSync(intents.dir), [`${id}.json`], 'no temp file left');
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
