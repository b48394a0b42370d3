/**
 * The catalog's read index (electron/core/catalog-index.ts): a cache of where each credential's row lies
 * in catalog.json. A lookup through it finds what the full read finds; any doubt (no index, a torn or
 * damaged one, one for another file, a hand-edited catalog) means the full read; concurrent writers
 * never make a reader see an older catalog than one it saw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Catalog } from '../../electron/core/catalog.js';
import { layOutCatalog, serializeCatalog } from '../../electron/core/catalog-file.js';
import { indexCovers, indexPath } from '../../electron/core/catalog-index.js';
import { identityOf } from '../../electron/core/catalog-file.js';
import type { CatalogData, Credential } from '../../shared/domain.js';
import { createCoreForTest } from '../harness/core.js';
import { credFor } from '../harness/credential.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-catindex-'));

/** A BYOK OpenAI row named `name` in `workspaceId`, with a fresh id. */
function credential(name: string, workspaceId: string, extra: Partial<Credential> = {}): Credential {
  return credFor('openai', { id: randomUUID(), name, workspaceId, ...extra });
}

/** A catalog of `names` (plus awkward ones) written through commits, so the index exists. */
async function seeded(dir: string, names: string[]): Promise<Catalog> {
  const catalog = new Catalog({ dir });
  await catalog.mutate((d) => {
    for (const n of names) d.credentials.push(credential(n, d.workspaces[0]!.id));
  });
  return catalog;
}

const AWKWARD = ['OpenAI', 'ünïcödé 鍵 🔑', 'quote " and \\ backslash', 'line\nbreak', 'tab\there', 'comma,"x",'];

test('the laid-out text is serializeCatalog byte for byte, and each range holds its row', () => {
  const ws = randomUUID();
  const data: CatalogData = {
    format: 1,
    activeWorkspaceId: ws,
    workspaces: [{ id: ws, name: 'Personal', createdAt: new Date().toISOString() }],
    credentials: AWKWARD.map((n) => credential(n, ws, { note: `note of ${n}\n` })),
    tombstones: [],
    settings: {
      clipboardClearSeconds: 30,
      rotationPolicyDays: 90,
      rotationOverlapHours: 24,
      validateOnSave: false,
      validationTimeoutSeconds: 5,
    },
    signingKeys: [],
    revocations: [],
  };
  const laid = layOutCatalog(data)!;
  assert.equal(laid.text, serializeCatalog(data));
  const bytes = Buffer.from(laid.text);
  for (const [i, r] of laid.layout.rows.entries()) {
    assert.deepEqual(JSON.parse(bytes.subarray(r.start, r.end).toString('utf8')), data.credentials[i]);
  }
  const [s, e] = laid.layout.credentials;
  assert.deepEqual(JSON.parse(bytes.subarray(s, e).toString('utf8')), data.credentials);
  const empty = layOutCatalog({ ...data, credentials: [] })!;
  assert.equal(empty.text, serializeCatalog({ ...data, credentials: [] }));
});

test('a lookup through the index finds what the full read finds, reading only its rows', async () => {
  const dir = tempDir();
  try {
    const names = [...AWKWARD, ...Array.from({ length: 200 }, (_, i) => `bulk ${i}`)];
    await seeded(dir, names);
    const file = path.join(dir, 'catalog.json');
    assert.ok(indexCovers(file, identityOf(file)), 'the commit indexed its file');
    const full = new Catalog({ dir }).read();
    for (const name of AWKWARD) {
      const view = new Catalog({ dir }).lookupView([name]);
      assert.ok(view.partial, `${JSON.stringify(name)} went through the index`);
      assert.deepEqual(
        view.data.credentials,
        full.credentials.filter((c) => c.name === name),
      );
      assert.deepEqual(view.data.workspaces, full.workspaces);
      assert.deepEqual(view.data.settings, full.settings);
      const byId = new Catalog({ dir }).lookupView([view.data.credentials[0]!.id]);
      assert.deepEqual(byId.data.credentials, view.data.credentials, 'by id too');
    }
    // NFC: the decomposed spelling finds the composed name, as the full lookup does.
    const nfd = new Catalog({ dir }).lookupView(['ünïcödé 鍵 🔑'.normalize('NFD')]);
    assert.equal(nfd.data.credentials.length, 1);
    assert.equal(new Catalog({ dir }).lookupView(['no such']).data.credentials.length, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing index means the full read, and a stamped read writes the index again', async () => {
  const dir = tempDir();
  try {
    const catalog = await seeded(dir, ['A', 'B']);
    fs.rmSync(indexPath(catalog.path));
    const view = new Catalog({ dir }).lookupView(['A']);
    assert.equal(view.partial, false, 'no index: the whole file');
    assert.equal(view.data.credentials.length, 2);
    assert.ok(indexCovers(catalog.path, identityOf(catalog.path)), 'the stamped read indexed the file again');
    assert.ok(new Catalog({ dir }).lookupView(['A']).partial);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** `line` with the byte range of `other` (both index row lines `[start,end,"id","name"]`). */
function swapRange(line: string, other: string): string {
  const range = /^\[\d+,\d+,/;
  return line.replace(range, range.exec(other)![0]);
}

test('bad input: a torn or damaged index falls back to the full read', async () => {
  const dir = tempDir();
  try {
    const catalog = await seeded(dir, ['A', 'B', 'C']);
    const idx = indexPath(catalog.path);
    const good = fs.readFileSync(idx, 'utf8');
    const lines = good.split('\n');
    const damaged: [string, string][] = [
      ['torn in its first line', good.slice(0, 40)],
      ['torn in a row', good.slice(0, good.length - 12)],
      ['garbage', 'not an index\n'],
      ['empty', ''],
      [
        'ranges swapped',
        [lines[0], swapRange(lines[1]!, lines[2]!), swapRange(lines[2]!, lines[1]!), ...lines.slice(3)].join('\n'),
      ],
      [
        "B's range moved by one byte",
        [
          ...lines.slice(0, 2),
          lines[2]!.replace(/^\[(\d+),/, (_, n: string) => `[${Number(n) + 1},`),
          ...lines.slice(3),
        ].join('\n'),
      ],
      ['a range past the array', good.replace(/,"credentials":\[(\d+),(\d+)\]/, ',"credentials":[$1,999999999]')],
      ['another version', good.replace('"v":1', '"v":2')],
    ];
    for (const [what, text] of damaged) {
      fs.writeFileSync(idx, text);
      const view = new Catalog({ dir, indexOnRead: false }).lookupView(['B']);
      assert.equal(view.partial, false, what);
      assert.deepEqual(
        view.data.credentials.map((c) => c.name),
        ['A', 'B', 'C'],
        what,
      );
    }
    // A row the index lacks (and a length that agrees): the view holds nothing for it, and the
    // credential service, missing in a partial view, asks the full read before saying "not found".
    const rows = lines.slice(1).filter((l) => l && !l.endsWith(',"B"]'));
    const head = { ...(JSON.parse(lines[0]!) as object), rows: rows.join('\n').length + 1 };
    fs.writeFileSync(idx, `${JSON.stringify(head)}\n${rows.join('\n')}\n`);
    const lacking = new Catalog({ dir, indexOnRead: false }).lookupView(['B']);
    assert.ok(lacking.partial);
    assert.equal(lacking.data.credentials.length, 0);
    const core = createCoreForTest({ home: dir, service: `keydeck-test-${randomUUID().slice(0, 8)}` });
    assert.equal(core.credentials.get('B').name, 'B');
    assert.throws(() => core.credentials.get('nope'), /No credential named "nope"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: a hand-edited catalog is never served stale through the index, even at the same size and mtime', async () => {
  const dir = tempDir();
  try {
    const catalog = await seeded(dir, ['A', 'B']);
    const before = fs.statSync(catalog.path);
    const text = fs.readFileSync(catalog.path, 'utf8');
    // Same length, same mtime (restored): only the ctime tells.
    const edited = text.replace('"name": "B"', '"name": "Z"');
    assert.equal(edited.length, text.length);
    fs.writeFileSync(catalog.path, edited);
    fs.utimesSync(catalog.path, before.atime, before.mtime);
    const view = new Catalog({ dir }).lookupView(['B']);
    assert.equal(view.partial, false, 'the index names another file: the full read');
    assert.deepEqual(
      view.data.credentials.map((c) => c.name),
      ['A', 'Z'],
    );
    assert.ok(new Catalog({ dir }).lookupView(['Z']).data.credentials.some((c) => c.name === 'Z'));
    // Replaced by another program (a new inode), laid out differently: never indexed from a reader.
    fs.writeFileSync(`${catalog.path}.new`, JSON.stringify(JSON.parse(edited), null, 2));
    fs.renameSync(`${catalog.path}.new`, catalog.path);
    const again = new Catalog({ dir }).lookupView(['Z']);
    assert.equal(again.partial, false);
    assert.deepEqual(
      again.data.credentials.map((c) => c.name),
      ['A', 'Z'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('concurrent writers: a reader through the index never sees a catalog older than one it saw, and ends on the last', async () => {
  const dir = tempDir();
  try {
    await seeded(dir, ['counter', ...Array.from({ length: 300 }, (_, i) => `bulk ${i}`)]);
    const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'index-writer.ts');
    const writers = 3;
    const each = 15;
    const children = Array.from({ length: writers }, () =>
      spawn(process.execPath, ['--import', 'tsx', writer, dir, String(each)], { stdio: ['ignore', 'ignore', 'pipe'] }),
    );
    const done = children.map(
      (c) =>
        new Promise<void>((resolve, reject) => {
          let err = '';
          c.stderr.on('data', (d: Buffer) => (err += d.toString()));
          c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}: ${err}`))));
        }),
    );
    let running = true;
    void Promise.all(done).finally(() => (running = false));
    let last = -1;
    let partial = 0;
    let reads = 0;
    while (running) {
      const view = new Catalog({ dir, indexOnRead: false }).lookupView(['counter']);
      const c = view.data.credentials.find((x) => x.name === 'counter')!;
      const n = Number(c.note);
      assert.ok(n >= last, `went back from ${last} to ${n}`);
      last = n;
      reads++;
      if (view.partial) partial++;
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(done);
    const final = new Catalog({ dir }).lookupView(['counter']);
    assert.ok(final.partial, 'the last commit left an index for its file');
    assert.equal(final.data.credentials[0]!.note, String(writers * each));
    assert.equal(new Catalog({ dir }).read().credentials.length, 301);
    console.log(`${reads} reads during ${writers * each} commits, ${partial} through the index`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
