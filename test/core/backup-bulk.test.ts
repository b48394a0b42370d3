/**
 * A bulk import stays within the process's keychain pool: at most KEYCHAIN_CONCURRENCY calls in
 * flight, and never more D-Bus connections than the pool's size (counted as the process's open unix
 * sockets, the pool's worker thread included, plus the one short-lived connection of a keychain
 * search). Before, every new account kept a connection alive until V8 happened to collect it, and an
 * import of 1,500 credentials hit the bus's per-user connection cap.
 *
 * KEYDECK_BULK_ITEMS sets the size (default 200; 1,000 and 10,000 on request: gnome-keyring rewrites its
 * whole keyring file on every write, so the time grows with the square of the count).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importBackup } from '../../electron/core/backup/index.js';
import { KEYCHAIN_CONCURRENCY, keychainCallsInFlight } from '../../electron/core/keychain-limit.js';
import { KEYCHAIN_POOL_SIZE, keychainPeakHandles } from '../../electron/core/keychain-pool.js';
import type { Vault } from '../../electron/core/vault.js';
import { keychainAccounts, makeTestCore } from '../harness/core.js';
import { bigBackup } from './backup-fixtures.js';
import { openSockets } from '../harness/sockets.js';

const ITEMS = Number(process.env.KEYDECK_BULK_ITEMS ?? 200);

test(`importing ${ITEMS} credentials holds at most the pool's size of D-Bus connections`, async () => {
  let peakCalls = 0;
  let peakSockets = 0;
  const base = openSockets();
  const sample = () => {
    peakCalls = Math.max(peakCalls, keychainCallsInFlight());
    peakSockets = Math.max(peakSockets, openSockets() - base);
  };
  const dst = makeTestCore({
    wrap: (v: Vault): Vault => ({
      service: v.service,
      backend: () => v.backend(),
      entries: () => v.entries(),
      delete: (a) => v.delete(a),
      get: async (a) => {
        sample();
        return v.get(a);
      },
      set: async (a, value) => {
        sample();
        await v.set(a, value);
        sample();
      },
    }),
  });
  const timer = setInterval(sample, 5);
  try {
    const report = await importBackup(dst, bigBackup(ITEMS), { overwrite: () => true });
    assert.equal(report.added.length, ITEMS);
    assert.equal((await keychainAccounts(dst)).length, ITEMS);
    assert.ok(peakCalls <= KEYCHAIN_CONCURRENCY, `${peakCalls} keychain calls in flight at once`);
    assert.ok(peakCalls > 1, 'the import does run keychain calls in parallel');
    assert.ok(keychainPeakHandles() <= KEYCHAIN_POOL_SIZE, `${keychainPeakHandles()} handles held at once`);
    // The pool's handles, plus one keychain search's connection while it runs.
    assert.ok(
      peakSockets <= KEYCHAIN_POOL_SIZE + 1,
      `${peakSockets} sockets open at the peak (${ITEMS} accounts written; pool of ${KEYCHAIN_POOL_SIZE})`,
    );
  } finally {
    clearInterval(timer);
    await dst.cleanup();
  }
});
