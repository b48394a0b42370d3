/**
 * CLI contract for `keydeck sandbox connect`, against the real `keydeck sandbox start --profile realtime`
 * binary: unattended (`--send`, `--expect`, exit 1 on a miss, usage errors before connecting) in this
 * process, and interactive in a real pseudo-terminal (@lydell/node-pty): a typed frame gets its
 * response, Ctrl+C closes with 1000 and the sandbox's log shows that close.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pty from '@lydell/node-pty';
import { BIN, cliEnv, dropCliEnv, runKeydeckHere, type CliEnv } from '../harness/cli.js';
import { waitFor } from '../harness/wait.js';

let cli: CliEnv;
let sandbox: ReturnType<typeof spawn>;
let log = '';
let url = '';

before(async () => {
  cli = cliEnv();
  const r = await runKeydeckHere(cli, ['add', 'rt', '--kind', 'realtime'], { input: 'rtkey:cli-connect-secret-01' });
  assert.equal(r.code, 0, r.stderr);
  sandbox = spawn(process.execPath, [BIN, 'sandbox', 'start', '--port', '0', '--profile', 'realtime'], {
    env: cli.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  sandbox.stdout!.on('data', (d) => (log += d));
  url = await waitFor('the sandbox URL', () => (/^secret /m.test(log) ? log.split('\n')[0] : undefined));
});

after(async () => {
  sandbox.kill('SIGTERM');
  await new Promise((r) => sandbox.once('close', r));
  await dropCliEnv(cli);
});

test('sandbox connect --send/--expect: events print as lines, exit 0 when met, 1 when missed; bad input exits 2 before connecting', async () => {
  const dir = fs.mkdtempSync(path.join(cli.home, 'send-'));
  const file = path.join(dir, 'turn.jsonl');
  fs.writeFileSync(
    file,
    '{"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}}\n{"type":"response.create"}\n',
  );
  const ok = await runKeydeckHere(cli, [
    'sandbox',
    'connect',
    url,
    '--key',
    'rt',
    '--send',
    `@${file}`,
    '--expect',
    'session.created',
    '--expect',
    'response.done:response.status=completed',
  ]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stderr, /connected ws:\/\/127\.0\.0\.1:\d+\/ws · auth bearer/);
  assert.match(ok.stdout, /^> conversation\.item\.create /m);
  assert.match(ok.stdout, /^< session\.created /m);
  assert.match(ok.stdout, /^< response\.output_audio\.delta .*bytes of audio/m);
  assert.match(ok.stdout, /^expect met +response\.done:response\.status=completed$/m);
  assert.match(ok.stdout, /^closed 1000/m);
  const token = /"token":"([^"]+)"/.exec(ok.stdout)?.[1];
  assert.equal(token, undefined, 'no token printed');

  const missed = await runKeydeckHere(cli, [
    'sandbox',
    'connect',
    url,
    '--key',
    'rt',
    '--auth',
    'subprotocol',
    '--send',
    '{"type":"input_audio_buffer.commit"}',
    '--expect',
    'response.done',
    '--timeout',
    '300ms',
  ]);
  assert.equal(missed.code, 1, missed.stdout + missed.stderr);
  assert.match(missed.stderr, /auth subprotocol · protocol realtime/);
  assert.match(missed.stdout, /^< error /m, 'the sandbox answers a commit on an empty buffer with an error event');
  assert.match(missed.stdout, /^expect MISSED +response\.done$/m);

  // Piped lines are frames, as typed.
  const piped = await runKeydeckHere(
    cli,
    ['sandbox', 'connect', url, '--key', 'rt', '--auth', 'query', '--timeout', '200ms'],
    { input: '{"type":"session.update","session":{"type":"realtime"}}\n' },
  );
  assert.equal(piped.code, 0, piped.stderr);
  assert.match(piped.stdout, /^< session\.updated /m);

  const connects = () => log.split('\n').filter((l) => / connect +session=/.test(l)).length;
  // The sandbox's log (another process) has the three sessions above before the count is taken.
  const before = await waitFor('three connect lines', () => (connects() >= 3 ? connects() : 0));
  for (const [args, message] of [
    [['--expect', 'bad spec'], /is not TYPE or TYPE:path=value/],
    [['--send', '{"type":'], /--send is not JSON|not JSON/],
    [['--send', path.join(dir, 'missing.json')], /cannot read --send/],
    [['--auth', 'cookie'], /--auth must be one of bearer, basic, query, subprotocol/],
    [['--timeout', 'soon'], /is not a delay/],
    [['--token', 'a.b.c'], /--key NAME or --token T, not both/],
    [['--latency', '5ms'], /--latency does not apply to sandbox connect/],
  ] as const) {
    const r = await runKeydeckHere(cli, ['sandbox', 'connect', url, '--key', 'rt', ...args]);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
  assert.equal((await runKeydeckHere(cli, ['sandbox', 'connect', url])).code, 2, 'no credential');
  assert.equal(connects(), before, 'bad input never connected');
});

test('sandbox connect in a terminal: a typed frame gets its events, Ctrl+C closes with 1000 and exits 0', async () => {
  const term = pty.spawn(process.execPath, [BIN, 'sandbox', 'connect', url, '--key', 'rt'], {
    cols: 120,
    rows: 30,
    env: cli.env as Record<string, string>,
  });
  let screen = '';
  term.onData((d) => (screen += d));
  const exited = new Promise<number>((r) => term.onExit((e) => r(e.exitCode)));
  try {
    await waitFor('session.created', () => screen.includes('< session.created'));
    term.write('{"type":"response.create"}\r');
    await waitFor('response.done', () => screen.includes('< response.done'));
    term.write('\x03');
    assert.equal(await exited, 0, screen);
  } finally {
    term.kill();
  }
  assert.match(screen, /closed 1000 keydeck connect closed/);
  await waitFor('the close in the sandbox log', () =>
    /close +session=\S+ code=1000 reason=keydeck connect closed/.test(log),
  );
});
