import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import WebSocket from 'ws';
import { KeyringVault } from '../../electron/core/vault.js';
import { independentVerify } from '../../electron/core/jwt/independent-verify.js';
import { BIN, cliEnv, runKeydeck, type CliEnv } from '../harness/cli.js';
import { waitFor } from '../harness/wait.js';

let cli: CliEnv;
const PAIR = 'rtkey:cli-secret-value-01';
const SECRET = Buffer.from(PAIR).toString('base64');

before(async () => {
  cli = cliEnv();
  const r = await runKeydeck(cli, ['add', 'rt', '--kind', 'realtime'], { input: PAIR });
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  const vault = new KeyringVault(cli.service);
  for (const e of await vault.entries()) await vault.delete(e.account);
  fs.rmSync(cli.home, { recursive: true, force: true });
});

const lastLine = (s: string) => s.trim().split('\n').at(-1)!;
const claimsOf = (t: string) =>
  JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

test('jwt mint: defaults ES256, aud realtime, scope realtime, 10 minutes; the token is the last line', async () => {
  const r = await runKeydeck(cli, ['jwt', 'mint', '--key', 'rt']);
  assert.equal(r.code, 0, r.stderr);
  const token = lastLine(r.stdout);
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(header.alg, 'ES256');
  const c = claimsOf(token);
  assert.equal(c.sub, 'rt');
  assert.equal(c.aud, 'realtime');
  assert.equal(c.scope, 'realtime');
  assert.equal((c.exp as number) - (c.iat as number), 600);
  // Its public key is in `keydeck jwks`, and the independent verifier accepts the token with it.
  const jwks = await runKeydeck(cli, ['jwks']);
  assert.equal(jwks.code, 0);
  const keys = (JSON.parse(jwks.stdout) as { keys: Record<string, unknown>[] }).keys;
  const jwk = keys.find((k) => k.kid === header.kid)!;
  assert.ok(jwk && !('d' in jwk));
  assert.equal(independentVerify(token, { alg: 'ES256', jwk }, { audience: 'realtime' }).ok, true);
  assert.equal(r.stdout.includes(SECRET) || r.stderr.includes(SECRET), false);
});

test('jwt mint --alg HS256 signs with the credential’s own secret; --ttl, --aud, --scope, --claim', async () => {
  const r = await runKeydeck(cli, [
    'jwt',
    'mint',
    '--key',
    'rt',
    '--alg',
    'HS256',
    '--ttl',
    '90s',
    '--aud',
    'a1',
    '--scope',
    's1',
    '--claim',
    'room=demo',
    '--claim',
    'n=7',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const token = lastLine(r.stdout);
  assert.equal(independentVerify(token, { alg: 'HS256', secret: SECRET }, { audience: 'a1' }).ok, true);
  const c = claimsOf(token);
  assert.equal((c.exp as number) - (c.iat as number), 90);
  assert.deepEqual([c.scope, c.room, c.n], ['s1', 'demo', 7]);
  for (const alg of ['EdDSA', 'ES256'] as const) {
    const m = await runKeydeck(cli, ['jwt', 'mint', '--key', 'rt', '--alg', alg]);
    assert.equal(m.code, 0, m.stderr);
    const v = await runKeydeck(cli, ['jwt', 'verify', lastLine(m.stdout), '--aud', 'realtime']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, new RegExp(`^valid · alg ${alg}`));
  }
  const v = await runKeydeck(cli, ['jwt', 'verify', token, '--key', 'rt']);
  assert.equal(v.code, 0, v.stderr);
  const fromStdin = await runKeydeck(cli, ['jwt', 'verify', '-'], { input: token + '\n' });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
});

test('jwt verify reports why, with exit 1', async () => {
  const mint = await runKeydeck(cli, ['jwt', 'mint', '--key', 'rt', '--scope', 'tts']);
  const token = lastLine(mint.stdout);
  const wrongAud = await runKeydeck(cli, ['jwt', 'verify', token, '--aud', 'other']);
  assert.equal(wrongAud.code, 1);
  assert.match(wrongAud.stderr, /^error\[JWT_WRONG_AUD\]/);
  const scope = await runKeydeck(cli, ['jwt', 'verify', token, '--scope', 'realtime']);
  assert.match(scope.stderr, /JWT_MISSING_SCOPE/);
  const [h, p, s] = token.split('.');
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claimsOf(token), scope: 'admin' })).toString('base64url')}.${s}`;
  assert.match((await runKeydeck(cli, ['jwt', 'verify', tampered])).stderr, /JWT_BAD_SIGNATURE/);
  assert.match((await runKeydeck(cli, ['jwt', 'verify', `${h}.${p}`])).stderr, /JWT_MALFORMED/);
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
  assert.match((await runKeydeck(cli, ['jwt', 'verify', none])).stderr, /JWT_ALG_NONE/);
  const big = await runKeydeck(cli, ['jwt', 'verify', '-'], { input: `${h}.${'A'.repeat(17 * 1024)}.${s}` });
  assert.match(big.stderr, /JWT_TOO_LARGE/);
  const remote = await runKeydeck(cli, ['jwt', 'verify', token, '--jwks', 'https://example.com/jwks.json']);
  assert.equal(remote.code, 1);
  assert.match(remote.stderr, /INVALID_URL/);
  const both = await runKeydeck(cli, ['jwt', 'verify', token, '--jwks', 'http://127.0.0.1:1/', '--key', 'rt']);
  assert.equal(both.code, 2);
});

test('jwt decode prints header, claims and the countdown; bad input is refused', async () => {
  const token = lastLine((await runKeydeck(cli, ['jwt', 'mint', '--key', 'rt', '--ttl', '15m'])).stdout);
  const d = await runKeydeck(cli, ['jwt', 'decode', token]);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /"alg": "ES256"/);
  assert.match(d.stdout, /"sub": "rt"/);
  assert.match(d.stdout, /expires in 1[45]m/);
  const bad = await runKeydeck(cli, ['jwt', 'decode', 'a.b!.c']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /JWT_MALFORMED/);
});

test('bad mint input: lifetimes, claims, alg, missing key, usage', async () => {
  const run = (...args: string[]) => runKeydeck(cli, ['jwt', 'mint', '--key', 'rt', ...args]);
  for (const ttl of ['--ttl=-5m', '--ttl=1000h']) {
    const r = await run(ttl);
    assert.equal(r.code, 1, ttl);
    assert.match(r.stderr, /INVALID_LIFETIME/);
  }
  for (const claim of ['exp=1', 'novalue']) {
    const r = await run('--claim', claim);
    assert.equal(r.code, 1, claim);
    assert.match(r.stderr, /INVALID_CLAIMS/);
  }
  assert.equal((await run('--alg', 'RS256')).code, 2);
  assert.equal((await runKeydeck(cli, ['jwt', 'mint'])).code, 2);
  assert.equal((await runKeydeck(cli, ['jwt', 'frob'])).code, 2);
  const missing = await runKeydeck(cli, ['jwt', 'mint', '--key', 'nope']);
  assert.match(missing.stderr, /CREDENTIAL_NOT_FOUND/);
});

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
  const t = await runKeydeck(cli, ['sandbox', 'test', url, '--key', 'rt']);
  assert.equal(t.code, 0, t.stdout + t.stderr);
  assert.match(t.stdout, /handshake\s+101 in [\d.]+ ms/);
  assert.match(t.stdout, /closed\s+1000/);
  const refused = await runKeydeck(cli, ['sandbox', 'test', url, '--key', 'rt', '--scope', 'tts']);
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
  const viaJwks = await runKeydeck(cli, ['jwt', 'verify', token, '--jwks', `${base}/.well-known/jwks.json`]);
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
    const r = await runKeydeck(cli, ['sandbox', 'start', '--port', String(port)]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error\[PORT_IN_USE\]/);
  } finally {
    blocker.close();
  }
  const host = await runKeydeck(cli, ['sandbox', 'start', '--host', '0.0.0.0']);
  assert.equal(host.code, 1);
  assert.match(host.stderr, /SANDBOX_BIND_REFUSED/);
  assert.equal((await runKeydeck(cli, ['sandbox', 'start', '--port', '70000'])).code, 2);
  assert.equal((await runKeydeck(cli, ['sandbox', 'test', 'http://x/', '--key', 'rt'])).code, 1);
  assert.equal((await runKeydeck(cli, ['sandbox', 'test', 'ws://127.0.0.1:1/ws'])).code, 2);
});

test('jwt apikey, revoke, revocations, unrevoke: a revoked key is refused though its signature is valid', async () => {
  let r = await runKeydeck(cli, ['jwt', 'apikey', 'user_42']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /shown once/);
  const lines = r.stdout.trim().split('\n');
  const key = lines[lines.length - 1]!;
  assert.match(key, /^sk-live-eyJ/);
  const [, prefix, jti] = /^prefix (sk-live-[0-9a-f]{8}) · jti (\S+)$/.exec(lines[0]!)!;
  assert.ok(prefix && jti);
  r = await runKeydeck(cli, ['jwt', 'verify', '-'], { input: key });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"sub": "user_42"|"user_id": "user_42"|user_42/);
  r = await runKeydeck(cli, ['jwt', 'revoke', '-', '--reason', 'leaked in a log'], { input: key });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Revoked jti ${jti}`));
  r = await runKeydeck(cli, ['jwt', 'verify', '-'], { input: key });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[JWT_REVOKED\]/m);
  assert.ok(!r.stderr.includes(key.slice(8)), 'the key was echoed');
  r = await runKeydeck(cli, ['jwt', 'revocations', '--json']);
  const list = JSON.parse(r.stdout) as { jti: string; reason?: string }[];
  assert.deepEqual(
    list.filter((x) => x.jti === jti).map((x) => x.reason),
    ['leaked in a log'],
  );
  r = await runKeydeck(cli, ['jwt', 'unrevoke', jti!]);
  assert.equal(r.code, 0, r.stderr);
  r = await runKeydeck(cli, ['jwt', 'verify', '-'], { input: key });
  assert.equal(r.code, 0, r.stderr);
  r = await runKeydeck(cli, ['jwt', 'apikey']);
  assert.equal(r.code, 2);
  r = await runKeydeck(cli, ['jwt', 'revoke', '-'], { input: 'not.a.jwt' });
  assert.equal(r.code, 1);
});
