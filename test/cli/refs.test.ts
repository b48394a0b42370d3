/**
 * `keydeck read`, `ref`, `run` and `inject` (issue 16 §1–3), one contract test each, with real
 * consumers: the child of `run` dumps its environment with node and with Debian's python3; what
 * `inject` writes is read by bash (`set -a; . file`), `node --env-file`, npm `dotenv` and python-dotenv.
 * Values are hostile: `$HOME`, backticks, quotes, backslashes, `#`, `=`, spaces and newlines (a
 * service-account JSON).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import dotenv from 'dotenv';
import { createCore } from '../../electron/core/index.js';
import { cliEnv, dropCliEnv, runKeydeckHere, type CliEnv } from '../harness/cli.js';
import { testServiceAccount } from '../core/copy-forms/service-account.js';
import { skipUnless } from '../harness/tools.js';

const H1 = 'sk-$HOME-`id`-"dq"-#hash=eq\\back';
const H2 = "sk-'sq'-\\b-$HOME";
const SA = testServiceAccount('http://127.0.0.1:9/token').json;
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const PY_DOTENV = 'import json,sys\nfrom dotenv import dotenv_values\nprint(json.dumps(dotenv_values(sys.argv[1])))';
const NODE_DUMP = 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.env))';
const PY_DUMP = 'import json,os,sys\njson.dump(dict(os.environ), open(sys.argv[1], "w"))';
const hasGit = spawnSync('git', ['--version']).status === 0;

describe('keydeck read, ref, run and inject', () => {
  let cli: CliEnv;
  let dir: string;
  const allow = async (file: string) => {
    await createCore({ home: cli.home, service: cli.service }).trust.allow(file);
  };
  const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;

  before(async () => {
    cli = cliEnv();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-refs-'));
    for (const [name, secret, provider] of [
      ['h1', H1, 'custom'],
      ['h2', H2, 'custom'],
      ['My Key', 'sk-plain-0123456789abcdef', 'custom'],
      ['vertex', SA, 'google-vertex'],
    ] as const) {
      const kind = provider === 'custom' ? 'standard' : 'byok';
      const r = await runKeydeckHere(cli, ['add', name, '--kind', kind, '--provider', provider], { input: secret });
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await dropCliEnv(cli);
  });

  test('read prints exactly the value (no newline on a pipe); --json; bad references fail with the grammar', async () => {
    for (const [ref, want] of [
      ['keydeck://h1', H1],
      ['keydeck://vertex', SA],
      ['keydeck://My%20Key/env_var', 'MY_KEY'],
    ] as const) {
      const r = await runKeydeckHere(cli, ['read', ref]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, want);
    }
    const j = await runKeydeckHere(cli, ['read', 'keydeck://h2', '--json']);
    assert.deepEqual(JSON.parse(j.stdout), { reference: 'keydeck://h2', value: H2 });
    const bad = await runKeydeckHere(cli, ['read', 'keydeck://My Key']);
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /error\[UNRESOLVED_REFERENCE\].*\n.*REF \(keydeck:\/\/My Key\): .*must be percent-encoded.*keydeck:\/\/\[WORKSPACE\/\]CREDENTIAL\[\/FIELD\]/,
    );
    const unknown = await runKeydeckHere(cli, ['read', 'keydeck://Nope/header']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No credential named "Nope"/);
    assert.equal(unknown.stdout, '');
  });

  test('ref prints a reference that read resolves (names percent-encoded, fields, workspace)', async () => {
    const cases: [string[], string][] = [
      [['ref', 'h1'], 'keydeck://h1'],
      [['ref', 'My Key'], 'keydeck://My%20Key'],
      [['ref', 'h2', '--field', 'header', '--workspace', 'Personal'], 'keydeck://Personal/h2/header'],
    ];
    for (const [args, want] of cases) {
      const r = await runKeydeckHere(cli, args);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, want + '\n');
      const back = await runKeydeckHere(cli, ['read', want]);
      assert.equal(back.code, 0, back.stderr);
    }
    const bad = await runKeydeckHere(cli, ['ref', 'h1', '--field', 'password']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--field must be one of secret, header, base_url, key_id, key_secret, env_var/);
    assert.equal((await runKeydeckHere(cli, ['ref', 'Nope'])).code, 1);
  });

  test('run: allowed env files only, references resolved for node and python children, later files win, all or nothing', async () => {
    const env1 = path.join(dir, 'run.env');
    const env2 = path.join(dir, 'run.local.env');
    fs.writeFileSync(
      env1,
      [
        'KD_H1=keydeck://h1',
        'KD_SA=keydeck://vertex',
        'KD_PLAIN=\'plain $HOME `x` "q" # = \\\'',
        'KD_URL="postgres://app:keydeck://h2@db/x"',
        'KD_OVERRIDE=first',
      ].join('\n') + '\n',
    );
    fs.writeFileSync(env2, 'KD_OVERRIDE=second\n');
    const marker = path.join(dir, 'ran');
    // Not allowed yet: nothing runs.
    let r = await runKeydeckHere(cli, ['run', '--env-file', env1, '--', 'touch', marker]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /error\[NOT_ALLOWED\].*asks for 3 references: keydeck:\/\/h1, keydeck:\/\/vertex, keydeck:\/\/h2/,
    );
    assert.ok(!fs.existsSync(marker));
    await allow(env1);
    const want = {
      KD_H1: H1,
      KD_SA: SA,
      KD_PLAIN: 'plain $HOME `x` "q" # = \\',
      KD_URL: `postgres://app:${H2}@db/x`,
      KD_OVERRIDE: 'second',
    };
    for (const [cmd, script] of [
      [process.execPath, ['-e', NODE_DUMP]],
      [PYTHON, ['-c', PY_DUMP]],
    ] as const) {
      const out = path.join(dir, 'child-env.json');
      r = await runKeydeckHere(cli, ['run', '--env-file', env1, '--env-file', env2, '--', cmd, ...script, out]);
      assert.equal(r.code, 0, r.stderr);
      const got = readJson(out);
      for (const [k, v] of Object.entries(want)) assert.equal(got[k], v, `${path.basename(cmd)} ${k}`);
      assert.equal(got.KEYDECK_HOME, cli.home, 'our environment is inherited by default');
    }
    // --no-inherit-env: the basics and the files' variables only.
    const out = path.join(dir, 'bare-env.json');
    r = await runKeydeckHere(cli, [
      'run',
      '--no-inherit-env',
      '--env-file',
      env1,
      '--',
      process.execPath,
      '-e',
      NODE_DUMP,
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const { BASIC_ENV } = await createCore({ home: cli.home }).load.refs();
    const extra = Object.keys(readJson(out)).filter(
      (k) => !k.startsWith('KD_') && !(BASIC_ENV as readonly string[]).includes(k),
    );
    assert.deepEqual(extra, []);
    // Masked output.
    r = await runKeydeckHere(cli, [
      'run',
      '--env-file',
      env1,
      '--',
      process.execPath,
      '-e',
      'console.log("k=" + process.env.KD_H1)',
    ]);
    assert.equal(r.stdout, 'k=[masked:h1]\n');
    // One bad reference among ten: the child never starts.
    const bad = path.join(dir, 'bad.env');
    const lines = Array.from({ length: 9 }, (_, i) => `KD_${i}=keydeck://h1`);
    lines.splice(4, 0, 'KD_BAD=keydeck://Personal/Nope/header');
    fs.writeFileSync(bad, lines.join('\n') + '\n');
    await allow(bad);
    r = await runKeydeckHere(cli, ['run', '--env-file', bad, '--', 'touch', marker]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /KD_BAD at .*:5 \(keydeck:\/\/Personal\/Nope\/header\): No credential named "Nope"/);
    assert.ok(!fs.existsSync(marker), 'the child never ran');
    assert.ok(!r.stderr.includes(H1));
  });

  test(
    'inject: the .env it writes reads back exactly in bash, node --env-file, npm dotenv and python-dotenv; git-safe output; bad templates',
    { skip: skipUnless(hasGit, 'git') },
    async () => {
      const repo = fs.mkdtempSync(path.join(dir, 'repo-'));
      execFileSync('git', ['init', '-q', repo]);
      fs.writeFileSync(path.join(repo, '.gitignore'), '.env\n');
      const tpl = path.join(repo, '.env.tpl');
      fs.writeFileSync(
        tpl,
        'KD_H1={{ keydeck://h1 | dotenv }}\nKD_SA={{keydeck://vertex|dotenv}}\nKD_HDR={{ keydeck://My%20Key/header | dotenv }}\n# {{ not.a.placeholder }}\n',
      );
      const out = path.join(repo, '.env');
      let r = await runKeydeckHere(cli, ['inject', '-i', tpl, '-o', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(fs.statSync(out).mode & 0o777, 0o600);
      const want = { KD_H1: H1, KD_SA: SA, KD_HDR: 'Bearer sk-plain-0123456789abcdef' };
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };
      const dump = 'process.stdout.write(JSON.stringify(process.env))';
      const readers: Record<string, Record<string, string | null>> = {
        bash: JSON.parse(
          execFileSync(
            'bash',
            ['-c', `set -a; . "$1"; set +a; exec "$2" -e '${dump}'`, 'bash', out, process.execPath],
            { encoding: 'utf8', env },
          ),
        ),
        'node --env-file': JSON.parse(
          execFileSync(process.execPath, [`--env-file=${out}`, '-e', dump], { encoding: 'utf8', env }),
        ),
        'npm dotenv': dotenv.parse(fs.readFileSync(out)),
        'python-dotenv': JSON.parse(execFileSync(PYTHON, ['-c', PY_DOTENV, out], { encoding: 'utf8', env })),
      };
      for (const [tool, got] of Object.entries(readers)) {
        for (const [k, v] of Object.entries(want)) assert.equal(got[k], v, `${tool} reads ${k}`);
      }
      // stdout without -o; the shell filter for a value no .env quoting keeps (H2 has ' and \).
      fs.writeFileSync(path.join(repo, 'sh.tpl'), 'export KD_H2={{ keydeck://h2 | shell }}\n');
      r = await runKeydeckHere(cli, ['inject', '-i', path.join(repo, 'sh.tpl')]);
      assert.equal(r.code, 0, r.stderr);
      const viaBash = execFileSync('bash', ['-c', `eval "$1"; printf %s "$KD_H2"`, 'bash', r.stdout], {
        encoding: 'utf8',
        env,
      });
      assert.equal(viaBash, H2);
      fs.writeFileSync(path.join(repo, 'h2.tpl'), 'KD_H2={{ keydeck://h2 | dotenv }}\n');
      r = await runKeydeckHere(cli, ['inject', '-i', path.join(repo, 'h2.tpl'), '-o', out]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /error\[UNSAFE_ENV_VALUE\]: Nothing was written:\n.*:1:7: The value of keydeck:\/\/h2 cannot be written as a \.env line/,
      );
      assert.ok(!r.stderr.includes(H2));
      // Output git would commit: tracked, or not ignored.
      const tracked = path.join(repo, 'config.env');
      fs.writeFileSync(tracked, 'old\n');
      execFileSync('git', ['-C', repo, 'add', 'config.env']);
      r = await runKeydeckHere(cli, ['inject', '-i', tpl, '-o', tracked]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /error\[OUTPUT_NOT_SAFE\]: .* is tracked by git/);
      assert.equal(fs.readFileSync(tracked, 'utf8'), 'old\n');
      r = await runKeydeckHere(cli, ['inject', '-i', tpl, '-o', path.join(repo, 'loose.env')]);
      assert.match(r.stderr, /not ignored: it could be committed/);
      assert.ok(!fs.existsSync(path.join(repo, 'loose.env')));
      r = await runKeydeckHere(cli, ['inject', '-i', tpl, '-o', tracked, '--force']);
      assert.equal(r.code, 0, r.stderr);
      // Bad templates: every problem with line:column, nothing written.
      const bad = path.join(repo, 'bad.tpl');
      fs.writeFileSync(
        bad,
        'A={{ keydeck://h1\nB={{ keydeck://My Key }}\nC={{ keydeck://h1 | yaml }}\nD={{ keydeck://Nope }}\n',
      );
      r = await runKeydeckHere(cli, ['inject', '-i', bad]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /:1:3: this placeholder never closes/);
      assert.match(r.stderr, /:2:3: .*must be percent-encoded/);
      assert.match(r.stderr, /:3:3: unknown filter "yaml"/);
      fs.writeFileSync(bad, 'D={{ keydeck://Nope }}\nE={{ keydeck://Other/h1 }}\nF={{ keydeck://h1/key_id }}\n');
      r = await runKeydeckHere(cli, ['inject', '-i', bad]);
      assert.match(r.stderr, /3 references could not be resolved/);
      assert.match(r.stderr, /:2:3 \(keydeck:\/\/Other\/h1\): No workspace named "Other"/);
      assert.match(r.stderr, /:3:3 \(keydeck:\/\/h1\/key_id\): "h1" is not a Basic credential/);
    },
  );
});
