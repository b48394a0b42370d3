/** A rotate killed after its keychain write is finished by reconcile --adopt, not buried as retired. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountFor, sealEnvelope } from '../../electron/core/envelope.js';
import { fingerprint } from '../../electron/core/display.js';
import { makeTestCore } from '../harness/core.js';
import type { Vault } from '../../electron/core/vault.js';

const OLD = 'xai-old-0123456789abcdef';
const NEW = 'xai-new-fedcba9876543210';

/** What rotate writes to the keychain before its catalog step (the step a kill skips). */
async function killedRotate(core: ReturnType<typeof makeTestCore>, name: string, secret: string, version: number) {
  const cred = core.credentials.get(name);
  const ws = core.catalog.read().workspaces.find((w) => w.id === cred.workspaceId)!;
  await core.vault.set(accountFor(cred.kind, cred.id, version), sealEnvelope(cred, ws.name, version, secret));
}

test('a keychain version newer than every catalog version becomes active; the old active starts its overlap', async () => {
  const core = makeTestCore();
  try {
    await core.credentials.create({ name: 'x', kind: 'byok', provider: 'xai' }, OLD);
    await killedRotate(core, 'x', NEW, 2);
    const r = await core.credentials.reconcile({ adopt: true });
    assert.deepEqual(
      r.adopted.map((a) => [a.name, a.version]),
      [['x', 2]],
    );
    const c = core.credentials.get('x');
    assert.deepEqual(
      c.versions.map((v) => [v.version, v.status]),
      [
        [1, 'retiring'],
        [2, 'active'],
      ],
    );
    const hours = core.catalog.read().settings.rotationOverlapHours;
    const until = Date.parse(c.versions[0]!.retiringUntil!);
    assert.ok(Math.abs(until - (Date.now() + hours * 3_600_000)) < 60_000, 'the overlap is the configured one');
    assert.equal(c.fingerprint, fingerprint(NEW));
    assert.equal(c.state, 'ok');
    const use = await core.credentials.readSecret('x');
    assert.deepEqual([use.version, use.secret], [2, NEW]);
    // A second reconcile changes nothing more.
    assert.equal((await core.credentials.reconcile({ adopt: true })).adopted.length, 0);
  } finally {
    await core.cleanup();
  }
});

test('with no overlap configured the old active is retired; an older orphan stays retired', async () => {
  const core = makeTestCore();
  try {
    await core.settings.update({ rotationOverlapHours: 0 });
    await core.credentials.create({ name: 'y', kind: 'byok', provider: 'xai' }, OLD);
    await core.credentials.rotate('y', 'xai-mid-0123456789abcdef');
    // v3 (killed rotate) and an old v2 lost from the catalog: newest first is what decides.
    const cred = core.credentials.get('y');
    await killedRotate(core, 'y', NEW, 3);
    await core.catalog.mutate((d) => {
      const c = d.credentials.find((x) => x.id === cred.id)!;
      c.versions = c.versions.filter((v) => v.version !== 2);
      c.versions[0]!.status = 'active';
    });
    await core.credentials.reconcile({ adopt: true });
    const c = core.credentials.get('y');
    assert.deepEqual(
      c.versions.map((v) => [v.version, v.status]),
      [
        [1, 'retired'],
        [2, 'retired'],
        [3, 'active'],
      ],
    );
    assert.equal(c.fingerprint, fingerprint(NEW));
  } finally {
    await core.cleanup();
  }
});

/**
 * A vault around the real one whose `method` holds once, after the real call and while `armed()`:
 * `reached` resolves when it holds, `open()` lets it go on.
 */
function heldOnce(v: Vault, method: 'get' | 'entries', armed: () => boolean) {
  let arrive!: () => void;
  let go!: () => void;
  const reached = new Promise<void>((r) => (arrive = r));
  const opened = new Promise<void>((r) => (go = r));
  let held = false;
  const hold = async <T>(out: T): Promise<T> => {
    if (!held && armed()) {
      held = true;
      arrive();
      await opened;
    }
    return out;
  };
  const vault: Vault = {
    service: v.service,
    backend: () => v.backend(),
    set: (a, val) => v.set(a, val),
    get: async (a) => (method === 'get' ? hold(await v.get(a)) : v.get(a)),
    delete: (a) => v.delete(a),
    entries: async () => (method === 'entries' ? hold(await v.entries()) : v.entries()),
  };
  return { vault, reached, open: () => go() };
}

test("a reconcile while an add has written its entry but not committed leaves the entry to the add (the app's start-up race)", async () => {
  let g!: ReturnType<typeof heldOnce>;
  // The add reads its entry back before it commits: hold it there.
  const core = makeTestCore({ wrap: (v) => (g = heldOnce(v, 'get', () => true)).vault });
  try {
    const adding = core.credentials.create({ name: 'OpenAI', kind: 'byok', provider: 'openai' }, 'sk-race-0000000001');
    await g.reached;
    const r = await core.credentials.reconcile({ adopt: true });
    assert.deepEqual(r.adopted, [], 'the in-flight entry is not adopted');
    assert.deepEqual(r.orphans, []);
    g.open();
    const { credential } = await adding;
    assert.equal(credential.name, 'OpenAI');
    assert.deepEqual(
      core.catalog.read().credentials.map((c) => [c.name, c.state]),
      [['OpenAI', 'ok']],
    );
    assert.equal((await core.credentials.readSecret('OpenAI')).secret, 'sk-race-0000000001');
  } finally {
    await core.cleanup();
  }
});

test('a rotation committed while reconcile lists the keychain is not flagged missing', async () => {
  let g!: ReturnType<typeof heldOnce>;
  let armed = false;
  // Hold the reconcile after it listed the keychain, before it takes the catalog lock.
  const core = makeTestCore({ wrap: (v) => (g = heldOnce(v, 'entries', () => armed)).vault });
  try {
    await core.credentials.create({ name: 'x', kind: 'byok', provider: 'xai' }, OLD);
    armed = true;
    const reconciling = core.credentials.reconcile({ adopt: true });
    await g.reached;
    await core.credentials.rotate('x', NEW);
    g.open();
    const r = await reconciling;
    assert.deepEqual(r.missing, []);
    assert.equal(core.credentials.get('x').state, 'ok');
    assert.equal((await core.credentials.readSecret('x')).secret, NEW);
  } finally {
    await core.cleanup();
  }
});
