/**
 * `keydeck exec` as people use it, with the real binary: in a terminal (tmux) a Python REPL works
 * through the masked pseudo-terminal (line editing, colours, resizes, its exit code, the terminal mode
 * restored); Ctrl-C reaches the child once; a SIGTERM sent to keydeck, or to its process group as
 * `timeout` does, reaches the child once and its own exit code comes back, 20 of 20; a Vertex
 * service-account key printed by a Python traceback does not come out.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, cliEnv, dropCliEnv, runKeydeck, runKeydeckHere, type CliEnv } from '../harness/cli.js';
import { startMockProvider, type MockProvider } from '../harness/mock-provider.js';
import { waitFor } from '../harness/wait.js';
import { skipUnless } from '../harness/tools.js';
import { Tmux, paneScript } from '../harness/tmux.js';

const KEY = 'sk-live-T3rmKey0123456789abcdefghij';
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const hasPython = spawnSync('python3', ['-c', 'import readline']).status === 0;

describe('keydeck exec in a terminal and under signals', { concurrency: false }, () => {
  let cli: CliEnv;
  let tmp: string;
  let mock: MockProvider;
  before(async () => {
    cli = cliEnv();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-term-'));
    const r = await runKeydeckHere(cli, ['add', 'openai', '--kind', 'byok', '--provider', 'openai'], { input: KEY });
    assert.equal(r.code, 0, r.stderr);
    mock = await startMockProvider();
  });
  after(async () => {
    await mock.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    await dropCliEnv(cli);
  });

  test('a Python REPL through the masked pty: masked, line editing, colours, resize, exit code, terminal restored', async (t) => {
    const skip = skipUnless(hasTmux && hasPython, 'tmux and python3 (with readline)');
    if (skip) return t.skip(skip);
    const dir = fs.mkdtempSync(path.join(tmp, 'repl-'));
    const tmux = new Tmux(dir, cli.env, paneScript(dir, ['exec', '--cred', 'openai', '--', 'python3', '-q']));
    try {
      await tmux.until('the REPL prompt', />>> $/m);
      tmux.type('import os, sys, shutil, subprocess; print("K=" + os.environ["OPENAI_API_KEY"])');
      tmux.keys('Enter');
      await tmux.until('the masked key', /^K=\[masked:openai\]$/m);
      assert.ok(!tmux.screen().includes(KEY));
      // Line editing: arrows move the cursor, backspace deletes.
      tmux.type('print("ab")');
      tmux.keys('Left', 'Left');
      tmux.type('X');
      tmux.keys('Enter');
      await tmux.until('the edited line', /^abX$/m);
      tmux.type('print(1234');
      tmux.keys('BSpace');
      tmux.type(')');
      tmux.keys('Enter');
      await tmux.until('backspace', /^123$/m);
      // The child sees a terminal: isatty, and `ls --color=auto` colours.
      tmux.type(
        'print("tty", sys.stdout.isatty(), sys.stdin.isatty()); subprocess.run(["ls", "--color=auto", "-d", "/tmp"])',
      );
      tmux.keys('Enter');
      await tmux.until('isatty', /^tty True True$/m);
      await waitFor('colour escapes from ls', () => /\x1b\[[0-9;]*m\/tmp/.test(tmux.screen(true)));
      // A resize of our terminal reaches the child's.
      tmux.run('resize-window', '-t', 't', '-x', '72', '-y', '20');
      tmux.type('print("cols", shutil.get_terminal_size().columns)');
      tmux.keys('Enter');
      await tmux.until('the new width', /^cols 72$/m);
      tmux.type('exit(5)');
      tmux.keys('Enter');
      await tmux.until('the exit status', /^EXIT=5$/m);
      await tmux.until('the terminal mode', /^MODE=cooked$/m);
    } finally {
      tmux.kill();
    }
  });

  test('Ctrl-C reaches the child once; a SIGTERM to keydeck reaches it once and its exit 7 comes back (pty)', async (t) => {
    const skip = skipUnless(hasTmux && hasPython, 'tmux and python3');
    if (skip) return t.skip(skip);
    const child = [
      'import signal, sys',
      'n = {"INT": 0, "TERM": 0}',
      'signal.signal(signal.SIGINT, lambda *a: n.__setitem__("INT", n["INT"] + 1))',
      'signal.signal(signal.SIGTERM, lambda *a: (print("TERM", n["TERM"] + 1, "INT", n["INT"], flush=True), sys.exit(7)))',
      'print("ready", flush=True)',
      'for line in sys.stdin:',
      '    print("INT", n["INT"], flush=True)',
    ].join('\n');
    const dir = fs.mkdtempSync(path.join(tmp, 'sig-'));
    const tmux = new Tmux(dir, cli.env, paneScript(dir, ['exec', '--cred', 'openai', '--', 'python3', '-c', child]));
    try {
      await tmux.until('the child', /^ready$/m);
      tmux.keys('C-c');
      tmux.keys('Enter');
      await tmux.until('the count of SIGINT', /^INT \d+$/m);
      assert.match(tmux.screen(), /^INT 1$/m);
      process.kill(tmux.pid(), 'SIGTERM');
      await tmux.until('the exit status', /^EXIT=\d+$/m);
      assert.match(tmux.screen(), /^TERM 1 INT 1$/m);
      assert.match(tmux.screen(), /^EXIT=7$/m);
      assert.match(tmux.screen(), /^MODE=cooked$/m);
    } finally {
      tmux.kill();
    }
  });

  test('one SIGTERM, to keydeck or to its process group: the child counts exactly 1 and its exit 7 is returned, 20 of 20', async () => {
    const runOnce = async (i: number): Promise<{ code: number | null; count: string }> => {
      const flag = path.join(tmp, `term-${i}`);
      const script = `let n = 0; process.on('SIGTERM', () => { n++; setTimeout(() => { require('fs').writeFileSync(${JSON.stringify(flag)}, String(n)); process.exit(7); }, 150); });
        require('fs').writeFileSync(${JSON.stringify(flag + '.ready')}, ''); setInterval(() => {}, 1000);`;
      // Its own process group, as `timeout` and a shell's job control give it.
      const kd = spawn(process.execPath, [BIN, 'exec', '--cred', 'openai', '--', process.execPath, '-e', script], {
        env: cli.env,
        stdio: ['ignore', 'ignore', 'inherit'],
        detached: true,
      });
      const exit = new Promise<number | null>((resolve) => kd.on('close', (code) => resolve(code)));
      await waitFor('the child', () => fs.existsSync(flag + '.ready'), { timeoutMs: 120_000 });
      process.kill(i % 2 ? -kd.pid! : kd.pid!, 'SIGTERM');
      const code = await exit;
      return { code, count: fs.readFileSync(flag, 'utf8') };
    };
    const results: { code: number | null; count: string }[] = [];
    for (let batch = 0; batch < 4; batch++) {
      results.push(...(await Promise.all([0, 1, 2, 3, 4].map((k) => runOnce(batch * 5 + k)))));
    }
    assert.deepEqual(
      results,
      results.map(() => ({ code: 7, count: '1' })),
    );
  });

  test('a Vertex service-account key printed by a Python traceback: 0 private-key lines come out', async (t) => {
    const skip = skipUnless(hasPython, 'python3');
    if (skip) return t.skip(skip);
    const json = mock.serviceAccount();
    const add = await runKeydeckHere(cli, ['add', 'vertex', '--kind', 'byok', '--provider', 'google-vertex'], {
      input: json,
    });
    assert.equal(add.code, 0, add.stderr);
    const pem = (JSON.parse(json) as { private_key: string }).private_key;
    const keyLines = pem.split('\n').filter((l) => l.length > 0);
    const script = [
      'import json, os',
      'sa = json.load(open(os.environ["GOOGLE_APPLICATION_CREDENTIALS"]))',
      'print(sa)',
      'def load_key(key):',
      '    raise ValueError("Could not deserialize key data:\\n" + key)',
      'load_key(sa["private_key"])',
    ].join('\n');
    const r = await runKeydeck(cli, [
      'exec',
      '--cred',
      'vertex',
      '--google-credentials-file',
      '--',
      'python3',
      '-c',
      script,
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /Traceback[^]*ValueError: Could not deserialize key data:\n\[masked:vertex\]/);
    const shown = keyLines.filter((l) => r.stdout.includes(l) || r.stderr.includes(l));
    assert.equal(shown.length, 0, `${shown.length} of ${keyLines.length} key lines came out`);
  });
});
