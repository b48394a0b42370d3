/**
 * The Team screen's handlers (issue 13) over the real team service: an unlinked workspace answers
 * `linked: false` with no data and no switch; a linked one answers its store, my recipient and members;
 * share/unshare by id moves the marks; a conflict-free sync pushes; bad requests fail with the core's
 * own codes (an unknown credential, sync or share with no store); a conflict is settled by picking a side.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ClipboardGuard, MemoryClipboard } from '../../electron/main/clipboard-guard.js';
import { createHandlers, type IpcHandlers } from '../../electron/main/ipc-handlers.js';
import { makeTestCore, type TestCore } from '../harness/core.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function setup(): { core: TestCore; h: IpcHandlers; clip: MemoryClipboard } {
  const core = makeTestCore();
  cleanups.push(() => core.cleanup());
  const clip = new MemoryClipboard();
  return { core, clip, h: createHandlers({ core, clipboard: new ClipboardGuard(clip), version: 'test' }) };
}

function bareRemote(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-team-ipc-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bare = path.join(dir, 'team.git');
  assert.equal(spawnSync('git', ['init', '-q', '--bare', '-b', 'main', bare]).status, 0);
  return bare;
}

test('not linked: status says so with no data, marks say not linked, sync names the fix', async () => {
  const { core, h } = setup();
  const c = await core.credentials.create(
    { name: 'api', kind: 'standard', provider: 'custom' },
    'tok_teamIpc0123456789ab',
  );
  assert.deepEqual(await h['team:status']({}), { linked: false, workspace: 'Personal' });
  assert.deepEqual(await h['team:marks']({}), { linked: false, shared: {} });
  await assert.rejects(h['team:sync']({}), (e: { code?: string; message: string }) => {
    assert.equal(e.code, 'TEAM_NOT_LINKED');
    assert.match(e.message, /keydeck team init/);
    return true;
  });
  await assert.rejects(h['team:share']({ id: c.credential.id, action: 'share' }), { code: 'TEAM_NOT_LINKED' });
});

test('linked: store, recipient, members; share and unshare by id; sync pushes; copy puts the recipient', async () => {
  const { core, h, clip } = setup();
  const remote = bareRemote();
  await (await core.load.team()).teamService(core).init(remote);
  const c = await core.credentials.create(
    { name: 'ci token', kind: 'standard', provider: 'custom' },
    'tok_teamIpcShare0123456789',
  );

  const s = await h['team:status']({ offline: true });
  assert.ok(s.linked);
  assert.ok(s.store.startsWith(path.join(core.home, 'team', 'stores')));
  assert.match(s.recipient, /^age1[0-9a-z]{58}$/);
  assert.deepEqual(s.members, [{ name: 'me', recipient: s.recipient }]);
  assert.deepEqual(s.items, []);

  const shared = await h['team:share']({ id: c.credential.id, action: 'share' });
  assert.deepEqual(shared, { linked: true, shared: { [c.credential.id]: { path: 'Personal/ci%20token.age' } } });
  const pushed = await h['team:sync']({});
  assert.deepEqual([pushed.conflicts, pushed.unreadable], [[], []]);
  const after = await h['team:status']({});
  assert.ok(after.linked);
  assert.deepEqual(
    after.items.map((i) => [i.name, i.state]),
    [['ci token', 'in-sync']],
  );
  // The remote holds the file (a real git reads it back).
  const ls = spawnSync('git', ['--git-dir', remote, 'ls-tree', '-r', '--name-only', 'HEAD'], { encoding: 'utf8' });
  assert.match(ls.stdout, /^Personal\/ci%20token\.age$/m);
  const text = JSON.stringify([s, after, shared]);
  assert.ok(!text.includes('tok_teamIpc'), 'no secret crosses in any team answer');

  await h['team:copy-recipient']({});
  assert.equal(await clip.readText(), s.recipient);

  assert.deepEqual(await h['team:share']({ id: c.credential.id, action: 'unshare' }), { linked: true, shared: {} });
  await assert.rejects(h['team:share']({ id: 'no-such-id', action: 'share' }), { code: 'CREDENTIAL_NOT_FOUND' });
});

test('a conflict shows in status and "Keep mine" (sync with take) settles it on both machines', async () => {
  const { core, h } = setup();
  const remote = bareRemote();
  const teamA = (await core.load.team()).teamService(core);
  const b = makeTestCore();
  cleanups.push(() => b.cleanup());
  const teamB = (await b.load.team()).teamService(b);
  await teamA.init(remote);
  await teamB.init(remote);
  await teamA.memberAdd((await teamB.whoami()).recipient, 'bob');
  await h['team:sync']({});
  const c = await core.credentials.create(
    { name: 'api', kind: 'standard', provider: 'custom' },
    'tok_teamIpcConflictA0123',
  );
  await h['team:share']({ id: c.credential.id, action: 'share' });
  await h['team:sync']({});
  assert.deepEqual((await teamB.sync()).applied, ['api']);
  await b.credentials.rotate('api', 'tok_teamIpcConflictB0123');
  await teamB.sync();
  await core.credentials.rotate('api', 'tok_teamIpcConflictC0123');

  const r = await h['team:sync']({});
  assert.deepEqual(r.conflicts, ['api']);
  const s = await h['team:status']({});
  assert.ok(s.linked);
  assert.deepEqual(
    s.items.map((i) => [i.name, i.state]),
    [['api', 'conflict']],
  );
  const settled = await h['team:sync']({ take: { side: 'mine', name: 'api' } });
  assert.deepEqual(settled.conflicts, []);
  const after = await h['team:status']({});
  assert.ok(after.linked);
  assert.deepEqual(
    after.items.map((i) => i.state),
    ['in-sync'],
  );
  await teamB.sync();
  assert.equal(
    (await b.credentials.format('api', 'header')).text,
    (await core.credentials.format('api', 'header')).text,
    'mine won on both machines',
  );
});
