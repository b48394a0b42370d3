/**
 * `keydeck completion bash|zsh|fish`, exercised in the real shells: the script registers itself
 * (`complete -p`, `$_comps`, `complete -C`), and completes commands, options, and credential and
 * workspace names from the catalog. An unknown shell is a usage error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, cliEnv, runKeydeck, runKeydeckHere } from '../harness/cli.js';

const has = (prog: string) => spawnSync('sh', ['-c', `command -v ${prog}`]).status === 0;

/**
 * A home with two credentials (one with a space in its name) and a second workspace, and `keydeck` on PATH.
 * The home is filled in process (runKeydeckHere); the shells run the real binary (`keydeck __complete`).
 */
async function setup() {
  const env = cliEnv();
  for (const [name, key] of [
    ['OpenAI', 'sk-proj-C0mpl3t3T3st0123456789ab'],
    ['Inworld prod', 'a2V5LWlkOmtleS1zZWNyZXQ='],
  ]) {
    const kind = name === 'OpenAI' ? ['--kind', 'byok', '--provider', 'openai'] : ['--kind', 'standard'];
    const r = await runKeydeckHere(env, ['add', name!, ...kind], { input: key });
    assert.equal(r.code, 0, r.stderr);
  }
  assert.equal((await runKeydeckHere(env, ['workspace', 'add', 'Staging'])).code, 0);
  const bin = path.join(env.home, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'keydeck'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  const script = (shell: string) => {
    const file = path.join(env.home, `completion.${shell}`);
    const r = spawnSync(process.execPath, [BIN, 'completion', shell], { env: env.env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    fs.writeFileSync(file, r.stdout);
    return file;
  };
  return { env, script, shellEnv: { ...env.env, PATH: `${bin}:${process.env.PATH}` } };
}

function sh(shell: string, args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(shell, args, { env, encoding: 'utf8' });
  assert.equal(r.status, 0, `${shell}: ${r.stderr}`);
  return r.stdout;
}

test('bash: complete -p registers it; commands, options, names with spaces, workspaces, files', async () => {
  const { env, script, shellEnv } = await setup();
  try {
    const file = script('bash');
    /** COMPREPLY for the words typed (the last is the current word). */
    const complete = (...words: string[]) =>
      sh(
        'bash',
        [
          '-c',
          `source "$1"; shift; COMP_WORDS=(keydeck "$@"); COMP_CWORD=$#; _keydeck; printf '%s\\n' "\${COMPREPLY[@]}"`,
          'bash',
          file,
          ...words,
        ],
        shellEnv,
      )
        .split('\n')
        .filter(Boolean);
    assert.match(sh('bash', ['-c', `source "${file}"; complete -p keydeck`], shellEnv), /complete -F _keydeck keydeck/);
    assert.deepEqual(complete('hea'), ['header', 'headers']);
    assert.deepEqual(complete('header', ''), ['OpenAI', 'Inworld\\ prod']);
    assert.deepEqual(complete('header', 'Inw'), ['Inworld\\ prod']);
    assert.deepEqual(complete('list', '--js'), ['--json']);
    assert.deepEqual(complete('env', 'OpenAI', '--shell', 'p'), ['powershell']);
    assert.deepEqual(complete('workspace', 'use', ''), ['Personal', 'Staging']);
    assert.deepEqual(complete('header', '--workspace', 'Sta'), ['Staging']);
    assert.deepEqual(complete('header', '--workspace', 'Staging', ''), [], 'no credentials in Staging');
    assert.deepEqual(complete('completion', ''), ['bash', 'zsh', 'fish']);
    // Names come from the catalog (compgen over the list the script got), never from the keychain.
    assert.deepEqual(sh('bash', ['-c', `compgen -W "$(keydeck __complete show '')" -- O`], shellEnv).trim(), 'OpenAI');
    fs.writeFileSync(path.join(env.home, 'vault.age'), '');
    const files = sh(
      'bash',
      [
        '-c',
        `cd "$2"; source "$1"; COMP_WORDS=(keydeck import va); COMP_CWORD=2; _keydeck; echo "\${COMPREPLY[@]}"`,
        'bash',
        file,
        env.home,
      ],
      shellEnv,
    );
    assert.equal(files.trim(), 'vault.age');
  } finally {
    fs.rmSync(env.home, { recursive: true, force: true });
  }
});

test(
  'zsh: the script defines _keydeck and registers it with compdef; it completes names',
  { skip: !has('zsh') },
  async () => {
    const { env, script, shellEnv } = await setup();
    try {
      const file = script('zsh');
      const out = sh(
        'zsh',
        [
          '-fc',
          // compadd only runs inside completion; stand it in to capture what _keydeck adds.
          `autoload -U compinit; compinit -u -D; source "$1"; print -r -- "\${_comps[keydeck]}";
         compadd() { shift; print -rl -- "$@" }; words=(keydeck header ''); CURRENT=3; _keydeck`,
          'zsh',
          file,
        ],
        { ...shellEnv, ZDOTDIR: env.home },
      );
      assert.deepEqual(out.trim().split('\n'), ['_keydeck', 'OpenAI', 'Inworld prod']);
    } finally {
      fs.rmSync(env.home, { recursive: true, force: true });
    }
  },
);

test('fish: complete -C completes commands and names', { skip: !has('fish') }, async () => {
  const { env, script, shellEnv } = await setup();
  try {
    const file = script('fish');
    const run = (line: string) =>
      sh('fish', ['--no-config', '-c', `source "${file}"; complete -C '${line}'`], shellEnv)
        .split('\n')
        .filter(Boolean);
    assert.deepEqual(run('keydeck hea'), ['header', 'headers']);
    assert.deepEqual(run('keydeck show ').sort(), ['Inworld prod', 'OpenAI']);
    assert.deepEqual(run('keydeck workspace rm S'), ['Staging']);
  } finally {
    fs.rmSync(env.home, { recursive: true, force: true });
  }
});

test('bad input: completion for an unknown shell, or none, is a usage error (exit 2) that lists the shells', async () => {
  const env = cliEnv();
  try {
    const r = await runKeydeck(env, ['completion', 'tcsh']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error\[USAGE\]: no completion for the shell "tcsh": bash, zsh or fish\./);
    // The same usage errors, in process.
    const typo = await runKeydeckHere(env, ['completion', 'zhs']);
    assert.match(typo.stderr, /Did you mean "zsh"\?/);
    assert.equal((await runKeydeckHere(env, ['completion'])).code, 2);
  } finally {
    fs.rmSync(env.home, { recursive: true, force: true });
  }
});
