/**
 * The team links live in the catalog (issue 13, rule 3): written through catalog.mutate, kept by the
 * recovery copy, and an old `<home>/team/links.json` moves into the catalog on first open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { teamService } from '../../../electron/core/team/index.js';
import { TeamState, legacyLinksPath, type TeamLink } from '../../../electron/core/team/state.js';
import { catalogSchema } from '../../../shared/domain.js';
import { createCoreForTest, makeTestCore } from '../../harness/core.js';

const AT = '2026-01-02T03:04:05.000Z';

function aLink(store: string): TeamLink {
  return {
    store,
    folder: 'Personal',
    head: 'a'.repeat(40),
    branch: 'main',
    remote: true,
    shared: { c1: { path: 'Personal/k.age', blob: 'b'.repeat(40), sig: 'c'.repeat(32) } },
    exposed: { c1: { version: 1, member: 'bob', at: AT } },
  };
}

test('an old team/links.json moves into the catalog on first open, then is removed', async () => {
  const core = makeTestCore();
  try {
    const wsId = core.catalog.read().activeWorkspaceId;
    const file = legacyLinksPath(core.home);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // A mark the schema would refuse (not a date) is dropped; a link for a workspace that is gone too.
    const old = {
      ...aLink('/tmp/store'),
      exposed: { ...aLink('').exposed, c2: { version: 1, member: 'eve', at: 'x' } },
    };
    fs.writeFileSync(file, JSON.stringify({ format: 1, links: { [wsId]: old, gone: aLink('/tmp/other') } }));

    // Any team command opens the state (no store at that path: no members).
    assert.deepEqual(await teamService(core).members(), []);
    assert.ok(!fs.existsSync(file), 'links.json is removed once moved');
    const links = core.catalog.read().teamLinks ?? [];
    assert.deepEqual(links, [{ workspaceId: wsId, ...aLink('/tmp/store') }]);
    assert.ok(catalogSchema.safeParse(core.catalog.read()).success, 'the catalog still passes its full schema');

    // A file appearing again (an older Keydeck ran): the link the catalog has wins.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ format: 1, links: { [wsId]: aLink('/tmp/elsewhere') } }));
    const state = new TeamState(core.catalog, core.home);
    assert.deepEqual(await state.link(wsId), aLink('/tmp/store'), 'the catalog link wins over the file');
    assert.ok(!fs.existsSync(file));
  } finally {
    await core.cleanup();
  }
});

test('a link is written under the catalog lock and kept by the recovery copy after a torn catalog', async () => {
  const core = makeTestCore();
  try {
    const wsId = core.catalog.read().activeWorkspaceId;
    const state = new TeamState(core.catalog, core.home);
    assert.equal(await state.link(wsId), undefined, 'an old catalog without teamLinks loads: no link');
    await state.save(wsId, aLink('/tmp/store'));
    assert.deepEqual(await state.link(wsId), aLink('/tmp/store'));

    fs.writeFileSync(core.catalog.path, '{"format": 1, "workspa');
    const again = createCoreForTest({ home: core.home, vault: core.vault });
    await again.credentials.open();
    assert.equal(again.catalog.rebuiltFrom, 'recovery-file');
    assert.deepEqual(await new TeamState(again.catalog, again.home).link(wsId), aLink('/tmp/store'));

    await state.save(wsId, undefined);
    assert.deepEqual(core.catalog.read().teamLinks, []);
  } finally {
    await core.cleanup();
  }
});
