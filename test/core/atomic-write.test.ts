import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFileAtomic, removeStaleTemps, writeFileAtomic } from '../../electron/core/atomic-write.js';
import { KeydeckError } from '../../shared/errors.js';

test('writeFileAtomic: exact mode whatever the umask, replaces a symlink instead of following it, leaves no temp file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-atomic-'));
  const old = process.umask(0o077);
  try {
    const file = path.join(dir, 'out');
    writeFileAtomic(file, 'one', 0o644);
    assert.equal(fs.statSync(file).mode & 0o777, 0o644);
    const target = path.join(dir, 'target');
    fs.writeFileSync(target, 'keep');
    fs.symlinkSync(target, path.join(dir, 'link'));
    writeFileAtomic(path.join(dir, 'link'), 'two', 0o600);
    assert.equal(fs.readFileSync(target, 'utf8'), 'keep');
    assert.ok(fs.lstatSync(path.join(dir, 'link')).isFile());
    assert.equal(fs.statSync(path.join(dir, 'link')).mode & 0o777, 0o600);
    assert.throws(
      () => writeFileAtomic(path.join(dir, 'missing', 'x'), 'three', 0o600),
      (e: unknown) => e instanceof KeydeckError && e.code === 'WRITE_FAILED' && /ENOENT/.test(e.message),
    );
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.includes('.tmp')),
      [],
    );
  } finally {
    process.umask(old);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic: a refusal just before the rename (a lost lock) leaves the old file and no temp file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-atomic-'));
  try {
    const file = path.join(dir, 'catalog.json');
    writeFileAtomic(file, 'old', 0o600);
    assert.throws(
      () =>
        writeFileAtomic(file, 'new', 0o600, {
          beforeRename: () => {
            throw new KeydeckError('CATALOG_LOCK_LOST', 'lost');
          },
        }),
      (e: unknown) => e instanceof KeydeckError && e.code === 'CATALOG_LOCK_LOST',
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(fs.readdirSync(dir), ['catalog.json']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('createFileAtomic: creates whole once; a second creator writes nothing and learns it lost', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-atomic-'));
  try {
    const file = path.join(dir, 'catalog.json');
    assert.equal(createFileAtomic(file, 'first', 0o600), true);
    assert.equal(createFileAtomic(file, 'second', 0o600), false);
    assert.equal(fs.readFileSync(file, 'utf8'), 'first');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(dir), ['catalog.json']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("removeStaleTemps: removes only the file's own temp files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-atomic-'));
  try {
    const file = path.join(dir, 'catalog.json');
    for (const f of [
      'catalog.json',
      'catalog.json.tmp-1-ab',
      'catalog.json.tmp-99',
      'catalog.json.lock',
      'x.json.tmp-1',
    ]) {
      fs.writeFileSync(path.join(dir, f), '');
    }
    assert.equal(removeStaleTemps(file), 2);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['catalog.json', 'catalog.json.lock', 'x.json.tmp-1']);
    assert.equal(removeStaleTemps(path.join(dir, 'missing', 'catalog.json')), 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
