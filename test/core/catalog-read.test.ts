/**
 * The catalog's read path: the structural check for files the stamp vouches for, the full schema for
 * any other, and under the lock before a write. Bad input: a file changed between a reader's check and
 * its write; a 50 MB catalog (how long, and memory within parsing it once).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Catalog } from '../../electron/core/catalog.js';
import { isStamped, identityOf, stampPath } from '../../electron/core/catalog-file.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-catread-'));

test('a file Keydeck wrote is stamped; a file changed by anything else is not, and is checked in full', async () => {
  const dir = tempDir();
  try {
    const catalog = new Catalog({ dir });
    await catalog.ready();
    assert.ok(isStamped(catalog.path, identityOf(catalog.path)), 'the fresh file is stamped');
    await catalog.mutate((d) => {
      d.settings.clipboardClearSeconds = 45;
    });
    assert.ok(isStamped(catalog.path, identityOf(catalog.path)), 'a write stamps its file');
    const text = fs.readFileSync(catalog.path, 'utf8');
    fs.writeFileSync(catalog.path, text.replace('"clipboardClearSeconds": 45', '"clipboardClearSeconds": 46'));
    assert.ok(!isStamped(catalog.path, identityOf(catalog.path)), 'an edit by another program is not vouched for');
    const other = new Catalog({ dir });
    await other.ready();
    assert.equal(other.read().settings.clipboardClearSeconds, 46);
    assert.ok(isStamped(catalog.path, identityOf(catalog.path)), 'checked in full, then stamped');
    fs.writeFileSync(stampPath(catalog.path), 'garbage');
    assert.equal(new Catalog({ dir }).read().settings.clipboardClearSeconds, 46, 'a damaged stamp costs a full check');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: a catalog changed between the cheap check and the write is re-read and checked in full under the lock', async () => {
  const dir = tempDir();
  try {
    const reader = new Catalog({ dir });
    await reader.ready();
    const ws = reader.read().workspaces[0]!.id;
    // Another program edits the file into something with the right structure that the schema refuses.
    const data = JSON.parse(fs.readFileSync(reader.path, 'utf8')) as { workspaces: { createdAt: string }[] };
    data.workspaces[0]!.createdAt = 'yesterday';
    fs.writeFileSync(reader.path, JSON.stringify(data, null, '\t'));
    await reader.mutate((d) => {
      d.revocations.push({ jti: 'x', workspaceId: ws, revokedAt: new Date().toISOString() });
    });
    const notices = reader.takeNotices();
    assert.match(notices[0]!.message, /invalid at workspaces\.0\.createdAt/);
    assert.equal(
      fs.readdirSync(dir).filter((f) => f.startsWith('catalog.corrupt-')).length,
      1,
      'moved aside, not built on',
    );
    assert.notEqual(new Catalog({ dir }).read().workspaces[0]!.createdAt, 'yesterday');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: a 50 MB catalog reads in full once, then by the stamp, within the memory of parsing it once', () => {
  const dir = tempDir();
  try {
    // Built in a child so this process's heap stays small; the child reports its own figures.
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'big-catalog.ts');
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, dir, '50'], {
      encoding: 'utf8',
      timeout: 600_000,
    });
    assert.equal(r.status, 0, r.stderr);
    const f = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
    console.log(
      `50 MB catalog: ${f.mb!.toFixed(0)} MB, ${f.credentials} credentials; JSON.parse ${f.parseMs!.toFixed(0)} ms; ` +
        `first read (full schema) ${f.fullMs!.toFixed(0)} ms; stamped read ${f.stampedMs!.toFixed(0)} ms; ` +
        `heap: parsed once +${f.parseHeapMb!.toFixed(0)} MB, stamped read +${f.stampedHeapMb!.toFixed(0)} MB; ` +
        `one credential through the index ${f.indexedMs!.toFixed(0)} ms`,
    );
    assert.equal(f.stampedCredentials, f.credentials);
    // The stamped read holds one parsed copy (no second copy of the data): within 1.25x of JSON.parse's.
    assert.ok(f.stampedHeapMb! <= f.parseHeapMb! * 1.25 + 8, JSON.stringify(f));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
