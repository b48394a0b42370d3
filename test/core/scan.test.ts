import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  MultiMatcher,
  base64Fragments,
  scan,
  scanWithNeedles,
  type ScanProgress,
} from '../../electron/core/scan/index.js';
import { StreamScanner } from '../../electron/core/scan/stream.js';
import { walk } from '../../electron/core/scan/files.js';
import { makeTestCore, type TestCore } from '../harness/core.js';
import { git } from '../harness/git.js';

const V1 = 'sk-live-OLDold0123456789abcdefXYZ';
const V2 = 'sk-live-NEWnew9876543210fedcbaQRS';
const OTHER = 'ghp_otherKEY1234567890abcdefghijkl';

let core: TestCore;
let dir: string;

before(async () => {
  core = makeTestCore();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-scan-'));
  await core.credentials.create({ name: 'openai', kind: 'byok', provider: 'openai' }, V1);
  await core.credentials.rotate('openai', V2);
  await core.credentials.retire('openai', 1);
  await core.credentials.create({ name: 'other', kind: 'standard', provider: 'custom' }, OTHER);
});

after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await core.cleanup();
});

function tree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(dir, 't-'));
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

test('MultiMatcher finds every needle of every length band, at buffer edges, against a naive search', () => {
  const needles = [
    'abc',
    'abcdefgh',
    'x'.repeat(15),
    'needle-of-twenty-chars',
    'N'.repeat(40) + 'end',
    'k'.repeat(70),
  ].map((s) => Buffer.from(s));
  const m = new MultiMatcher(needles);
  let text = '';
  for (let i = 0; i < 300; i++) text += i % 37 === 0 ? needles[i % needles.length]!.toString() : `w${i} `;
  text = needles[3]!.toString() + text + needles[4]!.toString();
  const buf = Buffer.from(text);
  const naive: string[] = [];
  needles.forEach((n, idx) => {
    for (let at = buf.indexOf(n); at >= 0; at = buf.indexOf(n, at + 1)) naive.push(`${idx}@${at}`);
  });
  const got = m.search(buf).map((h) => `${h.needle}@${h.start}`);
  assert.deepEqual(got.sort(), naive.sort());
  assert.ok(naive.length > 8);
});

test('StreamScanner finds a secret split across chunk boundaries once, with the right line', () => {
  const needle = Buffer.from(V1);
  const m = new MultiMatcher([needle]);
  const s = new StreamScanner(m, 64); // tiny chunks to force splits
  const text = Buffer.from('line1\n'.repeat(30) + `key=${V1}\n` + 'x\n'.repeat(40) + V1);
  for (let step = 1; step < 80; step += 7) {
    s.begin();
    const hits: { needle: number; line: number }[] = [];
    for (let off = 0; off < text.length; off += step) s.feed(text.subarray(off, off + step), true, hits);
    assert.deepEqual(
      hits.map((h) => h.line),
      [31, 72],
      `feeding ${step} bytes at a time`,
    );
  }
});

test('base64 fragments match the secret inside a Basic credential at any offset', () => {
  const frags = base64Fragments(Buffer.from(V1));
  for (const user of ['', 'u', 'us', 'user', 'longer-user-name']) {
    const enc = Buffer.from(`${user}:${V1}`).toString('base64');
    assert.ok(
      frags.some((f) => enc.includes(f)),
      `user "${user}"`,
    );
  }
});

test('scan finds every version (retired too), base64 and Basic forms; skips binaries and node_modules', async () => {
  const basic = Buffer.from(`me:${V1}`).toString('base64');
  const root = tree({
    '.env': `A=1\nOPENAI_API_KEY=${V2}\n`,
    'src/config.ts': `// old\nconst k = "${V1}";\n`,
    'docs/http.txt': `GET /\nAuthorization: Basic ${basic}\n`,
    'docs/b64.txt': `token: ${Buffer.from(OTHER).toString('base64')}\n`,
    'node_modules/pkg/index.js': `module.exports = "${V2}";\n`,
    'img.bin': Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(V2)]),
    'clean.txt': 'nothing here\n',
  });
  const progress: ScanProgress[] = [];
  const r = await scan(core.credentials, root, { onProgress: (p) => progress.push(p) });
  const got = r.findings.map((f) => `${f.file}:${f.line}:${f.credential}:v${f.version}:${f.form}`).sort();
  assert.deepEqual(got, [
    '.env:2:openai:v2:exact',
    'docs/b64.txt:1:other:v1:base64',
    'docs/http.txt:2:openai:v1:base64',
    'src/config.ts:2:openai:v1:exact',
  ]);
  const f = r.findings.find((x) => x.file === '.env')!;
  assert.match(f.fingerprint, /^sha256:[0-9a-f]{16}$/);
  assert.equal(r.binarySkipped, 1);
  assert.equal(r.dirsSkipped, 1);
  assert.equal(r.secretsSearched, 3);
  assert.equal(progress.at(-1)?.phase, 'done');
  assert.equal(progress[0]?.phase, 'reading-keychain');
  // The report never holds a secret.
  const json = JSON.stringify(r);
  for (const s of [V1, V2, OTHER, basic]) assert.ok(!json.includes(s));

  const all = await scan(core.credentials, root, { includeIgnored: true, includeBinary: true });
  assert.ok(all.findings.some((x) => x.file === 'node_modules/pkg/index.js'));
  assert.ok(all.findings.some((x) => x.file === 'img.bin'));
});

test('scan: missing path is an error; an unreadable file and a symlink loop are reported, not fatal', async (t) => {
  await assert.rejects(scan(core.credentials, path.join(dir, 'does-not-exist')), { code: 'PATH_NOT_FOUND' });
  const root = tree({ 'ok.txt': `x ${V2}\n`, 'locked.txt': `y ${V1}\n`, 'sub/a.txt': 'a\n' });
  fs.symlinkSync('..', path.join(root, 'sub', 'up')); // sub/up -> root: a loop
  fs.symlinkSync('self', path.join(root, 'self')); // self -> self: ELOOP
  fs.chmodSync(path.join(root, 'locked.txt'), 0o000);
  // Unreadable even for root: a regular file whose read fails (EIO).
  fs.symlinkSync('/proc/self/mem', path.join(root, 'mem'));
  const r = await scan(core.credentials, root);
  fs.chmodSync(path.join(root, 'locked.txt'), 0o600);
  assert.deepEqual(
    r.findings.map((f) => f.file),
    ['ok.txt'].concat(process.getuid?.() === 0 ? ['locked.txt'] : []).sort(),
  );
  const reasons = Object.fromEntries(r.problems.map((p) => [p.path, p.reason]));
  assert.match(reasons['sub/up'] ?? '', /symlink loop/);
  assert.match(reasons.self ?? '', /symlink loop/);
  assert.equal(reasons.mem, 'EIO');
  if (process.getuid?.() !== 0) assert.equal(reasons['locked.txt'], 'permission denied');
  else t.diagnostic('running as root: permission bits do not stop reads; the EIO file stands in');
});

test('one long file does not block the event loop: a cancel lands mid-file', async () => {
  const root = fs.mkdtempSync(path.join(dir, 'long-'));
  const file = path.join(root, 'long.log');
  fs.writeFileSync(file, Buffer.alloc(48 * 1024 * 1024, 'a'));
  const scanner = new StreamScanner(new MultiMatcher([Buffer.from(V1)]));
  const ac = new AbortController();
  // The timer can only fire if the walk yields while inside the file.
  setTimeout(() => ac.abort(), 0);
  const stats = await walk(file, scanner, {
    includeIgnored: false,
    includeBinary: false,
    onHits: () => undefined,
    tick: () => undefined,
    signal: ac.signal,
  });
  assert.ok(stats.bytes > 0 && stats.bytes < 48 * 1024 * 1024, `read ${stats.bytes} bytes before stopping`);
});

test('scan streams a very large file in chunks and still finds a secret at the end', async () => {
  const root = fs.mkdtempSync(path.join(dir, 'big-'));
  const file = path.join(root, 'huge.log');
  const fd = fs.openSync(file, 'w');
  const block = Buffer.from('2026-01-01 INFO nothing to see here, just a long log line\n'.repeat(4096));
  let lines = 0;
  for (let i = 0; i < 200; i++) {
    fs.writeSync(fd, block); // ~48 MB total
    lines += 4096;
  }
  fs.writeSync(fd, `token ${V2}\n`);
  fs.closeSync(fd);
  const rssBefore = process.memoryUsage().rss;
  const r = await scan(core.credentials, root);
  assert.deepEqual(
    r.findings.map((f) => [f.file, f.line, f.version]),
    [['huge.log', lines + 1, 2]],
  );
  assert.ok(r.bytes > 40e6);
  // Streamed: memory did not grow by anything like the file's size.
  assert.ok(process.memoryUsage().rss - rssBefore < 40e6, 'the file was not read whole');
});

test('scan --git finds secrets added then deleted in history, on every branch, with the commit', async () => {
  const repo = fs.mkdtempSync(path.join(dir, 'repo-'));
  git(repo, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(repo, 'README.md'), '# demo\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'init');
  fs.writeFileSync(path.join(repo, '.env'), `X=1\nOPENAI_API_KEY=${V1}\n`);
  git(repo, 'add', '.env');
  git(repo, 'commit', '-qm', 'add env');
  const leak = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'rm', '-q', '.env');
  git(repo, 'commit', '-qm', 'remove env');
  git(repo, 'checkout', '-qb', 'side');
  fs.mkdirSync(path.join(repo, 'cfg'));
  fs.writeFileSync(path.join(repo, 'cfg', 'key with space.txt'), `a\nb\n${OTHER}\n`);
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'side leak');
  const side = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'rm', '-q', '-r', 'cfg');
  git(repo, 'commit', '-qm', 'clean side');
  git(repo, 'checkout', '-q', 'main');

  // The working tree is clean now…
  const files = await scan(core.credentials, repo);
  assert.equal(files.findings.length, 0);
  // …but history is not.
  const progress: ScanProgress[] = [];
  const r = await scan(core.credentials, repo, { git: true, onProgress: (p) => progress.push(p) });
  const got = r.findings.map((f) => `${f.commit}:${f.file}:${f.line}:${f.credential}:v${f.version}`).sort();
  assert.deepEqual(got, [`${leak}:.env:2:openai:v1`, `${side}:cfg/key with space.txt:3:other:v1`].sort());
  assert.equal(r.commits, 5);
  assert.ok(progress.some((p) => p.phase === 'listing-history'));
  await assert.rejects(scan(core.credentials, tree({ 'a.txt': 'a' }), { git: true }), { code: 'NOT_A_GIT_REPO' });
});

test('scanWithNeedles with no stored secrets finds nothing and says so', async () => {
  const r = await scanWithNeedles(tree({ 'a.txt': V1 }), { bytes: [], info: [], unreadable: [] });
  assert.equal(r.findings.length, 0);
  assert.equal(r.secretsSearched, 0);
});

test('an aborted scan stops and says so', async () => {
  const ac = new AbortController();
  ac.abort();
  const r = await scan(core.credentials, tree({ 'a.txt': V1, 'b/c.txt': V2 }), { signal: ac.signal });
  assert.equal(r.aborted, true);
  assert.equal(r.files, 0);
});
