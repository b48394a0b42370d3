/**
 * The team vault across two machines (issue 13): two homes and two keychains, one bare repository on
 * disk as the remote. `scripts/with-keyring.sh` gives one throwaway keyring per process tree, so the
 * second machine's keychain is a second service name in that keyring: each core reads and writes only
 * its own service, which is what a second machine's own keychain would be.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { teamService } from '../../../electron/core/team/index.js';
import type { TeamService } from '../../../electron/core/team/service.js';
import { Store } from '../../../electron/core/team/store.js';
import { makeTestCore, type TestCore } from '../../harness/core.js';
import { skipUnless } from '../../harness/tools.js';

const hasAge = spawnSync('age', ['--version']).status === 0;
const S1 = 'tok_firstSECRET0123456789abcdef';
const S2 = 'tok_secondSECRET0123456789abcdef';
const S3 = 'tok_thirdSECRET0123456789abcdef';
const S4 = 'tok_fourthSECRET0123456789abcdef';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function bareRemote(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-remote-'));
  const bare = path.join(dir, 'team.git');
  assert.equal(spawnSync('git', ['init', '-q', '--bare', '-b', 'main', bare]).status, 0);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return bare;
}

interface Machine {
  core: TestCore;
  team: TeamService;
}

function machine(): Machine {
  const core = makeTestCore();
  cleanups.push(() => core.cleanup());
  return { core, team: teamService(core) };
}

/** A with a store on a fresh remote and B as a member, both linked. */
async function twoMachines(): Promise<{ a: Machine; b: Machine; remote: string }> {
  const remote = bareRemote();
  const a = machine();
  const b = machine();
  await a.team.init(remote);
  await b.team.init(remote);
  await a.team.memberAdd((await b.team.whoami()).recipient, 'bob');
  await a.team.sync();
  return { a, b, remote };
}

const header = async (m: Machine, name: string) => (await m.core.credentials.format(name, 'header')).text;

test('share on A, sync on B: the header on B is the header on A; rotation keeps the overlap on B', async () => {
  const { a, b } = await twoMachines();
  await a.core.credentials.create({ name: 'api key', kind: 'standard', provider: 'custom' }, S1);
  await a.team.share(['api key']);
  const pushed = await a.team.sync();
  assert.deepEqual(pushed.applied, []);
  const got = await b.team.sync();
  assert.deepEqual(got.applied, ['api key']);
  assert.equal(await header(b, 'api key'), await header(a, 'api key'));
  assert.deepEqual(
    (await b.team.status()).map((i) => [i.name, i.state]),
    [['api key', 'in-sync']],
  );

  await a.core.credentials.rotate('api key', S2);
  assert.deepEqual(
    (await a.team.status()).map((i) => i.state),
    ['local-newer'],
  );
  assert.deepEqual((await a.team.sync()).pushed, ['api key']);
  assert.deepEqual(
    (await b.team.status()).map((i) => i.state),
    ['team-newer'],
  );
  await b.team.sync();
  assert.equal(await header(b, 'api key'), await header(a, 'api key'));
  // B may number the new version otherwise (an import never writes over a keychain entry it holds),
  // but it holds both keys, the old one retiring until the same moment as on A.
  const onB = b.core.credentials.get('api key');
  assert.deepEqual(
    onB.versions.map((v) => v.status),
    ['retiring', 'active'],
  );
  assert.equal(onB.versions[0]!.version, 1);
  assert.equal(
    (await b.core.credentials.readSecret('api key', { version: 1 })).secret,
    S1,
    'old key usable during the overlap',
  );
  assert.equal(onB.versions[0]!.retiringUntil, a.core.credentials.get('api key').versions[0]!.retiringUntil);

  // Every commit names the credential and action, never a value.
  const log = spawnSync('git', ['log', '--format=%B'], { cwd: (await storeOf(a)).root, encoding: 'utf8' }).stdout;
  assert.match(log, /share "api key"/);
  assert.match(log, /update "api key"/);
  assert.ok(!log.includes('tok_'), 'no secret in a commit message');
});

async function storeOf(m: Machine): Promise<Store> {
  return new Store(m.core.catalog.read().teamLinks![0]!.store);
}

test('both machines changed the same credential: conflict, nothing overwritten, then a side is picked', async () => {
  const { a, b } = await twoMachines();
  await a.core.credentials.create({ name: 'k', kind: 'standard', provider: 'custom' }, S1);
  await a.team.share(['k']);
  await a.team.sync();
  await b.team.sync();
  await a.core.credentials.rotate('k', S2);
  await b.core.credentials.rotate('k', S3);
  await a.team.sync();
  assert.deepEqual(
    (await b.team.status()).map((i) => i.state),
    ['conflict'],
  );
  const r = await b.team.sync();
  assert.deepEqual(r.conflicts, ['k']);
  assert.equal((await b.core.credentials.readSecret('k')).secret, S3, 'B keeps its own until it picks');
  await a.team.sync();
  assert.equal((await a.core.credentials.readSecret('k')).secret, S2, 'A is not overwritten either');

  await b.team.sync({ take: { side: 'theirs', name: 'k' } });
  assert.equal((await b.core.credentials.readSecret('k')).secret, S2);
  assert.deepEqual(
    (await b.team.status()).map((i) => i.state),
    ['in-sync'],
  );

  // And the other way: mine wins and reaches A.
  await a.core.credentials.rotate('k', S4);
  await b.core.credentials.rotate('k', S1 + 'x');
  await a.team.sync();
  await b.team.sync({ take: { side: 'mine', name: 'k' } });
  await a.team.sync();
  assert.equal((await a.core.credentials.readSecret('k')).secret, S1 + 'x');
});

test('removing a member re-encrypts to the rest and flags "exposed: rotate"; B reports, not fails', async () => {
  const { a, b } = await twoMachines();
  await a.core.credentials.create({ name: 'k1', kind: 'standard', provider: 'custom' }, S1);
  await a.core.credentials.create({ name: 'k2', kind: 'standard', provider: 'custom' }, S2);
  await a.team.share(['k1', 'k2']);
  await a.team.sync();
  await b.team.sync();
  const store = await storeOf(a);
  const stanzas = (rel: string) =>
    (
      fs
        .readFileSync(path.join(store.root, rel))
        .toString('latin1')
        .match(/^-> X25519 /gm) ?? []
    ).length;
  assert.equal(stanzas('Personal/k1.age'), 2);

  const r = await a.team.memberRm('bob');
  assert.equal(r.reencrypted, 2);
  assert.deepEqual(r.exposed.sort(), ['k1', 'k2']);
  assert.equal(stanzas('Personal/k1.age'), 1);
  const st = await a.team.status();
  assert.ok(
    st.every((i) => i.exposed),
    'every credential bob could read is flagged',
  );
  await a.team.sync();

  // B is no longer a recipient: reported per file, the rest of the sync goes on.
  const onB = await b.team.sync();
  assert.deepEqual(onB.unreadable.map((u) => u.path).sort(), ['Personal/k1.age', 'Personal/k2.age']);
  assert.match(onB.unreadable[0]!.reason, /not encrypted to you/);

  // Rotating clears the mark.
  await a.core.credentials.rotate('k1', S3);
  await a.team.sync();
  const after = await a.team.status();
  assert.deepEqual(
    after.map((i) => [i.name, !!i.exposed]),
    [
      ['k1', false],
      ['k2', true],
    ],
  );
});

test('a push rejected because the remote moved: fetch, apply, retry', async () => {
  const { a, b } = await twoMachines();
  await a.core.credentials.create({ name: 'from-a', kind: 'standard', provider: 'custom' }, S1);
  await b.core.credentials.create({ name: 'from-b', kind: 'standard', provider: 'custom' }, S2);
  await b.team.memberAdd((await a.team.whoami()).recipient, 'alice').catch(() => undefined);
  await a.team.share(['from-a']);
  await b.team.share(['from-b']);
  // B pushes right after A's first fetch, so A's first push is rejected.
  const fetch = Store.prototype.fetch;
  let raced = false;
  Store.prototype.fetch = async function (this: Store) {
    await fetch.call(this);
    if (!raced && this.root === (await storeOf(a)).root) {
      raced = true;
      await b.team.sync();
    }
  };
  try {
    const r = await a.team.sync();
    assert.equal(r.retries, 1);
    assert.deepEqual(r.applied, ['from-b']);
  } finally {
    Store.prototype.fetch = fetch;
  }
  assert.deepEqual((await b.team.sync()).applied, ['from-a']);
  assert.equal(await header(b, 'from-a'), await header(a, 'from-a'));
});

test('bad remotes: one that does not exist, one that refuses the push (clear error, local state unchanged)', async () => {
  const a = machine();
  await assert.rejects(a.team.init(path.join(os.tmpdir(), 'keydeck-no-such-remote', 'x.git')), {
    code: 'TEAM_REMOTE_FAILED',
  });
  await assert.rejects(a.team.status(), { code: 'TEAM_NOT_LINKED' });

  const remote = bareRemote();
  await a.team.init(remote);
  await a.core.credentials.create({ name: 'k', kind: 'standard', provider: 'custom' }, S1);
  await a.team.share(['k']);
  // The remote now refuses every push (any pack is over its size limit).
  assert.equal(spawnSync('git', ['-C', remote, 'config', 'receive.maxInputSize', '1']).status, 0);
  // Local state: the credentials and their keys (the link's own bookkeeping may note the branch).
  const local = () => JSON.stringify({ ...a.core.catalog.read(), teamLinks: undefined });
  const before = local();
  await assert.rejects(a.team.sync(), { code: 'TEAM_REMOTE_FAILED' });
  assert.equal(local(), before);
  // Gone altogether: fetch fails with a clear error, and nothing here changes.
  fs.rmSync(remote, { recursive: true, force: true });
  await assert.rejects(
    a.team.sync(),
    (e: Error & { code?: string }) => e.code === 'TEAM_REMOTE_FAILED' && /Fetching/.test(e.message),
  );
  assert.equal(local(), before);
});

test('no git binary: one clear error', async () => {
  const a = machine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-store-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  process.env.KEYDECK_GIT = path.join(dir, 'no-such-git');
  try {
    await assert.rejects(a.team.init(dir), { code: 'TEAM_GIT_MISSING' });
  } finally {
    delete process.env.KEYDECK_GIT;
  }
});

test('a bad .age-recipients line stops a share with the line named; a newer store is refused', async () => {
  const a = machine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-store-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  await a.team.init(dir);
  await a.core.credentials.create({ name: 'k', kind: 'standard', provider: 'custom' }, S1);
  fs.appendFileSync(path.join(dir, '.age-recipients'), 'age1notarecipient\n');
  await assert.rejects(
    a.team.share(['k']),
    (e: Error & { code?: string }) => e.code === 'TEAM_BAD_RECIPIENT' && /line \d+/.test(e.message),
  );
  assert.ok(!fs.existsSync(path.join(dir, 'Personal', 'k.age')));
  fs.writeFileSync(path.join(dir, '.keydeck-format'), '9\n');
  await assert.rejects(a.team.status(), { code: 'TEAM_NEWER_FORMAT' });
});

test(
  'the real age CLI decrypts a shared file with the exported identity',
  { skip: skipUnless(hasAge, 'the age CLI (apt-get install age)') },
  async () => {
    const a = machine();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-store-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    await a.team.init(dir);
    await a.core.credentials.create({ name: 'k', kind: 'standard', provider: 'custom' }, S1);
    await a.team.share(['k']);
    await assert.rejects(a.team.share(['k']), { code: 'TEAM_ALREADY_SHARED' });
    const id = path.join(a.core.home, 'id.txt');
    assert.equal(await a.team.exportIdentity(id), (await a.team.whoami()).recipient);
    assert.equal(fs.statSync(id).mode & 0o777, 0o600);
    await assert.rejects(a.team.exportIdentity(id), { code: 'FILE_EXISTS' });
    const d = spawnSync('sh', ['-c', `age -d -i "${id}" Personal/k.age | head -1`], { cwd: dir, encoding: 'utf8' });
    assert.equal(d.stdout, `${S1}\n`, d.stderr);
    assert.equal(fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8'), '*.age diff=age\n');
  },
);
