/**
 * runWithSecrets with real children, through pipes and through a pseudo-terminal: the child's own exit
 * code, a background grandchild that holds stdout, a child that closes its terminal, one that ignores
 * SIGTERM, 100 MB of output, a command that does not exist, no secrets at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Masker, runWithSecrets, type RunOptions } from '../../electron/core/exec/index.js';
import { waitFor } from '../harness/wait.js';

const DRIVER = fileURLToPath(new URL('./fixtures/run-driver.ts', import.meta.url));
const SECRET = 'sk-live-0123456789abcdefGHIJ';
const secrets = [{ name: 'k', value: SECRET }];

/**
 * A sink that counts what it gets, keeps the first 4 MiB for `text()`, and watches the whole stream for
 * SECRET (across chunk boundaries) without keeping it: the 100 MB test measures the runner's memory.
 */
function collect(): Writable & { text: () => string; bytes: () => number; sawSecret: () => boolean } {
  const parts: Buffer[] = [];
  let kept = 0;
  let n = 0;
  let tail = '';
  let saw = false;
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (kept < 4 << 20) {
        parts.push(chunk);
        kept += chunk.length;
      }
      const text = tail + chunk.toString('latin1');
      saw ||= text.includes(SECRET);
      tail = text.slice(-(SECRET.length - 1));
      cb();
    },
  });
  return Object.assign(w, {
    text: () => Buffer.concat(parts).toString(),
    bytes: () => n,
    sawSecret: () => saw,
  });
}

function run(command: string, args: string[], extra: Partial<RunOptions> = {}) {
  const out = collect();
  const err = collect();
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const p = runWithSecrets({
    command,
    args,
    env: { K: SECRET },
    secrets,
    mask: true,
    stdout: out,
    stderr: err,
    stdin,
    ...extra,
  });
  return { p, out, err, stdin };
}

for (const terminal of ['pipe', 'pty'] as const) {
  test(`${terminal}: run ends when the child ends, not when a background grandchild lets go of stdout`, async () => {
    const t0 = Date.now();
    const { p, out } = run('sh', ['-c', 'sleep 5 & echo "hi $K"'], { terminal });
    const r = await p;
    const ms = Date.now() - t0;
    assert.equal(r.exitCode, 0);
    assert.match(out.text(), /hi \[masked:k\]\r?\n/);
    assert.ok(ms < 2500, `took ${ms} ms`);
  });

  test(`${terminal}: the child's own exit code; 128+n when a signal killed it`, async () => {
    assert.equal((await run('sh', ['-c', 'exit 7'], { terminal }).p).exitCode, 7);
    const killed = await run('sh', ['-c', 'kill -KILL $$'], { terminal }).p;
    assert.deepEqual([killed.signal, killed.exitCode], ['SIGKILL', 137]);
  });

  test(`${terminal}: bad input: a command that does not exist is a clear error`, async () => {
    await assert.rejects(run('no-such-command-xyz', [], { terminal }).p, {
      code: 'COMMAND_NOT_FOUND',
      message: 'Command not found: no-such-command-xyz',
    });
  });

  test(`${terminal}: bad input: no secrets to mask: output passes unchanged`, async () => {
    const { p, out } = run('sh', ['-c', 'printf "%s" "$K"'], { terminal, secrets: [] });
    assert.equal((await p).exitCode, 0);
    assert.equal(out.text(), SECRET);
  });

  test(`${terminal}: bad input: a child that ignores SIGTERM keeps running; each SIGTERM reaches it once`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-sig-'));
    const log = path.join(dir, 'log');
    try {
      const script = `process.on('SIGTERM', () => require('fs').appendFileSync(${JSON.stringify(log)}, 'T'));
        process.stdin.on('data', (d) => { if (String(d).includes('q')) process.exit(5); });
        require('fs').writeFileSync(${JSON.stringify(log)}, '');`;
      const driver = spawn(process.execPath, ['--import', 'tsx', DRIVER, terminal, process.execPath, '-e', script], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const exit = new Promise<number | null>((resolve) => driver.on('close', (code) => resolve(code)));
      driver.stdout.resume();
      await waitFor('the child to start', () => fs.existsSync(log), { timeoutMs: 60_000 });
      driver.kill('SIGTERM');
      await waitFor('one SIGTERM', () => fs.readFileSync(log, 'utf8') === 'T');
      driver.kill('SIGTERM');
      await waitFor('a second SIGTERM', () => fs.readFileSync(log, 'utf8') === 'TT');
      driver.stdin.write('q\n');
      assert.equal(await exit, 5);
      assert.equal(fs.readFileSync(log, 'utf8'), 'TT');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('pty: bad input: a child that closes its terminal: a hang-up as when a terminal window closes, or its own code if it ignores that', async () => {
  // The child lives on a moment after closing the terminal, so the pty's end comes first.
  const close = 'echo "before $K"; exec 0<&- 1>&- 2>&-; sleep 0.3; exit 3';
  for (const [script, code] of [
    [close, 128 + 1],
    [`trap "" HUP; ${close}`, 3],
  ] as const) {
    const { p, out, stdin } = run('sh', ['-c', script], { terminal: 'pty' });
    stdin.write('typed after close\n');
    const r = await p;
    assert.equal(r.exitCode, code, script);
    assert.match(out.text(), /before \[masked:k\]/);
  }
});

test('pty: the child sees a terminal of our size; a secret printed with \\n comes out as \\r\\n and masked', async () => {
  const out = collect();
  const stdout = Object.assign(out, { columns: 61, rows: 17 });
  const r = await runWithSecrets({
    command: 'sh',
    args: ['-c', 'test -t 1 && stty size && printf "%s\\n%s\\n" "$A" "$B"'],
    env: { A: SECRET.slice(0, 10), B: SECRET.slice(10) },
    secrets,
    mask: true,
    terminal: 'pty',
    stdout,
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
  });
  assert.equal(r.exitCode, 0);
  assert.equal(out.text(), '17 61\r\n[masked:k]\r\n\r\n');
});

test('pipe: bad input: a child that prints 100 MB: all of it comes through, masked, in bounded memory', async () => {
  const mb = 100;
  // 1 MiB blocks, each ending with the secret on its own line.
  const script = `const b = Buffer.alloc(1 << 20, 'x'); b.write('\\n' + process.env.K + '\\n', b.length - 30);
    let i = 0; const w = () => { while (i < ${mb}) { i++; if (!process.stdout.write(b)) return process.stdout.once('drain', w); } }; w();`;
  const { p, out } = run(process.execPath, ['-e', script], { terminal: 'pipe' });
  const rss0 = process.memoryUsage().rss;
  const r = await p;
  assert.equal(r.exitCode, 0);
  const label = '[masked:k]'.length;
  assert.equal(out.bytes(), mb * ((1 << 20) - SECRET.length + label));
  assert.ok(!out.sawSecret(), 'the secret came through');
  assert.ok(process.memoryUsage().rss - rss0 < 200e6, 'memory stays bounded');
});

/**
 * Some MB of log lines with the secret at irregular places (whole, or broken by a line break), so
 * occurrences straddle the runner's reads; and what masking it in one piece gives (the masker's own
 * tests check that), which is what must come out of the runner whatever its reads and writes.
 */
function irregularOutput(mb: number): { input: Buffer; expected: Buffer } {
  const lines: string[] = [];
  let size = 0;
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  while (size < mb << 20) {
    const pad = 'q'.repeat(next() % 3000);
    const cut = next() % SECRET.length;
    const line =
      next() % 4 === 0
        ? `${pad}${SECRET.slice(0, cut)}\n${SECRET.slice(cut)} x`
        : `${pad}${SECRET}${'w'.repeat(next() % 5)}`;
    lines.push(line);
    size += line.length + 1;
  }
  const input = Buffer.from(lines.join('\n'));
  const m = new Masker(secrets);
  return { input, expected: Buffer.concat([m.push(input), m.flush()]) };
}

test('pipe: into a file descriptor whose stream queues its writes (fs.WriteStream): every byte, in order, masked', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-fdout-'));
  try {
    const { input, expected } = irregularOutput(8);
    fs.writeFileSync(path.join(dir, 'in'), input);
    const stdout = fs.createWriteStream('', { fd: fs.openSync(path.join(dir, 'out'), 'w') });
    const r = await runWithSecrets({
      command: 'cat',
      args: [path.join(dir, 'in')],
      env: {},
      secrets,
      mask: true,
      terminal: 'pipe',
      stdout,
      stderr: collect(),
    });
    assert.equal(r.exitCode, 0);
    await new Promise<void>((resolve) => stdout.end(resolve));
    const out = fs.readFileSync(path.join(dir, 'out'));
    assert.equal(out.length, expected.length);
    assert.ok(out.equals(expected), 'the output differs from the input masked in one piece');
    assert.ok(!out.includes(SECRET));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('pipe: our stdout a real pipe whose reader is slow: every byte, in order, masked', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-pipeout-'));
  try {
    const { input, expected } = irregularOutput(8);
    fs.writeFileSync(path.join(dir, 'in'), input);
    const driver = spawn(process.execPath, ['--import', 'tsx', DRIVER, 'pipe', 'cat', path.join(dir, 'in')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const parts: Buffer[] = [];
    // A reader that lets the pipe fill up now and then, so our writes are queued and finish later.
    driver.stdout.on('data', (c: Buffer) => {
      parts.push(c);
      if (parts.length % 16 === 0) {
        driver.stdout.pause();
        setTimeout(() => driver.stdout.resume(), 5);
      }
    });
    const code = await new Promise<number | null>((resolve) => driver.on('close', resolve));
    assert.equal(code, 0);
    const out = Buffer.concat(parts);
    assert.equal(out.length, expected.length);
    assert.ok(out.equals(expected), 'the output differs from the input masked in one piece');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
