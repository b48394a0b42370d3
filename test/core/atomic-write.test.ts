import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../../electron/core/atomic-write.js';
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
      fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  } finally {
    process.umask(old);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
