/**
 * CLI contract for `keydeck sandbox`: start (banner, secret, events, SIGTERM, unread stdout) as the real
 * binary, since signals and a full stdout pipe are the thing tested; refusals and `sandbox test` run
 * `runCli` in this process (runKeydeckHere).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import WebSocket from 'ws';
import { BIN, cliEnv, dropCliEnv, runKeydeckHere, type CliEnv } from '../harness/cli.js';
import { waitFor } from '../harness/wait.js';

let cli: CliEnv;

before(async () => {
  cli = cliEnv();
  const r = await runKeydeckHere(cli, ['add', 'rt', '--kind', 'realtime'], { input: 'rtkey:cli-sandbox-secret-01' });
  assert.equal(r.code, 0, r.stderr);
  const std = await runKeydeckHere(cli, ['add', 'std', '--kind', 'standard'], { input: STANDARD });
  assert.equal(std.code, 0, std.stderr);
});

const STANDARD = Buffer.from('std-id:cli-standard-secret-42').toString('base64');

after(() => dropCliEnv(cli));

/** Starts `keydeck sandbox start` and resolves with its URL and a live view of its output. */
function startSandbox(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'sandbox', 'start', ...args], {
    env: cli.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const url = new Promise<string>((resolve, reject) => {
    const tick = setInterval(() => {
      const first = out.split('\n')[0];
      if (/^secret /m.test(out) && first) {
        clearInterval(tick);
        resolve(first);
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(tick);
      reject(new Error(`sandbox exited ${code}: ${err}`));
    });
  });
  return { child, url, exited, output: () => out, errors: () => err };
}

test('sandbox start prints its ws:// URL, serves real clients, streams events, stops on SIGTERM', async () => {
  const sb = startSandbox(['--port', '0']);
  const url = await sb.url;
  assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
  const base = url.replace('ws://', 'http://').replace('/ws', '');
  // POST /token, then an authenticated WebSocket with session.started and an echo.
  const secret = /^secret (\S+) /m.exec(sb.output())![1]!;
  const post = (headers: Record<string, string>) =>
    fetch(`${base}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '{"key":"rt"}',
    });
  assert.equal((await post({})).status, 401, 'no secret, no token');
  assert.equal((await post({ Origin: 'http://localhost:3000', 'X-Keydeck-Sandbox-Secret': secret })).status, 403);
  const res = await post({ 'X-Keydeck-Sandbox-Secret': secret });
  assert.equal(res.status, 200);
  const { token } = (await res.json()) as { token: string };
  await jwtVerify(token, createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`)), { audience: 'realtime' });
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  const started = await new Promise<Record<string, unknown>>((r) =>
    ws.once('message', (d) => r(JSON.parse(d.toString()))),
  );
  assert.equal(started.type, 'session.started');
  ws.send('hi');
  assert.equal(await new Promise<string>((r) => ws.once('message', (d) => r(d.toString()))), 'hi');
  ws.close();
  // `sandbox test` against it: ok, and refused without the scope.
  const t = await runKeydeckHere(cli, ['sandbox', 'test', url, '--key', 'rt']);
  assert.equal(t.code, 0, t.stdout + t.stderr);
  assert.match(t.stdout, /handshake\s+101 in [\d.]+ ms/);
  assert.match(t.stdout, /closed\s+1000/);
  const refused = await runKeydeckHere(cli, ['sandbox', 'test', url, '--key', 'rt', '--scope', 'tts']);
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /handshake\s+403/);
  assert.match(refused.stdout, /missing_scope/);
  const noToken = await new Promise<number>((r) => {
    const c = new WebSocket(url);
    c.on('unexpected-response', (_q, s) => r(s.statusCode ?? 0));
    c.on('error', () => undefined);
  });
  assert.equal(noToken, 401);
  // `jwt verify --jwks` fetches the sandbox's JWKS over loopback.
  const viaJwks = await runKeydeckHere(cli, ['jwt', 'verify', token, '--jwks', `${base}/.well-known/jwks.json`]);
  assert.equal(viaJwks.code, 0, viaJwks.stderr);
  assert.match(viaJwks.stdout, /^valid · alg ES256/);
  await waitFor('the refusal event line', () => sb.output().includes('refused  401 missing_token'));
  sb.child.kill('SIGTERM');
  assert.equal(await sb.exited, 0);
  const out = sb.output();
  for (const word of [
    'connect ',
    'message ',
    'close ',
    'refused  403 missing_scope',
    'refused  401 missing_token',
    'token ',
    'stopped',
  ]) {
    assert.ok(out.includes(word), `${word} in:\n${out}`);
  }
  assert.equal(out.includes(token), false, 'the event log never prints a token');
});

test('sandbox start with an unread stdout pipe drops event lines and exits cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, 'sandbox', 'start', '--port', '0'], {
    env: cli.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) =>
    child.on('close', (code, signal) => r({ code, signal })),
  );
  // Read the banner, then never read stdout again: the pipe fills up.
  let banner = '';
  await new Promise<void>((resolve) => {
    const onData = (d: Buffer) => {
      banner += d;
      if (!/^secret /m.test(banner)) return;
      child.stdout.off('data', onData);
      child.stdout.pause();
      resolve();
    };
    child.stdout.on('data', onData);
  });
  const port = Number(/127\.0\.0\.1:(\d+)\/ws/.exec(banner)![1]);
  // 2,000 refused upgrades: one event line each (≈ 250 KB, beyond the pipe, the reader and the limit).
  const refusal = () =>
    new Promise<void>((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () =>
        sock.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`),
      );
      sock.on('data', () => sock.destroy());
      sock.on('error', () => undefined);
      sock.on('close', () => resolve());
    });
  for (let batch = 0; batch < 10; batch++) await Promise.all(Array.from({ length: 200 }, refusal));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const end = await exited;
  clearTimeout(timer);
  assert.deepEqual(end, { code: 0, signal: null }, 'exited by itself with 0, not killed');
});

test('sandbox start: a port in use and a non-loopback host are refused', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const r = await runKeydeckHere(cli, ['sandbox', 'start', '--port', String(port)]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[PORT_IN_USE\]/);
  } finally {
    blocker.close();
  }
  const host = await runKeydeckHere(cli, ['sandbox', 'start', '--host', '0.0.0.0']);
  assert.equal(host.code, 1);
  assert.match(host.stderr, /SANDBOX_BIND_REFUSED/);
  assert.equal((await runKeydeckHere(cli, ['sandbox', 'start', '--port', '70000'])).code, 2);
  assert.equal((await runKeydeckHere(cli, ['sandbox', 'test', 'http://x/', '--key', 'rt'])).code, 1);
  assert.equal((await runKeydeckHere(cli, ['sandbox', 'test', 'ws://127.0.0.1:1/ws'])).code, 2);
});

test('sandbox start --profile realtime --basic-key --enforce-exp --latency: a Basic client gets session.created; the log names the mode and warns', async () => {
  const sb = startSandbox([
    '--port',
    '0',
    '--profile',
    'realtime',
    '--basic-key',
    'std',
    '--enforce-exp',
    '--latency',
    '5ms',
  ]);
  const url = await sb.url;
  assert.match(sb.output(), /profile realtime/);
  const ws = new WebSocket(url, { headers: { Authorization: `Basic ${STANDARD}` } });
  const first = await new Promise<Record<string, unknown>>((r) =>
    ws.once('message', (d) => r(JSON.parse(d.toString()))),
  );
  assert.equal(first.type, 'session.created');
  ws.send('{"type":"session.update","session":{"voice":"alloy"}}');
  const err = await new Promise<Record<string, unknown>>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
  assert.equal((err.error as { code: string }).code, 'unknown_parameter');
  ws.close();
  await waitFor('the close line', () => /close +session=/.test(sb.output()));
  sb.child.kill('SIGTERM');
  assert.equal(await sb.exited, 0);
  const out = sb.output();
  assert.match(out, /connect +session=\S+ sub=std via=basic/);
  assert.match(out, /WARNING +a long-lived standard key/);
  assert.match(out, /message +session=\S+ session\.update/);
  assert.equal(out.includes(STANDARD), false, 'the key is never printed');
});

test('sandbox start refuses bad fault and profile values before listening', async () => {
  for (const args of [
    ['--latency', 'fast'],
    ['--drop', '2'],
    ['--close-code', '99'],
    ['--profile', 'chat'],
    ['--basic-key', 'nope'],
  ]) {
    const r = await runKeydeckHere(cli, ['sandbox', 'start', '--port', '0', ...args]);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.doesNotMatch(r.stdout, /ws:\/\//, args.join(' '));
  }
});

test('sandbox start --script: a bad script starts nothing (line and field); a missed expectation exits 1', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(cli.home, 'scripts-'));
  const bad = path.join(dir, 'bad.json');
  fs.writeFileSync(bad, '{\n  "steps": [\n    { "send": { "type": "response.text.delta" } }\n  ]\n}\n');
  const r = await runKeydeckHere(cli, ['sandbox', 'start', '--port', '0', '--script', bad]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /line 3, steps\[0\]\.send\.type: unknown server event "response\.text\.delta"/);
  assert.doesNotMatch(r.stdout, /ws:\/\//);
  const good = path.join(dir, 'good.json');
  fs.writeFileSync(
    good,
    JSON.stringify({
      steps: [
        { send: { type: 'session.created', session: { type: 'realtime' } } },
        { expect: { type: 'response.create' }, within: '300ms', name: 'client asks for a response' },
        { close: { code: 1000, reason: 'done' } },
      ],
    }),
  );
  const sb = startSandbox(['--port', '0', '--script', good]);
  const url = await sb.url;
  const list = await runKeydeckHere(cli, ['jwt', 'mint', '--key', 'rt']);
  const token = list.stdout.trim().split('\n').at(-1)!.trim();
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  ws.on('error', () => undefined);
  // The client never asks for a response: the expectation is missed, the script ends, the sandbox exits 1.
  assert.equal(await sb.exited, 1);
  assert.match(sb.output(), /expectation MISSED: client asks for a response/);
  assert.match(sb.output(), /script FAILED: 0 met, 1 missed/);
});

test('sandbox replay FILE: plays a recording to a client; a file with a live key is refused before listening', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(cli.home, 'rec-'));
  const header = JSON.stringify({ format: 'keydeck-sandbox-recording', version: 1, auth: 'bearer', protocol: null });
  const frame = JSON.stringify({ t: 0, dir: 'out', text: '{"type":"session.created"}' });
  const end = JSON.stringify({ t: 1, end: { code: 4321, reason: 'recorded close' } });
  const good = path.join(dir, 'good.jsonl');
  fs.writeFileSync(good, [header, frame, end].join('\n') + '\n');
  const leaky = path.join(dir, 'leaky.jsonl');
  const live = JSON.stringify({ t: 0, dir: 'in', text: '{"key":"sk-live-0123456789abcdefXYZ"}' });
  fs.writeFileSync(leaky, [header, live, end].join('\n') + '\n');
  const r = await runKeydeckHere(cli, ['sandbox', 'replay', leaky, '--port', '0']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /line 2: it holds what looks like a live token or key/);
  assert.doesNotMatch(r.stdout, /ws:\/\//);
  const rp = spawn(process.execPath, [BIN, 'sandbox', 'replay', good, '--port', '0'], {
    env: cli.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  rp.stdout.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => rp.on('close', (c) => res(c)));
  const url = await waitFor('the replay URL', () => /^ws:\/\/\S+/.exec(out)?.[0]);
  const mint = await runKeydeckHere(cli, ['jwt', 'mint', '--key', 'rt']);
  const token = mint.stdout.trim().split('\n').at(-1)!.trim();
  const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` } });
  const first = await new Promise<string>((res) => ws.once('message', (d) => res(d.toString())));
  assert.equal(first, '{"type":"session.created"}');
  const closed = await new Promise<number>((res) => ws.once('close', (code) => res(code)));
  assert.equal(closed, 4321);
  rp.kill('SIGTERM');
  assert.equal(await exited, 0);
});
