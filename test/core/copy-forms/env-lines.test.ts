/**
 * Env lines parsed by the real parsers: bash, npm `dotenv`, `node --env-file`, python-dotenv (Debian's
 * python3-dotenv) and docker compose's `env_file` (Debian's docker-compose). Every value Keydeck writes
 * must read back byte for byte in all of them; every value it refuses must be one that plain single and
 * double quoting both get wrong somewhere.
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
/** Debian's python3 (python3-dotenv, and docker-compose's own modules), not whatever python3 is first on PATH. */
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
/**
 * docker compose: `docker-compose config` (Debian's docker-compose; `config` needs no engine) over a compose file
 * whose service takes the .env file as its `env_file`, i.e. the environment the container would get. Its YAML
 * output writes every `$` as `$$` (compose's serialize_string_escape_dollar), which is undone here.
 */
const COMPOSE_READ = [
  'import json,os,subprocess,sys,yaml',
  'd=os.path.dirname(sys.argv[1])',
  'open(os.path.join(d,"compose.yml"),"w").write("services:\\n  s:\\n    image: busybox\\n    env_file: "+json.dumps(sys.argv[1])+"\\n")',
  'out=subprocess.run(["docker-compose","-f",os.path.join(d,"compose.yml"),"config"],check=True,capture_output=True,text=True).stdout',
  'env=yaml.safe_load(out)["services"]["s"].get("environment") or {}',
  'print(json.dumps({k:(v.replace("$$","$") if isinstance(v,str) else v) for k,v in env.items()}))',
].join('\n');
const haveCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
const DUMP_ENV =
  'process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("KD_")))))';

type Parsed = Record<string, string | null | undefined>;

/** Every parser's reading of `file`; docker compose (slow to start) only when `compose` is set. */
function parseAll(file: string, dir: string, compose = false): Record<string, Parsed> {
  // HOME is set so a ${HOME} that slipped through would be visible as a changed value.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };
  const node = spawnSync(process.execPath, [`--env-file=${file}`, '-e', DUMP_ENV], { encoding: 'utf8', env });
  const py = spawnSync(PYTHON, ['-c', PY_READ, file], { encoding: 'utf8', env });
  assert.equal(py.status, 0, py.stderr);
  const parsed: Record<string, Parsed> = {
    'npm dotenv': dotenv.parse(fs.readFileSync(file)),
    'node --env-file': JSON.parse(node.stdout || '{}') as Parsed,
    'python-dotenv': JSON.parse(py.stdout) as Parsed,
  };
  if (compose && (haveCompose || process.env.KEYDECK_REQUIRE_TOOLS === '1')) {
    const composed = spawnSync(PYTHON, ['-c', COMPOSE_READ, file], { encoding: 'utf8', env });
    assert.equal(composed.status, 0, composed.stderr);
    parsed['docker compose'] = JSON.parse(composed.stdout) as Parsed;
  }
  return parsed;
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-env-'));
}

test('.env lines round-trip every value they accept in npm dotenv, node --env-file, python-dotenv and docker compose', () => {
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
    const readings = parseAll(file, dir, true);
    if (haveCompose) assert.ok(readings['docker compose'], 'docker compose read the file');
    for (const [parser, got] of Object.entries(readings)) {
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
