/**
 * Env lines parsed by the real parsers: bash, npm `dotenv`, `node --env-file`, python-dotenv (Debian's
 * python3-dotenv). Every value Keydeck writes must read back byte for byte in all of them; every value it
 * refuses must be one that plain single and double quoting both get wrong somewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import dotenv from 'dotenv';
import { dotenvQuote, envLines, powershellQuote } from '../../../electron/core/env-lines.js';
import { HOSTILE } from './hostile.js';

const PY_READ = 'import json,sys\nfrom dotenv import dotenv_values\nprint(json.dumps(dotenv_values(sys.argv[1])))';
const DUMP_ENV =
  'process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("KD_")))))';

type Parsed = Record<string, string | null | undefined>;

function parseAll(file: string, dir: string): Record<string, Parsed> {
  // HOME is set so a ${HOME} that slipped through would be visible as a changed value.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };
  const node = spawnSync(process.execPath, [`--env-file=${file}`, '-e', DUMP_ENV], { encoding: 'utf8', env });
  const py = spawnSync('python3', ['-c', PY_READ, file], { encoding: 'utf8', env });
  assert.equal(py.status, 0, py.stderr);
  return {
    'npm dotenv': dotenv.parse(fs.readFileSync(file)),
    'node --env-file': JSON.parse(node.stdout || '{}') as Parsed,
    'python-dotenv': JSON.parse(py.stdout) as Parsed,
  };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-env-'));
}

test('.env lines round-trip every value they accept in npm dotenv, node --env-file and python-dotenv', () => {
  const dir = tmp();
  try {
    const accepted: [string, string][] = [];
    const refused: string[] = [];
    HOSTILE.forEach((v, i) => {
      try {
        dotenvQuote(v, `KD_${i}`);
        accepted.push([`KD_${i}`, v]);
      } catch (err) {
        assert.equal((err as { code?: string }).code, 'UNSAFE_ENV_VALUE');
        assert.match((err as Error).message, /KD_\d+ cannot be written as a \.env line: .+\. Use the bash/);
        assert.ok(!(err as Error).message.includes(v) || v.length < 4, 'the value is not in the message');
        refused.push(v);
      }
    });
    assert.ok(HOSTILE.length >= 22 && accepted.length >= 26, `accepted only ${accepted.length}`);
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, envLines(accepted, 'dotenv') + '\n');
    for (const [parser, got] of Object.entries(parseAll(file, dir))) {
      for (const [k, v] of accepted) assert.equal(got[k], v, `${parser} reads ${k} (${JSON.stringify(v)})`);
    }

    // Each refused value: naive single or double quotes really do break in at least one parser.
    for (const [label, q] of [
      ['single', "'"],
      ['double', '"'],
    ] as const) {
      const naive = path.join(dir, `${label}.env`);
      fs.writeFileSync(naive, refused.map((v, i) => `KD_${i}=${q}${v}${q}`).join('\n') + '\n');
      const results = Object.values(parseAll(naive, dir));
      refused.forEach((v, i) => {
        assert.ok(
          results.some((r) => r[`KD_${i}`] !== v),
          `${JSON.stringify(v)} is refused, yet ${label} quotes read back right everywhere`,
        );
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bash lines round-trip every hostile value, and run nothing', () => {
  const dir = tmp();
  try {
    const pairs = HOSTILE.map((v, i) => [`KD_${i}`, v] as [string, string]);
    const file = path.join(dir, 'env.sh');
    fs.writeFileSync(file, envLines(pairs, 'bash') + '\n');
    const r = spawnSync('bash', ['-c', `set -e; source "$1"; "${process.execPath}" -e '${DUMP_ENV}'`, 'bash', file], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    const got = JSON.parse(r.stdout) as Record<string, string>;
    for (const [k, v] of pairs) assert.equal(got[k], v, `bash reads ${k}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * PowerShell's single-quoted string, as its tokenizer reads it: ' ‘ ’ ‚ ‛ all open and close it, and a
 * doubled one is one literal character. Returns the value and what follows the closing quote.
 */
function readPsSingleQuoted(src: string): { value: string; rest: string } {
  const Q = /['\u2018\u2019\u201a\u201b]/;
  assert.ok(Q.test(src[0]!), 'starts with a quote');
  let value = '';
  for (let i = 1; i < src.length; i++) {
    const c = src[i]!;
    if (Q.test(c)) {
      if (i + 1 < src.length && Q.test(src[i + 1]!)) {
        value += c;
        i++;
        continue;
      }
      return { value, rest: src.slice(i + 1) };
    }
    value += c;
  }
  throw new Error('unterminated string');
}

test('PowerShell lines escape every quote character PowerShell knows, so nothing after them runs', () => {
  for (const v of HOSTILE) {
    const line = envLines([['KD', v]], 'powershell');
    const prefix = '$env:KD = ';
    assert.ok(line.startsWith(prefix));
    const { value, rest } = readPsSingleQuoted(line.slice(prefix.length));
    assert.equal(value, v);
    assert.equal(rest, '', `nothing follows the string for ${JSON.stringify(v)}`);
  }
  assert.equal(powershellQuote('a’b'), "'a’’b'");
  assert.equal(powershellQuote('sk-’;Write-Output("INJECTED");’'), '\'sk-’’;Write-Output("INJECTED");’’\'');
});
