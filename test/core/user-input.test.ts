/**
 * The rules for what a user types into the app, in core (one home): the command tokenizer, the path
 * rule (absolute or `~/`), and where a `.keydeck` may be written. Each bad input is a typed error that
 * names its field where there is one, and nothing is written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { splitCommand } from '../../electron/core/command-line.js';
import { resolveUserPath } from '../../electron/core/user-path.js';
import { saveProjectFile } from '../../electron/core/exec/project-file-save.js';

test('splitCommand splits like a shell for simple cases', () => {
  assert.deepEqual(splitCommand('npm run dev'), ['npm', 'run', 'dev']);
  assert.deepEqual(splitCommand('  node   -e  "console.log(1)"  '), ['node', '-e', 'console.log(1)']);
  assert.deepEqual(splitCommand(`echo 'a b' "c \\"d\\"" e\\ f`), ['echo', 'a b', 'c "d"', 'e f']);
  assert.deepEqual(splitCommand(`printf '' x`), ['printf', '', 'x'], 'an empty quoted word is a word');
  assert.deepEqual(splitCommand(`echo 'it\\s'`), ['echo', 'it\\s'], 'no escapes inside single quotes');
});

test('splitCommand gives the argv bash gives for the same line (the real consumer)', () => {
  const lines = [
    'npm run dev',
    `node -e "console.log('hi there')"`,
    `echo 'a b' "c \\"d\\"" e\\ f`,
    `printf '' x`,
    `python3 -c 'print("x y")' --flag="v w"`,
  ];
  for (const line of lines) {
    const r = spawnSync('bash', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, line);
    assert.deepEqual(splitCommand(line), r.stdout.split('\0').slice(0, -1), line);
  }
});

test('splitCommand refuses an unclosed quote and an empty command', () => {
  assert.throws(() => splitCommand('echo "oops'), { code: 'INVALID_INPUT', message: /unclosed " quote/ });
  assert.throws(() => splitCommand("echo 'oops"), { code: 'INVALID_INPUT', message: /unclosed ' quote/ });
  assert.throws(() => splitCommand('   '), { code: 'INVALID_INPUT', message: /Give the command/ });
});

test('resolveUserPath: ~ and ~/ are the home folder; anything else must be absolute', () => {
  assert.equal(resolveUserPath('~', 'path', '/home/me'), '/home/me');
  assert.equal(resolveUserPath(' ~/work/app ', 'path', '/home/me'), '/home/me/work/app');
  assert.equal(resolveUserPath('/srv/app/../x'), '/srv/x');
  assert.throws(() => resolveUserPath('work/app', 'folder path'), {
    code: 'INVALID_INPUT',
    message: 'Give the full folder path (like /home/you/project or ~/project).',
  });
  assert.throws(() => resolveUserPath('~other/x'), { code: 'INVALID_INPUT' });
});

test('saveProjectFile writes names only (0644), refuses to replace unless confirmed, refuses bad folders', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-project-'));
  try {
    const req = { folder: dir, names: ['OpenAI', 'Groq key'], workspace: 'Personal' };
    const first = saveProjectFile(req);
    const file = path.join(dir, '.keydeck');
    assert.deepEqual(first, { path: file, bytes: fs.statSync(file).size, replaced: false });
    assert.equal(fs.statSync(file).mode & 0o777, 0o644);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /OpenAI/);
    assert.throws(() => saveProjectFile({ ...req, names: ['Other'] }), { code: 'FILE_EXISTS', field: 'folder' });
    assert.equal(fs.readFileSync(file, 'utf8'), text, 'nothing changed');
    assert.equal(saveProjectFile({ ...req, names: ['Other'], overwrite: true }).replaced, true);
    assert.match(fs.readFileSync(file, 'utf8'), /Other/);

    assert.throws(() => saveProjectFile({ ...req, folder: path.join(dir, 'missing') }), {
      code: 'PATH_NOT_FOUND',
      field: 'folder',
    });
    assert.throws(() => saveProjectFile({ ...req, folder: file }), { code: 'INVALID_INPUT', field: 'folder' });
    assert.throws(() => saveProjectFile({ ...req, folder: 'relative/dir' }), { code: 'INVALID_INPUT' });
    const nested = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-project-'));
    fs.mkdirSync(path.join(nested, '.keydeck'));
    assert.throws(() => saveProjectFile({ ...req, folder: nested, overwrite: true }), {
      code: 'INVALID_INPUT',
      message: /is a folder/,
    });
    fs.rmSync(nested, { recursive: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
