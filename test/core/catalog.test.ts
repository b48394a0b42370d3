/**
 * The catalog file: the same file and JSON electron-store/conf kept (proved with conf itself, the
 * class electron-store extends), written atomically whatever the environment, temp files left by kills
 * cleaned by the next write, validated when read from disk, and cheap to mutate. Plain files only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Catalog, CATALOG_FILE, serializeCatalog } from '../../electron/core/catalog.js';
import { CATALOG_FORMAT } from '../../shared/domain.js';
import { KeydeckError } from '../../shared/errors.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-catalog-'));
}

/** conf as electron-store opened the catalog before (electron-store passes the same options to conf). */
function confStore(dir: string): Conf<Record<string, unknown>> {
  return new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'catalog',
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    watch: false,
  });
}

function revoke(jti: string, workspaceId: string) {
  return { jti, workspaceId, revokedAt: new Date().toISOString() };
}

test('the same file and bytes as electron-store/conf: conf reads what Keydeck wrote, Keydeck reads what conf wrote', async () => {
  const dir = tempDir();
  try {
    const catalog = new Catalog({ dir });
    const ws = catalog.read().workspaces[0]!.id;
    await catalog.mutate((d) => {
      d.revocations.push(revoke('one', ws));
    });
    const conf = confStore(dir);
    assert.equal(conf.path, catalog.path);
    assert.deepEqual({ ...conf.store }, JSON.parse(JSON.stringify(catalog.read())));
    const text = fs.readFileSync(catalog.path, 'utf8');
    assert.equal(text, JSON.stringify(conf.store, undefined, '\t'), "conf's own serialisation, byte for byte");
    assert.equal(text, serializeCatalog(catalog.read()));
    assert.equal(fs.statSync(catalog.path).mode & 0o777, CATALOG_FILE.mode);
    // An older Keydeck (conf) writes; this one picks it up on the next read and the next write.
    conf.store = { ...conf.store, revocations: [...(conf.store.revocations as unknown[]), revoke('two', ws)] };
    assert.deepEqual(
      catalog.read().revocations.map((r) => r.jti),
      ['one', 'two'],
    );
    await catalog.mutate((d) => {
      d.revocations.push(revoke('three', ws));
    });
    assert.deepEqual(
      (confStore(dir).store.revocations as { jti: string }[]).map((r) => r.jti),
      ['one', 'two', 'three'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every write replaces the file by rename (never in place), also with SNAP set', async () => {
  const dir = tempDir();
  const snap = process.env.SNAP;
  process.env.SNAP = '/snap/keydeck/1';
  try {
    const catalog = new Catalog({ dir });
    const ws = catalog.read().workspaces[0]!.id;
    // A reader that opened the old file keeps seeing it whole: the new bytes arrive as a new inode.
    const fd = fs.openSync(catalog.path, 'r');
    const oldText = fs.readFileSync(catalog.path, 'utf8');
    await catalog.mutate((d) => {
      d.revocations.push(revoke('snap', ws));
    });
    assert.equal(fs.readFileSync(fd, 'utf8'), oldText, 'the old inode was not written in place');
    fs.closeSync(fd);
    assert.deepEqual(
      new Catalog({ dir }).read().revocations.map((r) => r.jti),
      ['snap'],
    );
    // The recovery copy (recovery-file.ts) is written the same way.
    const recovery = path.join(dir, 'catalog.recovery.json');
    const rfd = fs.openSync(recovery, 'r');
    const oldRecovery = fs.readFileSync(recovery, 'utf8');
    await catalog.mutate((d) => {
      d.revocations.push(revoke('snap2', ws));
    });
    assert.equal(fs.readFileSync(rfd, 'utf8'), oldRecovery, 'the recovery copy was not written in place');
    fs.closeSync(rfd);
    assert.match(fs.readFileSync(recovery, 'utf8'), /snap2/);
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      'catalog.json',
      'catalog.json.checked',
      'catalog.json.index',
      'catalog.recovery.json',
    ]);
  } finally {
    if (snap === undefined) delete process.env.SNAP;
    else process.env.SNAP = snap;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('temp files left by killed writers (catalog.json.tmp-*) are removed by the next write', async () => {
  const dir = tempDir();
  try {
    const catalog = new Catalog({ dir });
    const ws = catalog.read().workspaces[0]!.id;
    const leftovers = ['catalog.json.tmp-4242-a1b2c3', 'catalog.json.tmp-17329871234560.8', 'catalog.json.tmp-1'];
    for (const f of leftovers) fs.writeFileSync(path.join(dir, f), '{"half');
    fs.writeFileSync(path.join(dir, 'other.json.tmp-1'), 'not ours');
    await catalog.mutate((d) => {
      d.revocations.push(revoke('x', ws));
    });
    assert.deepEqual(fs.readdirSync(dir).sort(), [
      'catalog.json',
      'catalog.json.checked',
      'catalog.json.index',
      'catalog.recovery.json',
      'other.json.tmp-1',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed mutation writes nothing and its in-place edits are dropped', async () => {
  const dir = tempDir();
  try {
    const catalog = new Catalog({ dir });
    const ws = catalog.read().workspaces[0]!.id;
    await catalog.mutate((d) => {
      d.workspaces[0]!.name = 'Kept';
    });
    const before = fs.readFileSync(catalog.path, 'utf8');
    await assert.rejects(
      catalog.mutate((d) => {
        d.workspaces[0]!.name = 'Half-done';
        d.revocations.push(revoke('half', ws));
        throw new Error('rule failed');
      }),
      /rule failed/,
    );
    assert.equal(fs.readFileSync(catalog.path, 'utf8'), before);
    assert.equal(catalog.read().workspaces[0]!.name, 'Kept');
    assert.deepEqual(catalog.read().revocations, []);
    // A failing commit (disk full) likewise.
    catalog.beforeWrite = () => {
      throw new Error('disk full');
    };
    await assert.rejects(
      catalog.mutate((d) => {
        d.workspaces[0]!.name = 'Lost';
      }),
      /disk full/,
    );
    catalog.beforeWrite = undefined;
    assert.equal(catalog.read().workspaces[0]!.name, 'Kept');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a change by another process is picked up before the next write (no lost update), and a reader's snapshot keeps its entries", async () => {
  const dir = tempDir();
  try {
    const a = new Catalog({ dir });
    const b = new Catalog({ dir });
    const ws = a.read().workspaces[0]!.id;
    const snapshot = a.read();
    await b.mutate((d) => {
      d.revocations.push(revoke('from-b', ws));
    });
    await a.mutate((d) => {
      d.revocations.push(revoke('from-a', ws));
    });
    assert.deepEqual(
      b.read().revocations.map((r) => r.jti),
      ['from-b', 'from-a'],
    );
    assert.deepEqual(snapshot.revocations, [], 'an earlier snapshot does not grow under its reader');
    // In one process, concurrent mutations queue and all land.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        a.mutate((d) => {
          d.revocations.push(revoke(`q${i}`, ws));
        }),
      ),
    );
    assert.equal(new Catalog({ dir }).read().revocations.length, 22);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('validated when read from disk: a file changed to invalid content is moved aside, a newer format refused untouched', () => {
  const dir = tempDir();
  try {
    const catalog = new Catalog({ dir });
    catalog.read();
    const good = JSON.parse(fs.readFileSync(catalog.path, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(catalog.path, JSON.stringify({ ...good, credentials: [{ id: 1 }] }));
    const fresh = catalog.read();
    assert.equal(fresh.credentials.length, 0);
    assert.equal(catalog.needsRebuild, true);
    assert.match(catalog.takeNotices()[0]!.message, /invalid at credentials/);
    assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith('catalog.corrupt-')).length, 1);
    const newer = JSON.stringify({ ...good, format: CATALOG_FORMAT + 1 });
    fs.writeFileSync(catalog.path, newer);
    assert.throws(
      () => new Catalog({ dir }).read(),
      (e: unknown) => e instanceof KeydeckError && e.code === 'CATALOG_NEWER_FORMAT',
    );
    assert.equal(fs.readFileSync(catalog.path, 'utf8'), newer);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing catalog is created once: two readers get the same workspace', () => {
  const dir = path.join(tempDir(), 'nested', 'home');
  try {
    const a = new Catalog({ dir }).read();
    const b = new Catalog({ dir }).read();
    assert.equal(a.workspaces[0]!.id, b.workspaces[0]!.id);
    assert.equal(fs.statSync(dir).mode & 0o777, CATALOG_FILE.dirMode);
  } finally {
    fs.rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true });
  }
});

test('mutate inside a mutation is refused (instead of waiting on itself forever)', async () => {
  const dir = tempDir();
  try {
    const catalog = new Catalog({ dir });
    await assert.rejects(
      catalog.mutate(() => catalog.mutate(() => undefined)),
      (e: unknown) => e instanceof KeydeckError && e.code === 'INTERNAL',
    );
    await catalog.mutate(() => undefined); // the queue is not stuck
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'catalog-writer.ts');

test('kill -9 during writes: no acknowledged write lost, the file always whole, the temp files cleaned by the next write', async (t) => {
  const dir = tempDir();
  const work = tempDir();
  try {
    const catalog = new Catalog({ dir });
    const ws = catalog.read().workspaces[0]!.id;
    // A big catalog, so a write takes long enough for kills to land inside it.
    await catalog.mutate((d) => {
      for (let i = 0; i < 1500; i++) d.revocations.push(revoke(`seed-${i}-${'x'.repeat(60)}`, ws));
    });
    const bundle = path.join(work, 'writer.mjs');
    await build({
      entryPoints: [WRITER],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'warning',
    });
    const acked: string[] = [];
    let tempsSeen = 0;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, [bundle, dir, `k${round}`, '1000'], { stdio: ['pipe', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const closed = new Promise((r) => child.on('close', r));
      const started = Date.now();
      while (!out.includes('ready') && Date.now() - started < 60_000) await new Promise((r) => setImmediate(r));
      child.stdin.end('go\n');
      const want = 1 + (round % 3);
      while ((out.match(/^ack /gm) ?? []).length < want && Date.now() - started < 60_000) {
        await new Promise((r) => setImmediate(r));
      }
      child.kill('SIGKILL');
      await closed;
      acked.push(...[...out.matchAll(/^ack (\S+)$/gm)].map((m) => m[1]!));
      tempsSeen += fs.readdirSync(dir).filter((f) => f.startsWith('catalog.json.tmp-')).length;
      // Whatever the moment of the kill, the file parses and validates.
      const now = new Catalog({ dir }).read();
      assert.equal(now.revocations.length >= 1500, true);
    }
    await new Catalog({ dir }).mutate((d) => {
      d.revocations.push(revoke('after', ws));
    });
    const stored = new Set(new Catalog({ dir }).read().revocations.map((r) => r.jti));
    assert.deepEqual(
      acked.filter((j) => !stored.has(j)),
      [],
    );
    // The dead writers' lock files are taken over; their temp files are gone after the next write.
    assert.deepEqual(
      fs
        .readdirSync(dir)
        .filter(
          (f) => !['catalog.json', 'catalog.json.checked', 'catalog.json.index', 'catalog.recovery.json'].includes(f),
        ),
      [],
    );
    assert.ok(acked.length >= 5);
    t.diagnostic(`${acked.length} acknowledged writes; ${tempsSeen} temp files left by the kills`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
});
