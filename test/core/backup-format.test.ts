/**
 * The backup file format: passphrase files interoperate with the real `age` CLI both ways, the scrypt
 * work factor is a parameter whose default stays 18, and the derivation leaves the event loop free.
 * Pure crypto: no keychain needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  BACKUP_FORMAT,
  DEFAULT_SCRYPT_WORK_FACTOR,
  inspectBackup,
  openBackup,
  sealBackup,
  type BackupDocument,
} from '../../electron/core/backup/index.js';
import { skipUnless } from '../harness/tools.js';

const hasAge = spawnSync('age', ['--version']).status === 0 && spawnSync('script', ['--version']).status === 0;

function doc(): BackupDocument {
  return {
    keydeck: 'backup',
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    workspace: null,
    workspaces: [{ id: 'ws-1', name: 'Personal', createdAt: new Date().toISOString() }],
    credentials: [],
    secrets: [],
    signingKeys: [],
    signingSecrets: [],
    revocations: [],
  };
}

/** The header's scrypt stanza: `-> scrypt <salt> <logN>`. */
function scryptStanza(bytes: Uint8Array): string[] {
  const line = Buffer.from(bytes.subarray(0, 200)).toString('latin1').split('\n')[1]!;
  return line.split(' ');
}

/**
 * Runs the `age` CLI with a terminal (it reads passphrases only from one) through `script`, typing
 * each answer when its prompt appears: no sleeps, the prompt is the condition.
 */
function ageWithTty(args: string[], answers: string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const cmd = ['age', ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let answered = 0;
    const onData = (d: Buffer) => {
      out += d.toString();
      const prompts = out.match(/passphrase/gi)?.length ?? 0;
      while (answered < Math.min(prompts, answers.length)) child.stdin.write(`${answers[answered++]}\n`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test('the default scrypt work factor stays 18 (age’s default)', async () => {
  assert.equal(DEFAULT_SCRYPT_WORK_FACTOR, 18);
  const bytes = await sealBackup(doc(), { passphrase: 'default cost' });
  assert.equal(scryptStanza(bytes)[3], '18');
  assert.deepEqual(inspectBackup(bytes), { needs: 'passphrase', armored: false });
  assert.equal((await openBackup(bytes, { passphrase: 'default cost' })).workspaces[0]!.name, 'Personal');
});

test('a lower work factor is a parameter; out-of-range ones are refused', async () => {
  const bytes = await sealBackup(doc(), { passphrase: 'p' }, 10);
  assert.deepEqual(scryptStanza(bytes).slice(0, 2), ['->', 'scrypt']);
  assert.equal(scryptStanza(bytes)[3], '10');
  await assert.rejects(sealBackup(doc(), { passphrase: 'p' }, 0), RangeError);
  await assert.rejects(sealBackup(doc(), { passphrase: 'p' }, 21), RangeError);
  await assert.rejects(sealBackup(doc(), { passphrase: '' }, 10), /passphrase is empty/);
});

test('wrong passphrase and a tampered scrypt stanza give typed errors', async () => {
  const bytes = await sealBackup(doc(), { passphrase: 'right' }, 10);
  await assert.rejects(openBackup(bytes, { passphrase: 'wrong' }), { code: 'BACKUP_WRONG_KEY' });
  const text = Buffer.from(bytes).toString('latin1');
  const tooHigh = Buffer.from(text.replace(/ 10\n/, ' 30\n'), 'latin1');
  await assert.rejects(openBackup(tooHigh, { passphrase: 'right' }), { code: 'BACKUP_CORRUPT' });
});

test('scrypt does not hold the event loop: it keeps turning while a backup is sealed and opened', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  try {
    const bytes = await sealBackup(doc(), { passphrase: 'loop' }, 16);
    const sealTicks = ticks;
    await openBackup(bytes, { passphrase: 'loop' });
    assert.ok(sealTicks >= 2, `the loop turned ${sealTicks} time(s) while sealing`);
    assert.ok(ticks - sealTicks >= 2, `the loop turned ${ticks - sealTicks} time(s) while opening`);
  } finally {
    clearInterval(timer);
  }
});

test(
  'interop with the real age CLI: `age -d` opens our file, and an `age -p` file opens here',
  { skip: skipUnless(hasAge, 'the age CLI (apt-get install age)') },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-age-'));
    try {
      const ours = path.join(dir, 'ours.age');
      fs.writeFileSync(ours, await sealBackup(doc(), { passphrase: 'correct horse' }, 12));
      let r = await ageWithTty(['-d', '-o', 'ours.json', 'ours.age'], ['correct horse'], dir);
      assert.equal(r.code, 0, r.out);
      const plain = JSON.parse(fs.readFileSync(path.join(dir, 'ours.json'), 'utf8')) as BackupDocument;
      assert.equal(plain.keydeck, 'backup');
      assert.equal(plain.workspaces[0]!.name, 'Personal');

      fs.writeFileSync(path.join(dir, 'theirs.json'), JSON.stringify(doc()));
      r = await ageWithTty(['-p', '-o', 'theirs.age', 'theirs.json'], ['battery staple', 'battery staple'], dir);
      assert.equal(r.code, 0, r.out);
      const theirs = fs.readFileSync(path.join(dir, 'theirs.age'));
      assert.equal(scryptStanza(theirs)[3], '18', 'age -p uses work factor 18');
      const opened = await openBackup(theirs, { passphrase: 'battery staple' });
      assert.equal(opened.workspaces[0]!.name, 'Personal');
      await assert.rejects(openBackup(theirs, { passphrase: 'battery' }), { code: 'BACKUP_WRONG_KEY' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
