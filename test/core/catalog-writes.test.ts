/**
 * Credential writes and the catalog lock: the secret is written and read back before the catalog lock
 * is taken, so keychain I/O never holds other writers up; rotations of one credential still queue.
 * Real keychain (scripts/with-keyring.sh).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Vault } from '../../electron/core/vault.js';
import { accountFor, openEnvelope } from '../../electron/core/envelope.js';
import { fingerprint } from '../../electron/core/display.js';
import { createCore } from '../../electron/core/index.js';
import { makeTestCore } from '../harness/core.js';

/** A vault that records whether the catalog lock file existed during each keychain call. */
function lockWatchingVault(inner: Vault, lockPath: () => string): Vault & { underLock: string[] } {
  const underLock: string[] = [];
  const watch = (op: string) => {
    if (fs.existsSync(lockPath())) underLock.push(op);
  };
  return {
    underLock,
    get service() {
      return inner.service;
    },
    backend: () => inner.backend(),
    set: async (a, v) => {
      watch('set');
      return inner.set(a, v);
    },
    get: async (a) => {
      watch('get');
      return inner.get(a);
    },
    delete: async (a) => {
      watch('delete');
      return inner.delete(a);
    },
    entries: async () => {
      watch('entries');
      return inner.entries();
    },
  };
}

test('create and rotate write and verify the secret before taking the catalog lock', async () => {
  let watched!: ReturnType<typeof lockWatchingVault>;
  let lockPath = '';
  const core = makeTestCore({ wrap: (v) => (watched = lockWatchingVault(v, () => lockPath)) });
  lockPath = core.catalog.lockPath;
  try {
    await core.credentials.create({ name: 'k', kind: 'byok', provider: 'xai' }, 'xai-first-0123456789');
    await core.credentials.rotate('k', 'xai-second-0123456789');
    assert.deepEqual(watched.underLock, [], 'no keychain call while the catalog lock was held');
    assert.equal((await core.credentials.readSecret('k')).secret, 'xai-second-0123456789');
  } finally {
    await core.cleanup();
  }
});

test('concurrent rotations of one credential (two processes’ cores) each get their own version; every secret matches its fingerprint', async () => {
  const core = makeTestCore();
  const twin = createCore({ home: core.home, vault: core.vault });
  try {
    await core.credentials.create({ name: 'r', kind: 'byok', provider: 'xai' }, 'xai-v1-0123456789abc');
    const secrets = Array.from({ length: 6 }, (_, i) => `xai-rot${i}-0123456789abc`);
    await Promise.all(secrets.map((s, i) => (i % 2 ? twin : core).credentials.rotate('r', s)));
    const cred = core.credentials.get('r');
    assert.deepEqual(
      cred.versions.map((v) => v.version),
      [1, 2, 3, 4, 5, 6, 7],
    );
    for (const v of cred.versions) {
      const env = openEnvelope((await core.vault.get(accountFor(cred.kind, cred.id, v.version))) ?? '');
      assert.ok(env, `version ${v.version} has its secret`);
      assert.equal(fingerprint(env.secret), v.fingerprint, `version ${v.version}'s secret matches its metadata`);
    }
    assert.equal(fs.readdirSync(core.home).filter((f) => f.endsWith('.lock')).length, 0);
  } finally {
    await core.cleanup();
  }
});

test('a create refused under the lock (a name taken meanwhile) leaves no keychain entry behind', async () => {
  const core = makeTestCore();
  const twin = createCore({ home: core.home, vault: core.vault });
  try {
    const results = await Promise.allSettled([
      core.credentials.create({ name: 'same', kind: 'standard', provider: 'custom' }, 'secret-a-0123456789'),
      twin.credentials.create({ name: 'same', kind: 'standard', provider: 'custom' }, 'secret-b-0123456789'),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((rejected.reason as { code: string }).code, 'DUPLICATE_NAME');
    const cred = core.credentials.get('same');
    assert.deepEqual(
      (await core.vault.entries()).map((e) => e.account),
      [accountFor(cred.kind, cred.id, 1)],
    );
  } finally {
    await core.cleanup();
  }
});
