/**
 * A `direct` vault (the CLI's: createCore({ keychain: 'direct' })) makes its first reads on the calling
 * thread, so `keydeck header NAME` starts no keychain pool worker (issue 10 §1), and hands every later
 * read, and every write, to the pool. The entry is written by Debian's `secret-tool` (a real Secret
 * Service client), so the read is also proven against an item Keydeck did not write itself. This file
 * is its own process: the pool is untouched until the test uses it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { keychainPeakHandles } from '../../electron/core/keychain-pool.js';
import { DIRECT_READS, KeyringVault } from '../../electron/core/vault.js';
import { requireTestKeyring, uniqueService } from '../harness/core.js';
import { skipUnless } from '../harness/tools.js';

const hasSecretTool = spawnSync('secret-tool', ['--version']).error === undefined;

test(
  'a direct vault reads on this thread (no pool worker) for its first reads, then through the pool',
  { skip: skipUnless(hasSecretTool, 'secret-tool (apt-get install libsecret-tools)') },
  async () => {
    requireTestKeyring();
    const service = uniqueService();
    const stored = spawnSync(
      'secret-tool',
      ['store', '--label', 'keydeck test', 'service', service, 'username', 'a1'],
      {
        input: 'sk-direct-read-0123456789',
      },
    );
    assert.equal(stored.status, 0, String(stored.stderr));
    const vault = new KeyringVault(service, 'direct');
    try {
      assert.equal(await vault.get('a1'), 'sk-direct-read-0123456789');
      assert.equal(await vault.get('missing'), null);
      assert.deepEqual([...(await vault.readAll())], [['a1', 'sk-direct-read-0123456789']]);
      for (let i = 2; i < DIRECT_READS; i++) await vault.get('a1');
      assert.equal(keychainPeakHandles(), 0, 'no read went through the pool worker');
      // Past DIRECT_READS, reads go through the pool (bounded connections for bulk work), same answer.
      assert.equal(await vault.get('a1'), 'sk-direct-read-0123456789');
      assert.ok(keychainPeakHandles() >= 1, 'the read after the direct ones used the pool');
      // Writes always use the pool, and a direct read sees them.
      await vault.set('a2', 'sk-written-through-the-pool');
      assert.equal(await new KeyringVault(service, 'direct').get('a2'), 'sk-written-through-the-pool');
    } finally {
      await vault.delete('a1');
      await vault.delete('a2');
    }
  },
);
