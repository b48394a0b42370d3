/**
 * The backup worker stops when idle; a call made while the stopped worker is still exiting runs in a new
 * worker and is not failed by the old one's exit (a fresh-clone CI run once failed the age interop test
 * with "The backup worker stopped (exit code 1)" this way, when a slow step outlasted the idle time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackupWorker } from '../../electron/core/backup/off-thread.js';
import { openBackupHere } from '../../electron/core/backup/format.js';
import { bigBackup } from './backup-fixtures.js';

const KEY = { passphrase: 'a worker restarts cleanly' };

test('a call right after the idle worker was stopped runs in a new worker; the old exit fails nothing', async () => {
  const worker = new BackupWorker(0);
  const doc = bigBackup(3);
  const seal = () => worker.call({ op: 'seal', doc, key: KEY, scryptWorkFactor: 4 }) as Promise<Uint8Array> | undefined;
  for (let round = 0; round < 2; round++) {
    const first = seal();
    assert.ok(first, 'the worker script is found from source');
    await first;
    // Wait (on the condition, no fixed sleep) until the idle timer stopped it, then call at once: the old
    // worker's exit event comes after this call was handed to a new worker.
    while (worker.running) await new Promise((r) => setImmediate(r));
    const sealed = await seal()!;
    const opened = await openBackupHere(sealed, KEY);
    assert.equal(opened.credentials.length, doc.credentials.length);
  }
});
