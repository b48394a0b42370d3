/**
 * A bulk import stays within the process's keychain limits: at most KEYCHAIN_CONCURRENCY calls in
 * flight, and a bounded number of D-Bus connections (counted as the process's open sockets; each entry
 * handle holds one until it is collected). Before, every new account kept a connection alive until V8
 * happened to collect it, and a large import hit the bus's per-user connection cap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { importBackup } from '../../electron/core/backup/index.js';
import { KEYCHAIN_CONCURRENCY, keychainCallsInFlight } from '../../electron/core/keychain-limit.js';
import type { Vault } from '../../electron/core/vault.js';
import { keychainAccounts, makeTestCore } from '../harness/core.js';
import { bigBackup } from './backup-fixtures.js';

const ITEMS = 200;

function openSockets(): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed while listing
    }
  }
  return n;
}

test(`importing ${ITEMS} credentials keeps keychain calls and D-Bus connections bounded`, async () => {
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
  try {
    const report = await importBackup(dst, bigBackup(ITEMS), { overwrite: () => true });
    assert.equal(report.added.length, ITEMS);
    assert.equal((await keychainAccounts(dst)).length, ITEMS);
    assert.ok(peakCalls <= KEYCHAIN_CONCURRENCY, `${peakCalls} keychain calls in flight at once`);
    assert.ok(peakCalls > 1, 'the import does run keychain calls in parallel');
    // 16 cached handles + at most 32 dropped ones awaiting collection + the calls in flight.
    assert.ok(peakSockets <= 64, `${peakSockets} sockets open at the peak (${ITEMS} accounts written)`);
  } finally {
    await dst.cleanup();
  }
});
