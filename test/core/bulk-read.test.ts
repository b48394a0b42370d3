/** Scan and export read every stored secret with one keychain search, not one read per version. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportBackup } from '../../electron/core/backup/index.js';
import { loadNeedles } from '../../electron/core/scan/needles.js';
import { accountFor } from '../../electron/core/envelope.js';
import { makeTestCore } from '../harness/core.js';
import { FaultyVault } from '../harness/faulty-vault.js';

const N = 12;

async function seeded() {
  let fv!: FaultyVault;
  const core = makeTestCore({ wrap: (v) => (fv = new FaultyVault(v)) });
  for (let i = 0; i < N; i++) {
    await core.credentials.create(
      { name: `k${i}`, kind: 'standard', provider: 'groq' },
      `gsk_${String(i).padStart(4, '0')}abcdefghijklmnop`,
    );
  }
  await core.credentials.rotate('k0', 'gsk_rotated0abcdefghijklmnop');
  return { core, fv: () => fv };
}

test('scan needles: one keychain search for every version; a missing version is still reported', async () => {
  const { core, fv } = await seeded();
  try {
    const vault = fv();
    const before = { ...vault.calls };
    const needles = await loadNeedles(core.credentials);
    assert.equal(vault.calls.entries - before.entries, 1, 'one search');
    assert.equal(vault.calls.get - before.get, 0, 'no per-entry read');
    const exact = needles.info.filter((i) => i.form === 'exact');
    assert.equal(exact.length, N + 1);
    assert.ok(needles.bytes.some((b) => b.toString() === 'gsk_rotated0abcdefghijklmnop'));

    // A version gone from the keychain: read alone, reported by name, and the credential marked.
    const k3 = core.credentials.get('k3');
    await vault.inner.delete(accountFor(k3.kind, k3.id, 1));
    const again = await loadNeedles(core.credentials);
    assert.deepEqual(
      again.unreadable.map((u) => [u.name, u.version]),
      [['k3', 1]],
    );
    assert.match(again.unreadable[0]!.reason, /no longer holds version 1 of "k3"/);
    assert.equal(core.credentials.get('k3').state, 'missing-secret');
  } finally {
    await core.cleanup();
  }
});

test('export: one keychain search for every credential version', async () => {
  const { core, fv } = await seeded();
  try {
    const vault = fv();
    const before = { ...vault.calls };
    const exp = await exportBackup(core, { key: { passphrase: 'correct horse' }, scryptWorkFactor: 10 });
    assert.equal(exp.credentials, N);
    assert.equal(vault.calls.entries - before.entries, 1, 'one search');
    assert.equal(vault.calls.get - before.get, 0, 'no per-entry read');
  } finally {
    await core.cleanup();
  }
});

test('a keychain whose search fails still works, one read per version', async () => {
  const { core, fv } = await seeded();
  try {
    const vault = fv();
    vault.failOn('entries', 1);
    const needles = await loadNeedles(core.credentials);
    assert.equal(needles.unreadable.length, 0);
    assert.equal(needles.info.filter((i) => i.form === 'exact').length, N + 1);
  } finally {
    await core.cleanup();
  }
});
