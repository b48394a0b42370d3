import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeydeckError } from '../../shared/errors.js';
import { JwtService } from '../../electron/core/jwt/service.js';
import { keychainAccounts, makeTestCore } from '../harness/core.js';

const code = (c: string) => (err: unknown) => err instanceof KeydeckError && err.code === c;

test('removing a workspace: refused while it holds keys or is the last; takes its signing keys along', async () => {
  const core = makeTestCore();
  try {
    await assert.rejects(core.workspaces.remove('Personal'), code('INVALID_INPUT'));
    await core.workspaces.add('Staging');
    await core.workspaces.use('Staging');
    await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'k:s');
    const jwt = new JwtService(core);
    await jwt.keys.create('ES256', 'Staging');
    await assert.rejects(core.workspaces.remove('Staging'), code('WORKSPACE_NOT_EMPTY'));
    assert.equal(core.workspaces.list().workspaces.length, 2, 'nothing removed');
    await core.credentials.delete('rt');
    assert.equal((await keychainAccounts(core)).filter((a) => a.startsWith('signing/')).length, 1);

    const { removed, active } = await core.workspaces.remove('Staging');
    await core.credentials.clearTombstones();
    assert.equal(removed.name, 'Staging');
    assert.equal(active.name, 'Personal', 'the active workspace moves to one that remains');
    assert.deepEqual(
      core.workspaces.list().workspaces.map((w) => w.name),
      ['Personal'],
    );
    assert.equal(core.catalog.read().signingKeys.length, 0);
    assert.deepEqual(await keychainAccounts(core), [], 'its signing key left the keychain');
    await assert.rejects(core.workspaces.remove('Staging'), code('WORKSPACE_NOT_FOUND'));
  } finally {
    await core.cleanup();
  }
});
