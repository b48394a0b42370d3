/**
 * The native age writer (seal.ts): what it writes is read by the age library (the reader Keydeck
 * uses) and by the real `age` CLI, for an empty, a one-chunk, an exactly-one-chunk and a two-chunk
 * plaintext, to one and two recipients; a recipient with a bad checksum is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { recipientKey, sealAge } from '../../../electron/core/team/seal.js';
import { skipUnless } from '../../harness/tools.js';

const hasAge = spawnSync('age', ['--version']).status === 0;
const SIZES = [0, 1, 100, 64 * 1024, 64 * 1024 + 1];

async function twoIds(): Promise<{ id: string; recipient: string }[]> {
  return Promise.all(
    [0, 1].map(async () => {
      const id = await generateX25519Identity();
      return { id, recipient: await identityToRecipient(id) };
    }),
  );
}

test('the age library decrypts what sealAge writes, with either recipient', async () => {
  const ids = await twoIds();
  for (const size of SIZES) {
    const plain = Buffer.alloc(size, 'x').toString();
    const file = sealAge(
      plain,
      ids.map((i) => i.recipient),
    );
    for (const { id } of ids) {
      const d = new Decrypter();
      d.addIdentity(id);
      assert.equal(await d.decrypt(file, 'text'), plain, `size ${size}`);
    }
  }
});

test('a recipient with a broken checksum or length is refused', async () => {
  const { recipient } = (await twoIds())[0]!;
  assert.equal(recipientKey(recipient).length, 32);
  const flipped = recipient.slice(0, 10) + (recipient[10] === 'q' ? 'p' : 'q') + recipient.slice(11);
  assert.throws(() => sealAge('x', [flipped]), { code: 'TEAM_BAD_RECIPIENT' });
  assert.throws(() => sealAge('x', [recipient.slice(0, -1)]), { code: 'TEAM_BAD_RECIPIENT' });
  assert.throws(() => sealAge('x', []), { code: 'TEAM_BAD_RECIPIENT' });
});

test(
  'the real age CLI decrypts what sealAge writes',
  { skip: skipUnless(hasAge, 'the age CLI (apt-get install age)') },
  async () => {
    const ids = await twoIds();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-seal-'));
    try {
      for (const size of [0, 64 * 1024 + 1]) {
        const plain = Buffer.alloc(size, 'y').toString();
        const file = path.join(dir, `f${size}.age`);
        fs.writeFileSync(
          file,
          sealAge(
            plain,
            ids.map((i) => i.recipient),
          ),
        );
        const idFile = path.join(dir, 'id.txt');
        fs.writeFileSync(idFile, `${ids[1]!.id}\n`, { mode: 0o600 });
        const r = spawnSync('age', ['-d', '-i', idFile, file], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, plain, `size ${size}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
