/**
 * The masker against the forms programs really print a secret in: Python's repr, json.dumps,
 * urllib.parse.quote and base64 print them here (real consumers), plus line breaks in the middle of a
 * secret, a pseudo-terminal's \r\n, and each line of a service-account key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Masker, maskNeedles } from '../../electron/core/exec/masker.js';
import { base64Fragments } from '../../electron/core/secret-forms.js';
import { testServiceAccount } from './copy-forms/service-account.js';
import { skipUnless } from '../harness/tools.js';

const SECRET = 'sk-live-0123456789abcdefGHIJ';
/** Reserved characters, quotes and a backslash: every escaping form differs from the raw value. */
const HOSTILE = `p@ss/w+rd:"it's"&y=z 1!\\ok~é`;
const hasPython = spawnSync('python3', ['-c', 'pass']).status === 0;

function maskAll(secrets: { name: string; value: string }[], chunks: (string | Buffer)[]): string {
  const m = new Masker(secrets);
  return Buffer.concat([...chunks.map((c) => m.push(Buffer.from(c))), m.flush()]).toString();
}

test('a secret with a line break anywhere in it is masked (\\n, \\r\\n), also fed one byte at a time', () => {
  for (const br of ['\n', '\r\n']) {
    for (let cut = 1; cut < SECRET.length; cut++) {
      const text = `x ${SECRET.slice(0, cut)}${br}${SECRET.slice(cut)} y\n`;
      const out = maskAll([{ name: 'k', value: SECRET }], [text]);
      assert.equal(out, `x [masked:k]${br} y\n`, `break at ${cut}`);
      assert.equal(maskAll([{ name: 'k', value: SECRET }], [...text]), out, `bytewise, break at ${cut}`);
      // Whatever the chunk's alignment in memory (the search reads aligned words).
      for (let pad = 1; pad < 8; pad++) {
        const chunk = Buffer.from('z'.repeat(pad) + text + ' '.repeat(64)).subarray(pad);
        assert.equal(maskAll([{ name: 'k', value: SECRET }], [chunk]), `${out}${' '.repeat(64)}`, `pad ${pad}`);
      }
    }
  }
  // Wrapped at a fixed width, as `fold` or a log formatter does.
  const long = 'A'.repeat(10) + 'xK9q'.repeat(40);
  const wrapped = long.match(/.{1,30}/g)!.join('\r\n');
  assert.equal(maskAll([{ name: 'long', value: long }], [wrapped]).replace(/\r\n/g, ''), '[masked:long]');
});

test('each line of a service-account key is masked: printed raw, as JSON, by repr, through a pty (\\r\\n)', () => {
  const { json } = testServiceAccount('https://oauth2.googleapis.com/token');
  const pem = (JSON.parse(json) as { private_key: string }).private_key;
  const keyLines = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
  assert.ok(keyLines.length >= 25);
  const secrets = [{ name: 'vertex', value: json }];
  const shown = (out: string) => keyLines.filter((l) => out.includes(l)).length;
  const texts = [
    `Traceback (most recent call last):\nValueError: bad key\n${pem}`,
    pem.replace(/\n/g, '\r\n'),
    JSON.stringify({ private_key: pem }),
    json,
    json.replace(/\n/g, '\r\n'),
    // One line alone, and lines out of order.
    `${keyLines[3]}\n`,
    `${keyLines.slice(5, 9).reverse().join('\n')}\n`,
  ];
  for (const t of texts) {
    assert.equal(shown(maskAll(secrets, [t])), 0, t.slice(0, 40));
    assert.equal(shown(maskAll(secrets, t.match(/[^]{1,7}/g)!)), 0, `small chunks: ${t.slice(0, 40)}`);
  }
  // The file's harmless lines stay readable.
  const out = maskAll(secrets, ['"type": "service_account",\n']);
  assert.equal(out, '"type": "service_account",\n');
});

test('Base64 (std and url-safe) at each of the 3 alignments: the stable core is masked', () => {
  for (const secret of [SECRET, HOSTILE, '\xff\xfe>>>??secret-bytes-with-plus-and-slash']) {
    for (let a = 0; a < 3; a++) {
      const bytes = Buffer.concat([Buffer.from('x'.repeat(a)), Buffer.from(secret), Buffer.from('tail')]);
      for (const enc of [bytes.toString('base64'), bytes.toString('base64url')]) {
        const out = maskAll([{ name: 'k', value: secret }], [`Authorization: Basic ${enc}\n`]);
        assert.match(out, /\[masked:k\]/, `${a} ${enc}`);
        for (const frag of base64Fragments(Buffer.from(secret))) {
          for (const f of [frag, frag.replace(/\+/g, '-').replace(/\//g, '_')])
            assert.ok(!out.includes(f.slice(2, 14)), `alignment ${a}: ${out}`);
        }
      }
    }
  }
});

test('real programs print the secret: python repr, json.dumps, quote, quote_plus, base64: none comes out', (t) => {
  const skip = skipUnless(hasPython, 'python3');
  if (skip) return t.skip(skip);
  const script = [
    'import os, re, json, base64, urllib.parse as u',
    's = os.environ["S"]',
    'print(repr(s)); print(repr({"k": s})); print(json.dumps(s)); print(json.dumps(s, ensure_ascii=False))',
    'print(u.quote(s, safe="")); print(u.quote_plus(s)); print(re.sub("%..", lambda m: m.group(0).lower(), u.quote(s, safe="")))',
    'print(base64.b64encode(s.encode()).decode()); print(base64.urlsafe_b64encode(b"x" + s.encode()).decode())',
    'print(base64.encodebytes(b"xy" + s.encode() * 3).decode())',
  ].join('\n');
  for (const secret of [SECRET, HOSTILE]) {
    const r = spawnSync('python3', ['-c', script], { env: { ...process.env, S: secret }, encoding: 'buffer' });
    assert.equal(r.status, 0, r.stderr.toString());
    const printed = r.stdout.toString().split('\n');
    const out = maskAll([{ name: 'k', value: secret }], [r.stdout]);
    const lines = out.split('\n');
    // Every line that printed the secret now shows the label instead of it.
    printed.forEach((line, i) => {
      if (line.length < 8) return;
      assert.match(lines[i]!, /\[masked:k\]/, `line ${i}: ${lines[i]}`);
    });
    assert.ok(!out.includes(secret));
  }
});

test('URL-encoded (upper and lower case hex) and JSON-escaped forms', () => {
  const forms = [
    encodeURIComponent(HOSTILE),
    encodeURIComponent(HOSTILE).toLowerCase(),
    new URLSearchParams({ q: HOSTILE }).toString().slice(2),
    JSON.stringify(HOSTILE).slice(1, -1),
  ];
  for (const f of forms) assert.equal(maskAll([{ name: 'k', value: HOSTILE }], [`a=${f}&b=1`]), 'a=[masked:k]&b=1', f);
});

test('nothing to mask (no secrets, or only tiny ones): output passes unchanged and nothing is held', () => {
  for (const secrets of [[], [{ name: 't', value: 'ab' }]]) {
    const m = new Masker(secrets);
    assert.equal(m.push(Buffer.from('sk-live-01')).toString(), 'sk-live-01');
    assert.equal(m.held, 0);
    assert.equal(m.flush().length, 0);
  }
  assert.equal(maskNeedles([{ name: 'e', value: '' }]).length, 0);
});

test('a prompt that is not the start of a secret is not held; a complete shorter secret at the end is masked on flush', () => {
  const m = new Masker([
    { name: 'short', value: 'abcdefgh' },
    { name: 'long', value: 'abcdefgh-ijkl' },
  ]);
  assert.equal(m.push(Buffer.from('>>> ')).toString(), '>>> ');
  assert.equal(m.push(Buffer.from('abcdefgh-i')).toString(), '');
  assert.equal(m.push(Buffer.from('jkl and abcdefgh')).toString(), '[masked:long] and ');
  assert.equal(m.flush().toString(), '[masked:short]');
});

test('push with room before the chunk (as a reader reuses its buffer): same output as without, nothing after the chunk touched', () => {
  const secrets = [
    { name: 'k', value: SECRET },
    { name: 'h', value: HOSTILE },
  ];
  const text = Buffer.from(
    `a ${SECRET} b ${SECRET.slice(0, 9)}\n${SECRET.slice(9)} c ${Buffer.from(HOSTILE).toString('base64')} d ${SECRET}`.repeat(
      5,
    ),
  );
  const expected = maskAll(secrets, [text]);
  for (const size of [1, 3, 7, 16, 29, 64]) {
    for (const room of [0, 4, 64]) {
      const m = new Masker(secrets);
      const outs: string[] = [];
      for (let at = 0; at < text.length; at += size) {
        const chunk = text.subarray(at, at + size);
        // The chunk sits after `room` scratch bytes and before a guard the masker must leave alone.
        const mem = Buffer.alloc(room + chunk.length + 8, 0x7e);
        chunk.copy(mem, room);
        outs.push(m.push(mem.subarray(room, room + chunk.length), room).toString());
        assert.equal(mem.subarray(room + chunk.length).toString(), '~'.repeat(8), 'the guard after the chunk');
      }
      outs.push(m.flush().toString());
      assert.equal(outs.join(''), expected, `chunks of ${size}, room ${room}`);
    }
  }
});
