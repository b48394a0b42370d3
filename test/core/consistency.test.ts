import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { JwtService } from '../../electron/core/jwt/service.js';
import { reconcileNotices } from '../../electron/core/reconcile.js';
import { accountFor } from '../../electron/core/envelope.js';
import { createCoreForTest, makeTestCore, keychainAccounts, type CoreForTest } from '../harness/core.js';
import { FaultyVault, type VaultOp } from '../harness/faulty-vault.js';

/** The invariant: every catalog version has a keychain entry and every keychain entry a catalog version. */
async function assertConsistent(core: CoreForTest): Promise<void> {
  const data = core.catalog.read();
  const expected = data.credentials.flatMap((c) => c.versions.map((v) => accountFor(c.kind, c.id, v.version))).sort();
  assert.deepEqual(await keychainAccounts(core), expected, 'catalog and keychain disagree');
  for (const c of data.credentials) assert.equal(c.state, 'ok', `${c.name} is ${c.state}`);
}

const steps: { label: string; op: VaultOp; nth: number; mode?: 'throw' | 'corrupt' }[] = [
  { label: 'the secret write', op: 'set', nth: 1 },
  { label: 'the read-back', op: 'get', nth: 1 },
  { label: 'a read-back that returns something else', op: 'get', nth: 1, mode: 'corrupt' },
];

describe('create: a failure at each step leaves both stores consistent', () => {
  for (const s of steps) {
    test(`failing ${s.label}`, async () => {
      let fv!: FaultyVault;
      const core = makeTestCore({ wrap: (v) => (fv = new FaultyVault(v)) });
      try {
        await core.credentials.create({ name: 'keep', kind: 'byok', provider: 'xai' }, 'xai-keep-0123456789');
        fv.failOn(s.op, s.nth, s.mode);
        await assert.rejects(
          core.credentials.create({ name: 'new', kind: 'byok', provider: 'groq' }, 'gsk_new0123456789abc'),
        );
        assert.deepEqual(
          core.credentials.list().map((c) => c.name),
          ['keep'],
        );
        await assertConsistent(core);
      } finally {
        await core.cleanup();
      }
    });
  }

  test('failing the catalog commit undoes the keychain write', async () => {
    const core = makeTestCore();
    try {
      core.catalog.beforeWrite = () => {
        throw new Error('disk full');
      };
      await assert.rejects(
        core.credentials.create({ name: 'new', kind: 'byok', provider: 'groq' }, 'gsk_new0123456789abc'),
        /disk full/,
      );
      core.catalog.beforeWrite = undefined;
      assert.equal(core.credentials.list().length, 0);
      await assertConsistent(core);
    } finally {
      await core.cleanup();
    }
  });
});

describe('rotate: a failure at each step keeps the old version active', () => {
  for (const s of [...steps, { label: 'the catalog commit', op: 'commit' as const, nth: 1 }]) {
    test(`failing ${s.label}`, async () => {
      let fv!: FaultyVault;
      const core = makeTestCore({ wrap: (v) => (fv = new FaultyVault(v)) });
      try {
        await core.credentials.create({ name: 'k', kind: 'byok', provider: 'xai' }, 'xai-old-0123456789');
        if (s.op === 'commit') {
          core.catalog.beforeWrite = () => {
            throw new Error('disk full');
          };
        } else fv.failOn(s.op as VaultOp, s.nth, 'mode' in s ? s.mode : undefined);
        await assert.rejects(core.credentials.rotate('k', 'xai-new-9876543210'));
        core.catalog.beforeWrite = undefined;
        const cred = core.credentials.get('k');
        assert.deepEqual(
          cred.versions.map((v) => [v.version, v.status]),
          [[1, 'active']],
        );
        assert.equal((await core.credentials.readSecret('k')).secret, 'xai-old-0123456789');
        await assertConsistent(core);
      } finally {
        await core.cleanup();
      }
    });
  }
});

describe('delete goes through a tombstone', () => {
  test('a keychain failure leaves a tombstone that the next start completes', async () => {
    let fv!: FaultyVault;
    const core = makeTestCore({ wrap: (v) => (fv = new FaultyVault(v)) });
    try {
      await core.credentials.create({ name: 'gone', kind: 'byok', provider: 'xai' }, 'xai-gone-0123456789');
      await core.credentials.rotate('gone', 'xai-gone-9999999999');
      fv.failOn('delete', 2);
      await core.credentials.delete('gone');
      assert.equal(core.credentials.list().length, 0, 'metadata is gone at once');
      assert.equal(core.catalog.read().tombstones.length, 1, 'the tombstone remembers what to delete');
      assert.equal((await keychainAccounts(core)).length, 1);
      // a reconcile never adopts tombstoned entries back
      const report = await core.credentials.reconcile({ adopt: true });
      assert.equal(report.adopted.length, 0);
      assert.equal(report.tombstonesCleared, 1);
      await assertConsistent(core);
      assert.equal(core.catalog.read().tombstones.length, 0);
    } finally {
      await core.cleanup();
    }
  });

  test('a catalog failure deletes nothing', async () => {
    const core = makeTestCore();
    try {
      await core.credentials.create({ name: 'stay', kind: 'byok', provider: 'xai' }, 'xai-stay-0123456789');
      core.catalog.beforeWrite = () => {
        throw new Error('disk full');
      };
      await assert.rejects(core.credentials.delete('stay'));
      core.catalog.beforeWrite = undefined;
      assert.equal((await core.credentials.readSecret('stay')).secret, 'xai-stay-0123456789');
      await assertConsistent(core);
    } finally {
      await core.cleanup();
    }
  });
});

describe('reconcile and recovery', () => {
  test('a secret removed behind our back is flagged missing-secret, never dropped', async () => {
    const core = makeTestCore();
    try {
      const { credential } = await core.credentials.create(
        { name: 'm', kind: 'byok', provider: 'xai' },
        'xai-m-0123456789',
      );
      await core.vault.delete(accountFor('byok', credential.id, 1));
      const r = await core.credentials.reconcile();
      assert.deepEqual(r.missing, ['m']);
      assert.equal(core.credentials.get('m').state, 'missing-secret');
      await assert.rejects(core.credentials.readSecret('m'), /no longer holds/);
      // putting it back restores it
      await core.vault.set(
        accountFor('byok', credential.id, 1),
        JSON.stringify({ keydeck: 1, secret: 'xai-m-0123456789', id: credential.id }),
      );
      assert.deepEqual((await core.credentials.reconcile()).restored, ['m']);
    } finally {
      await core.cleanup();
    }
  });

  test('JWT signing keys in the keychain are known, not orphans', async () => {
    const core = makeTestCore();
    try {
      const jwt = new JwtService(core);
      await jwt.keys.create('ES256');
      await jwt.keys.create('EdDSA');
      const r = await core.credentials.reconcile({ clean: true });
      assert.deepEqual(r.orphans, []);
      assert.deepEqual(r.cleaned, []);
      assert.equal((await keychainAccounts(core)).filter((a) => a.startsWith('signing/')).length, 2);
    } finally {
      await core.cleanup();
    }
  });

  test('orphaned keychain entries are reported, adopted, or cleaned', async () => {
    const a = makeTestCore();
    try {
      await a.credentials.create(
        { name: 'orphan', kind: 'byok', provider: 'mistral', tags: ['x'] },
        'mistral0123456789abcdef',
      );
      await a.vault.set('not-ours', 'hello');
      // a second catalog on the same keychain service knows nothing of it
      const b = createCoreForTest({ home: fs.mkdtempSync(path.join(a.home, 'b-')), vault: a.vault });
      const seen = await b.credentials.reconcile();
      assert.deepEqual(seen.orphans.map((o) => o.reason).sort(), ['no metadata in the catalog', 'not a Keydeck entry']);
      const adopted = await b.credentials.reconcile({ adopt: true });
      assert.deepEqual(
        adopted.adopted.map((x) => x.name),
        ['orphan'],
      );
      assert.deepEqual(
        reconcileNotices(adopted).map((n) => n.message),
        ['Recovered 1 key version(s) from the keychain: orphan.'],
      );
      const cred = b.credentials.get('orphan');
      assert.equal(cred.provider, 'mistral');
      assert.equal(cred.kind, 'byok');
      assert.equal((await b.credentials.readSecret('orphan')).secret, 'mistral0123456789abcdef');
      const c = createCoreForTest({ home: fs.mkdtempSync(path.join(a.home, 'c-')), vault: a.vault });
      const cleaned = await c.credentials.reconcile({ clean: true });
      assert.equal(cleaned.cleaned.length, 1);
      assert.deepEqual(await keychainAccounts(a), ['not-ours']);
    } finally {
      await a.cleanup();
    }
  });

  for (const [label, damage] of [
    ['corrupted', (p: string) => fs.writeFileSync(p, '{"format": 1, "workspaces": [oops')],
    ['truncated', (p: string) => fs.truncateSync(p, Math.floor(fs.statSync(p).size / 2))],
    ['schema-invalid', (p: string) => fs.writeFileSync(p, JSON.stringify({ format: 1, credentials: 'nope' }))],
  ] as const) {
    test(`a ${label} catalog is moved aside and rebuilt from the keychain; no key is lost`, async () => {
      const core = makeTestCore();
      try {
        await core.workspaces.add('Team');
        await core.credentials.create({ name: 'one', kind: 'standard' }, 'k1:s1');
        await core.credentials.create(
          { name: 'two', kind: 'byok', provider: 'xai', workspace: 'Team' },
          'xai-two-0123456789',
        );
        await core.credentials.rotate('one', 'k1:s2');
        damage(core.catalog.path);
        const fresh = createCoreForTest({ home: core.home, vault: core.vault });
        const notices = await fresh.credentials.open();
        assert.ok(
          notices.some((n) => n.code === 'CATALOG_RECOVERED' && /corrupt-/.test(n.message)),
          JSON.stringify(notices),
        );
        const aside = fs.readdirSync(core.home).filter((f) => /^catalog\.corrupt-.*\.json$/.test(f));
        assert.equal(aside.length, 1);
        assert.equal((await fresh.credentials.readSecret('one')).secret, Buffer.from('k1:s2').toString('base64'));
        assert.equal(fresh.credentials.get('one').versions.length, 2);
        assert.equal((await fresh.credentials.readSecret('two', { workspace: 'Team' })).secret, 'xai-two-0123456789');
        await assertConsistent(fresh);
      } finally {
        await core.cleanup();
      }
    });
  }

  test('a catalog from a newer Keydeck is left untouched', async () => {
    const core = makeTestCore();
    try {
      fs.writeFileSync(core.catalog.path, JSON.stringify({ format: 99 }));
      const fresh = createCoreForTest({ home: core.home, vault: core.vault });
      assert.throws(() => fresh.credentials.list(), /newer Keydeck/);
      assert.equal(fs.readFileSync(core.catalog.path, 'utf8'), JSON.stringify({ format: 99 }));
    } finally {
      await core.cleanup();
    }
  });
});
