/**
 * Help that teaches and errors that suggest: `keydeck help COMMAND` and `COMMAND --help` for every
 * command, each with an example; unknown commands and flags get "did you mean" (exit 2); colour only
 * on a terminal and never with NO_COLOR or --no-color; values on stdout, people's lines on stderr; a
 * reader that closes stdout early gets no EPIPE trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../../electron/cli/main.js';
import { COMMANDS } from '../../electron/cli/registry.js';
import { BIN, cliEnv, runKeydeck, runKeydeckHere } from '../harness/cli.js';

/**
 * Runs `keydeck ARGS` in process (no core is needed for help and usage errors); `tty` makes stdout and
 * stderr look like a terminal, as the real one does under `script` (onTerminal below).
 */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}, tty = false) {
  const stdout = Object.assign(new PassThrough(), tty ? { isTTY: true } : {});
  const stderr = Object.assign(new PassThrough(), tty ? { isTTY: true } : {});
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, { stdin: process.stdin, stdout, stderr, env }, () => {
    throw new Error('help and usage errors must not load the core');
  });
  return { code, stdout: out, stderr: err };
}

test('help COMMAND and COMMAND --help: usage and at least one example for every command', async () => {
  for (const c of COMMANDS) {
    const a = await cli(['help', c.name]);
    assert.equal(a.code, 0, c.name);
    assert.match(a.stdout, new RegExp(`^keydeck ${c.name}: `), c.name);
    assert.match(a.stdout, /\nExamples?:\n {2}\S/, `${c.name} has an example`);
    const b = c.raw ? undefined : await cli([c.name, '--help']);
    if (b) assert.equal(b.stdout, a.stdout, `${c.name} --help is help ${c.name}`);
  }
  for (const builtin of ['completion', 'help', 'version']) {
    assert.match((await cli(['help', builtin])).stdout, /Examples?:/);
  }
  const all = await cli(['help']);
  assert.equal(all.code, 0);
  for (const c of COMMANDS) assert.match(all.stdout, new RegExp(`^ {2}${c.name} `, 'm'));
});

test('bad input: help for an unknown command, an unknown command, an unknown flag: "did you mean", exit 2', async () => {
  const help = await cli(['help', 'hedaer']);
  assert.equal(help.code, 2);
  assert.equal(help.stdout, '');
  assert.match(help.stderr, /^error\[USAGE\]: unknown command "hedaer"\. Did you mean "header" or "headers"\?/);
  const none = await cli(['help', 'zzzzzz']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^error\[USAGE\]: unknown command "zzzzzz"\. Run `keydeck help`\./);
  const cmd = await cli(['lsit']);
  assert.equal(cmd.code, 2);
  assert.match(cmd.stderr, /Did you mean "list"\?/);
  const flag = await cli(['list', '--jsno']);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /^error\[USAGE\]: Unknown option '--jsno' for keydeck list\. Did you mean "--json"\?/);
  const env = cliEnv();
  try {
    const sub = await runKeydeckHere(env, ['workspace', 'lst']);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /unknown workspace command "lst" .*Did you mean "list"\?/);
    const exec = await runKeydeckHere(env, ['exec', '--cerd', 'X', '--', 'true']);
    assert.equal(exec.code, 2);
    assert.match(exec.stderr, /Unknown option '--cerd' for keydeck exec\. Did you mean "--cred"\?/);
  } finally {
    fs.rmSync(env.home, { recursive: true, force: true });
  }
  // A secret pasted as a command name is not repeated, suggestion or not.
  const pasted = await cli(['sk-proj-Abcdefghijklmnop0123456789']);
  assert.equal(pasted.code, 2);
  assert.ok(!pasted.stderr.includes('Abcdefghijklmnop'), pasted.stderr);
});

/** Runs the built CLI on a pseudo-terminal (util-linux `script`), so stdout and stderr are TTYs. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv) {
  const line = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return spawnSync('script', ['-qec', line, '/dev/null'], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

test('colour only on a terminal, and never with NO_COLOR or --no-color', async () => {
  const esc = '\x1b[';
  const piped = await cli(['lsit'], {});
  assert.ok(!piped.stderr.includes(esc), 'no colour into a pipe');
  // The real binary on a real terminal: red errors and bold help headings.
  const tty = onTerminal(['lsit'], { NO_COLOR: '', TERM: 'xterm' });
  assert.ok(tty.stdout.includes(`${esc}31merror[USAGE]`), `red on a terminal: ${JSON.stringify(tty.stdout)}`);
  assert.ok(onTerminal(['help'], { NO_COLOR: '', TERM: 'xterm' }).stdout.includes(`${esc}1m`), 'bold help headings');
  // The opt-outs, in process on a stand-in terminal (the same runCli; it paints there, as the real one does).
  assert.ok((await cli(['lsit'], { TERM: 'xterm' }, true)).stderr.includes(`${esc}31merror[USAGE]`), 'stand-in');
  assert.ok(!(await cli(['lsit'], { NO_COLOR: '1', TERM: 'xterm' }, true)).stderr.includes(esc), 'NO_COLOR');
  assert.ok(!(await cli(['--no-color', 'lsit'], { TERM: 'xterm' }, true)).stderr.includes(esc), '--no-color');
  assert.ok(!(await cli(['help', '--no-color'], { TERM: 'xterm' }, true)).stdout.includes(esc), 'help --no-color');
});

test('values on stdout, people on stderr; --quiet leaves only the value; --json on reading commands', async () => {
  const env = cliEnv();
  try {
    const key = 'sk-proj-Qu1etT3st0123456789abcdef';
    const add = await runKeydeck(env, ['add', 'OpenAI', '--kind', 'byok', '--provider', 'openai'], { input: key });
    assert.equal(add.code, 0, add.stderr);
    assert.equal(add.stdout, '', 'the confirmation is for people: stderr');
    assert.match(add.stderr, /^Added "OpenAI"/m);
    const header = await runKeydeck(env, ['header', 'OpenAI']);
    assert.equal(header.stdout, `Authorization: Bearer ${key}\n`);
    // The --json forms and the empty list, in process: the same stdout/stderr split without a process start.
    assert.deepEqual(JSON.parse((await runKeydeckHere(env, ['header', 'OpenAI', '--json'])).stdout), {
      name: 'Authorization',
      value: `Bearer ${key}`,
    });
    const vars = JSON.parse((await runKeydeckHere(env, ['env', 'OpenAI', '--json'])).stdout) as Record<string, string>;
    assert.equal(vars.OPENAI_API_KEY, key);
    const rotated = await runKeydeck(env, ['rotate', 'OpenAI', '--quiet'], {
      input: 'sk-proj-Qu1etT3st9876543210fedcba',
    });
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.equal(rotated.stdout + rotated.stderr, '', '--quiet: nothing for people');
    const empty = await runKeydeckHere(env, ['list', '--search', 'nothing-matches']);
    assert.equal(empty.stdout, '', '"No credential matches." is for people');
  } finally {
    fs.rmSync(env.home, { recursive: true, force: true });
  }
});

test('bad input: stdout closed early (keydeck list | head -1) prints no EPIPE trace and exits 0', async () => {
  const env = cliEnv();
  try {
    // A catalog long enough to fill the pipe (metadata only: list never reads the keychain).
    const file = path.join(env.home, 'catalog.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { credentials: unknown[]; workspaces: { id: string }[] };
    const ws = data.workspaces[0]!.id;
    const now = new Date().toISOString();
    for (let i = 0; i < 3000; i++) {
      const v = { version: 1, status: 'active', createdAt: now, displayPrefix: 'sk-…', fingerprint: 'f'.repeat(16) };
      data.credentials.push({
        ...{ id: `id-${i}`, name: `key ${i}`, workspaceId: ws, kind: 'byok', audience: 'secret', provider: 'openai' },
        ...{ authScheme: 'bearer', envVar: 'OPENAI_API_KEY', scopes: [], writePermissions: [], allowedOrigins: [] },
        ...{ allowedAssistants: [], tags: [], note: '', createdAt: now, updatedAt: now, displayPrefix: 'sk-…' },
        ...{ fingerprint: 'f'.repeat(16), versions: [v], state: 'ok' },
      });
    }
    fs.writeFileSync(file, JSON.stringify(data));
    for (const args of [['list'], ['list', '--json']]) {
      const r = spawnSync(
        'bash',
        ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${args.join(' ')} | head -1`],
        {
          env: env.env,
          encoding: 'utf8',
        },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.split('\n').length, 2, 'one line');
      assert.equal(r.stderr, '', 'no EPIPE trace');
    }
  } finally {
    fs.rmSync(env.home, { recursive: true, force: true });
  }
});
