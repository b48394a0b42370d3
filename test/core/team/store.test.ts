/**
 * The team store's layout and codec (issue 13, step 1): safe names both ways, `.age-recipients`
 * lookup and its bad lines, the plaintext layout, the format marker, paths that escape the store, and
 * interop with the real `age` CLI in both directions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { decodeSegment, encodeSegment, parseCredentialPath, insideStore } from '../../../electron/core/team/names.js';
import { parseRecipients, recipientsFor, formatRecipients } from '../../../electron/core/team/recipients.js';
import { decodeEntry, encodeEntry, openFile, sealFile } from '../../../electron/core/team/codec.js';
import { fromEntry, toEntry } from '../../../electron/core/team/entry.js';
import { Store } from '../../../electron/core/team/store.js';
import { credFor } from '../../harness/credential.js';
import { skipUnless } from '../../harness/tools.js';

const hasAge = spawnSync('age', ['--version']).status === 0;

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-team-'));
}

test('credential names map to safe file names and back, exactly', () => {
  const names = [
    'openai-prod',
    'a b',
    'x/../y',
    '../../etc/passwd',
    '.hidden',
    'ключ',
    '100%',
    'CON',
    'a%2Db',
    '🔑 key',
  ];
  for (const n of names) {
    const seg = encodeSegment(n);
    assert.match(seg, /^[A-Za-z0-9_\-.%]+$/, n);
    assert.ok(!seg.startsWith('.'), `${n} must not become a hidden file`);
    assert.ok(!seg.includes('/'), n);
    assert.equal(decodeSegment(seg), n, n);
  }
  assert.equal(encodeSegment('openai-prod'), 'openai-prod', 'plain names stay readable');
  // Only the canonical spelling is a name: a hand-made alias is refused, not read as another name.
  assert.equal(decodeSegment('a%2Db'), undefined);
  assert.equal(decodeSegment('%ZZ'), undefined);
  assert.throws(() => encodeSegment('x'.repeat(300)), { code: 'INVALID_NAME' });
});

test('paths that escape the store are refused: ../, absolute, wrong depth, symlinks', () => {
  for (const bad of ['../x.age', 'ws/../../x.age', '/etc/x.age', 'ws/sub/x.age', 'x.age', 'ws/.age', 'ws/x.txt']) {
    assert.throws(() => parseCredentialPath(bad), { code: 'TEAM_PATH_ESCAPES' }, bad);
  }
  assert.deepEqual(parseCredentialPath('Personal/a%20b.age'), { workspace: 'Personal', name: 'a b' });
  const root = tmp();
  try {
    assert.throws(() => insideStore(root, '../outside'), { code: 'TEAM_PATH_ESCAPES' });
    assert.throws(() => insideStore(root, '/etc/passwd'), { code: 'TEAM_PATH_ESCAPES' });
    // A symlinked folder or file inside the store is never written through.
    const outside = tmp();
    fs.symlinkSync(outside, path.join(root, 'ws'));
    const store = new Store(root);
    assert.throws(() => store.write('ws/x.age', 'data'), { code: 'TEAM_PATH_ESCAPES' });
    assert.deepEqual(fs.readdirSync(outside), []);
    fs.rmSync(path.join(root, 'ws'));
    fs.mkdirSync(path.join(root, 'ws'));
    fs.symlinkSync('/etc/hostname', path.join(root, 'ws', 'y.age'));
    assert.throws(() => store.write('ws/y.age', 'data'), { code: 'TEAM_PATH_ESCAPES' });
    assert.throws(() => store.readBytes('ws/y.age'), { code: 'TEAM_PATH_ESCAPES' });
    fs.symlinkSync('/etc/hostname', path.join(root, '.age-recipients'));
    assert.throws(() => recipientsFor(root, 'ws/x.age'), { code: 'TEAM_PATH_ESCAPES' });
    fs.rmSync(outside, { recursive: true, force: true });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('.age-recipients: comments, member names, the nearest file upward, and a bad line named by number', async () => {
  const a = await identityToRecipient(await generateX25519Identity());
  const b = await identityToRecipient(await generateX25519Identity());
  const members = parseRecipients(`# team\n\n# member: alice\n${a}\n${b}\n`);
  assert.deepEqual(
    members.map((m) => m.recipient),
    [a, b],
  );
  assert.equal(members[0]!.name, 'alice');
  assert.deepEqual(parseRecipients(formatRecipients(members)), members);
  assert.throws(
    () => parseRecipients(`${a}\nnot-a-key\n`),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'TEAM_BAD_RECIPIENT');
      assert.match(e.message, /line 2/);
      return true;
    },
  );
  // The post-quantum kind (age1pq1…) is refused: age 1.1 cannot read files made for it.
  assert.throws(() => parseRecipients('age1pq1' + 'q'.repeat(100)), { code: 'TEAM_BAD_RECIPIENT' });
  const root = tmp();
  try {
    fs.writeFileSync(path.join(root, '.age-recipients'), `${a}\n`);
    fs.mkdirSync(path.join(root, 'ops'));
    fs.writeFileSync(path.join(root, 'ops', '.age-recipients'), `${b}\n`);
    assert.deepEqual(
      recipientsFor(root, 'dev/x.age').members.map((m) => m.recipient),
      [a],
    );
    assert.deepEqual(
      recipientsFor(root, 'ops/x.age').members.map((m) => m.recipient),
      [b],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('plaintext: line 1 is the secret, then key: value lines; retiring versions travel; round trip', () => {
  const cred = credFor('openai', {
    id: 'c1',
    name: 'openai prod',
    scopes: ['a', 'b'],
    versions: [
      {
        version: 1,
        status: 'retiring',
        createdAt: '2026-01-01T00:00:00.000Z',
        retiringUntil: '2026-01-02T00:00:00.000Z',
        displayPrefix: 'x',
        fingerprint: 'y',
      },
      { version: 2, status: 'active', createdAt: '2026-01-01T00:00:00.000Z', displayPrefix: 'x', fingerprint: 'y' },
    ],
  });
  const text = encodeEntry(toEntry(cred, (v) => `sk-proj-secret-v${v}`));
  const lines = text.split('\n');
  assert.equal(lines[0], 'sk-proj-secret-v2');
  assert.ok(lines.includes('format: keydeck-team/1'));
  assert.ok(lines.includes('env var: OPENAI_API_KEY'));
  assert.ok(lines.includes('retiring v1: sk-proj-secret-v1'));
  const back = fromEntry(decodeEntry(text, 'ws/x.age'), { workspaceId: 'w2', name: 'openai prod', path: 'ws/x.age' });
  assert.equal(back.credential.id, 'c1');
  assert.deepEqual(back.credential.scopes, ['a', 'b']);
  assert.deepEqual(
    back.credential.versions.map((v) => [v.version, v.status]),
    [
      [1, 'retiring'],
      [2, 'active'],
    ],
  );
  assert.deepEqual(back.secrets, [
    { version: 1, secret: 'sk-proj-secret-v1' },
    { version: 2, secret: 'sk-proj-secret-v2' },
  ]);
  assert.throws(() => encodeEntry({ secret: 'a\nb', fields: new Map(), retiring: [] }), { code: 'TEAM_UNSHAREABLE' });
});

test('a store or file written by a newer format is refused, not half-read', () => {
  assert.throws(() => decodeEntry('s\nformat: keydeck-team/2\n', 'ws/x.age'), { code: 'TEAM_NEWER_FORMAT' });
  assert.throws(() => decodeEntry('s\nformat: something\n', 'ws/x.age'), { code: 'TEAM_FILE_DAMAGED' });
  assert.throws(() => decodeEntry('\nname: x\n', 'ws/x.age'), { code: 'TEAM_FILE_DAMAGED' });
  assert.throws(() => decodeEntry('s\nthis line has no colon\n', 'ws/x.age'), { code: 'TEAM_FILE_DAMAGED' });
  const root = tmp();
  try {
    fs.writeFileSync(path.join(root, '.keydeck-format'), '2\n');
    assert.throws(() => new Store(root).checkFormat(), { code: 'TEAM_NEWER_FORMAT' });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a corrupted or truncated .age file, or one not for me, is a clear error', async () => {
  const me = await generateX25519Identity();
  const other = await generateX25519Identity();
  const file = await sealFile('secret\nformat: keydeck-team/1\n', [await identityToRecipient(me)]);
  assert.equal(await openFile(file, me, 'ws/x.age'), 'secret\nformat: keydeck-team/1\n');
  await assert.rejects(openFile(file.subarray(0, file.length - 10), me, 'ws/x.age'), { code: 'TEAM_FILE_DAMAGED' });
  const flipped = Uint8Array.from(file);
  flipped[flipped.length - 5]! ^= 0xff;
  await assert.rejects(openFile(flipped, me, 'ws/x.age'), { code: 'TEAM_FILE_DAMAGED' });
  await assert.rejects(openFile(new TextEncoder().encode('hello'), me, 'ws/x.age'), { code: 'TEAM_FILE_DAMAGED' });
  await assert.rejects(openFile(file, other, 'ws/x.age'), { code: 'TEAM_NOT_RECIPIENT' });
});

test(
  'interop with the real age CLI both ways: `age -d | head -1` gives the secret; an `age -r` file reads here',
  { skip: skipUnless(hasAge, 'the age CLI (apt-get install age)') },
  async () => {
    const dir = tmp();
    try {
      const id = path.join(dir, 'id.txt');
      assert.equal(spawnSync('age-keygen', ['-o', id]).status, 0);
      const identity = fs
        .readFileSync(id, 'utf8')
        .split('\n')
        .find((l) => l.startsWith('AGE-SECRET-KEY-1'))!;
      const recipient = await identityToRecipient(identity);
      // Ours, read by age (binary, not armored).
      const cred = credFor('openai', { id: 'c1', name: 'prod' });
      const ours = await sealFile(encodeEntry(toEntry(cred, () => 'sk-proj-fromKeydeck123')), [recipient]);
      assert.equal(Buffer.from(ours.subarray(0, 21)).toString(), 'age-encryption.org/v1');
      fs.mkdirSync(path.join(dir, 'ws'));
      fs.writeFileSync(path.join(dir, 'ws', 'prod.age'), ours);
      const d = spawnSync('sh', ['-c', 'age -d -i id.txt ws/prod.age | head -1'], { cwd: dir, encoding: 'utf8' });
      assert.equal(d.status, 0, d.stderr);
      assert.equal(d.stdout, 'sk-proj-fromKeydeck123\n');
      // Theirs: a secret line written by hand and encrypted by age, in the layout; read here.
      const e = spawnSync('age', ['-r', recipient, '-o', 'ws/hand%20made.age'], {
        cwd: dir,
        input: 'tok_byHand0123456789\nenv var: HAND_KEY\n',
      });
      assert.equal(e.status, 0, String(e.stderr));
      const at = parseCredentialPath('ws/hand%20made.age');
      const text = await openFile(
        fs.readFileSync(path.join(dir, 'ws', 'hand%20made.age')),
        identity,
        'ws/hand%20made.age',
      );
      const got = fromEntry(decodeEntry(text, 'ws/hand%20made.age'), {
        workspaceId: 'w',
        name: at.name,
        path: 'ws/hand%20made.age',
      });
      assert.equal(got.credential.name, 'hand made');
      assert.equal(got.credential.provider, 'custom');
      assert.equal(got.credential.envVar, 'HAND_KEY');
      assert.deepEqual(got.secrets, [{ version: 1, secret: 'tok_byHand0123456789' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
