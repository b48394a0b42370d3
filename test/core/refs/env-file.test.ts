/**
 * The env-file grammar (core/env-file.ts) against the parsers developers' tools use: npm `dotenv`,
 * `node --env-file` and Debian's python3-dotenv read the same files the same way; where they disagree,
 * ours refuses the line (a duplicate key, a `#` glued to a bare value) instead of picking one reading.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import dotenv from 'dotenv';
import { ENV_VALUE_MAX_BYTES, parseEnvFile } from '../../../electron/core/env-file.js';
import { KeydeckError } from '../../../shared/errors.js';

const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const PY_READ = 'import json,sys\nfrom dotenv import dotenv_values\nprint(json.dumps(dotenv_values(sys.argv[1])))';
const DUMP_ENV =
  'process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("KD_")))))';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-envfile-'));
}

function others(file: string, dir: string): Record<string, Record<string, string | null>> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };
  const node = spawnSync(process.execPath, [`--env-file=${file}`, '-e', DUMP_ENV], { encoding: 'utf8', env });
  assert.equal(node.status, 0, node.stderr);
  const py = spawnSync(PYTHON, ['-c', PY_READ, file], { encoding: 'utf8', env });
  assert.equal(py.status, 0, py.stderr);
  return {
    'npm dotenv': dotenv.parse(fs.readFileSync(file)),
    'node --env-file': JSON.parse(node.stdout || '{}') as Record<string, string>,
    'python-dotenv': JSON.parse(py.stdout) as Record<string, string | null>,
  };
}

const SHARED = [
  '# a comment',
  '',
  'KD_PLAIN=sk-plain_value-123',
  'export KD_EXPORTED=exported',
  'KD_SPACES = spaced-out',
  'KD_COMMENT=value # trailing comment',
  'KD_SINGLE=\'single $HOME `x` "q" # not a comment\'',
  'KD_DOUBLE="double # not a comment \'q\'"',
  'KD_EMPTY=',
  'KD_REF=keydeck://Prod/OpenAI/header',
  'KD_URL=https://api.example.com/v1?a=b',
  'KD_LAST=last',
].join('\n');

test('the shared grammar reads like npm dotenv, node --env-file and python-dotenv (also with CRLF and a BOM)', () => {
  const dir = tmp();
  try {
    for (const [label, text] of [
      ['LF', SHARED + '\n'],
      ['CRLF', SHARED.replace(/\n/g, '\r\n') + '\r\n'],
      ['BOM', '\ufeff' + SHARED],
    ] as const) {
      const file = path.join(dir, `${label}.env`);
      fs.writeFileSync(file, text);
      const ours = Object.fromEntries(parseEnvFile(text, { file }).map((e) => [e.key, e.value]));
      assert.equal(ours.KD_SINGLE, 'single $HOME `x` "q" # not a comment');
      assert.equal(ours.KD_COMMENT, 'value');
      assert.equal(Object.keys(ours).length, 10, label);
      for (const [tool, parsed] of Object.entries(others(file, dir))) {
        // Node 20's --env-file reads a BOM as part of the first line; the others (and we) drop it.
        if (label === 'BOM' && tool === 'node --env-file') continue;
        // python-dotenv reads a BOM before a comment as a key of its own ('\ufeff': null): ignored here.
        const kd = Object.fromEntries(Object.entries(parsed).filter(([k]) => k.startsWith('KD_')));
        assert.deepEqual(kd, ours, `${tool} reads ${label} differently`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('multi-line double-quoted values and \\n escapes read as the other parsers read them', () => {
  const dir = tmp();
  try {
    const text = 'KD_PEM="-----BEGIN KEY-----\nline1\nline2\n-----END KEY-----"\nKD_ESC="a\\nb"\nKD_AFTER=1\n';
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, text);
    const entries = parseEnvFile(text, { file });
    assert.deepEqual(
      entries.map((e) => [e.key, e.line, e.quote]),
      [
        ['KD_PEM', 1, 'double'],
        ['KD_ESC', 5, 'double'],
        ['KD_AFTER', 6, 'none'],
      ],
    );
    const ours = Object.fromEntries(entries.map((e) => [e.key, e.value]));
    assert.equal(ours.KD_ESC, 'a\nb');
    const all = others(file, dir);
    for (const tool of ['npm dotenv', 'python-dotenv']) assert.deepEqual(all[tool], ours, tool);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function refused(text: string, why: RegExp): void {
  assert.throws(
    () => parseEnvFile(text, { file: 'app/.env' }),
    (e: unknown) => {
      assert.ok(e instanceof KeydeckError);
      assert.equal(e.code, 'INVALID_ENV_FILE');
      assert.match(e.message, why);
      return true;
    },
  );
}

test('bad input: duplicate keys name both lines', () => {
  refused('A=1\nB=2\n\nA=3\n', /^app\/\.env:4: A is set twice \(lines 1 and 4\)/);
  refused('export A=1\nA="2"\n', /lines 1 and 2/);
});

test('bad input: a quote never closed names the line it opened on', () => {
  refused('A=1\nB="open\nC=3\n', /^app\/\.env:2: the double quote opened here is never closed/);
  refused("A='x\n", /:1: the single quote/);
  refused('A=`x\n', /:1: the backtick quote/);
});

test('bad input: a 10 MB line is refused quickly with the cap, quoted or not', () => {
  const big = 'x'.repeat(10 * 1024 * 1024);
  const t0 = performance.now();
  refused(`A=1\nB=${big}\n`, /^app\/\.env:2: this value is 10\.0 MiB; values are capped at 1 MiB/);
  refused(`B="${big}"\n`, /:1: this value is 10\.0 MiB/);
  refused(`B='${big}\n`, /:1: this value is 10\.0 MiB|never closed/);
  assert.ok(performance.now() - t0 < 2000);
  // Just under the cap is fine.
  const ok = parseEnvFile(`B=${'y'.repeat(ENV_VALUE_MAX_BYTES)}\n`, { file: 'f' });
  assert.equal(ok[0]!.value.length, ENV_VALUE_MAX_BYTES);
});

test('bad input: lines the tools read differently are refused with the reason', () => {
  refused('A=abc#def\n', /contains "#": npm dotenv and node cut the value there/);
  refused('just words\n', /:1: expected KEY=value/);
  refused('1A=x\n', /is not a variable name/);
  refused('A-B=x\n', /is not a variable name/);
  refused('A="x" trailing\n', /unexpected text after the closing quote/);
});
