import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createHmac } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { makeTestCore } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer, type SandboxEvent } from '../../../electron/core/sandbox/server.js';
import { testConnection } from '../../../electron/core/sandbox/tester.js';
import { independentVerify } from '../../../electron/core/jwt/independent-verify.js';
import { attempt, closed, nextMessage, rawUpgrade } from './client.js';

const core = makeTestCore();
const jwt = new JwtService(core);
let sandbox: SandboxServer;
const events: SandboxEvent[] = [];

before(async () => {
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:sandbox-secret-value');
  sandbox = new SandboxServer({ jwt, tokenKey: 'rt', limits: { maxConnections: 16 } });
  sandbox.events.on('event', (e: SandboxEvent) => events.push(e));
  await sandbox.start();
});
after(async () => {
  await sandbox.stop();
  await core.cleanup();
});

const mint = (over: Parameters<JwtService['mint']>[0] | object = {}) => jwt.mint({ key: 'rt', ...over });

test('binds 127.0.0.1; serves the JWKS; POST /token mints a token that jose and the independent verifier accept', async () => {
  assert.match(sandbox.url, /^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
  const jwks = (await (await fetch(`${sandbox.httpUrl}/.well-known/jwks.json`)).json()) as {
    keys: Record<string, unknown>[];
  };
  assert.ok(jwks.keys.length >= 1);
  assert.ok(jwks.keys.every((k) => !('d' in k) && k.kty !== 'oct'));
  const res = await fetch(`${sandbox.httpUrl}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Keydeck-Sandbox-Secret': sandbox.tokenSecret },
    body: '{}',
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { token: string; token_type: string; expires_in: number };
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.expires_in, 300);
  const { payload } = await jwtVerify(
    body.token,
    createRemoteJWKSet(new URL(`${sandbox.httpUrl}/.well-known/jwks.json`)),
    {
      algorithms: ['ES256'],
      audience: 'realtime',
    },
  );
  assert.equal(payload.sub, 'rt');
  const jwk = jwks.keys.find(
    (k) => k.kid === JSON.parse(Buffer.from(body.token.split('.')[0]!, 'base64url').toString()).kid,
  )!;
  assert.equal(independentVerify(body.token, { alg: 'ES256', jwk }, { audience: 'realtime' }).ok, true);
  const a = await attempt(sandbox.url, { token: body.token });
  assert.equal(a.status, 101);
  a.ws!.close();
});

test('an accepted session gets session.started with its claims, then an echo (text and binary)', async () => {
  const m = await mint();
  const a = await attempt(sandbox.url, { token: m.token });
  assert.equal(a.status, 101);
  assert.equal(a.first!.type, 'session.started');
  assert.deepEqual(a.first!.claims, m.claims);
  a.ws!.send('hello');
  const echo = await nextMessage(a.ws!);
  assert.equal(echo.data.toString(), 'hello');
  assert.equal(echo.binary, false);
  a.ws!.send(Buffer.from([1, 2, 3]));
  const bin = await nextMessage(a.ws!);
  assert.deepEqual([...bin.data], [1, 2, 3]);
  assert.equal(bin.binary, true);
  const c = closed(a.ws!);
  a.ws!.close(1000, 'bye');
  assert.equal((await c).code, 1000);
});

test('browsers may send the token as ?token= or as a Sec-WebSocket-Protocol value', async () => {
  for (const alg of ['HS256', 'EdDSA'] as const) {
    const m = await mint({ alg });
    const q = await attempt(`${sandbox.url}?token=${m.token}`);
    assert.equal(q.status, 101, alg);
    q.ws!.close();
    const p = await attempt(sandbox.url, { protocols: ['realtime', m.token] });
    assert.equal(p.status, 101);
    assert.equal(p.protocol, 'realtime', 'the token is not echoed back as the chosen protocol');
    p.ws!.close();
  }
});

test('refused before upgrading: no token, garbage, oversized, expired, revoked, wrong audience, missing scope', async () => {
  const none = await attempt(sandbox.url);
  assert.equal(none.status, 401);
  assert.equal(none.body!.error, 'missing_token');
  const garbage = await attempt(sandbox.url, { token: 'a.b.c' });
  assert.equal(garbage.status, 401);
  assert.equal(garbage.body!.error, 'malformed');
  const huge = await attempt(sandbox.url, { token: 'eyJ' + 'a'.repeat(17 * 1024) + '.e30.x' });
  assert.equal(huge.status, 401);
  assert.equal(huge.body!.error, 'too_large');
  const expired = await mint({ now: Date.now() - 3_600_000 });
  assert.equal((await attempt(sandbox.url, { token: expired.token })).body!.error, 'expired');
  const revoked = await mint();
  await jwt.revoke(String(revoked.claims.jti), { reason: 'test' });
  const r = await attempt(sandbox.url, { token: revoked.token });
  assert.equal(r.status, 401);
  assert.equal(r.body!.error, 'revoked');
  const aud = await attempt(sandbox.url, { token: (await mint({ audience: 'other' })).token });
  assert.equal(aud.status, 401);
  assert.equal(aud.body!.error, 'wrong_aud');
  const scope = await attempt(sandbox.url, { token: (await mint({ scope: 'tts' })).token });
  assert.equal(scope.status, 403);
  assert.equal(scope.body!.error, 'missing_scope');
  // A token signed by a key the workspace does not hold.
  const other = makeTestCore();
  try {
    await other.credentials.create({ name: 'rt', kind: 'realtime' }, 'x:another-secret');
    const foreign = await new JwtService(other).mint({ key: 'rt' });
    assert.equal((await attempt(sandbox.url, { token: foreign.token })).body!.error, 'unknown_kid');
  } finally {
    await other.cleanup();
  }
});

test('the upgrade uses the strict verification: absurd exp, future iat, bad aud types get their reasons', async () => {
  const material = await jwt.material('rt', 'HS256');
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: string) => {
    const input = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: material.kid })).toString('base64url')}.${Buffer.from(claims).toString('base64url')}`;
    return `${input}.${createHmac('sha256', material.key as Uint8Array)
      .update(input)
      .digest('base64url')}`;
  };
  const base = `"aud":"realtime","scope":"realtime","sub":"rt","iat":${now}`;
  const ok = await attempt(sandbox.url, { token: sign(`{${base},"exp":${now + 60}}`) });
  assert.equal(ok.status, 101);
  ok.ws!.close();
  for (const [claims, reason] of [
    [`{${base},"exp":1e30}`, 'invalid_exp'],
    [`{${base},"exp":9007199254740993}`, 'invalid_exp'],
    [`{${base},"exp":8640000000000}`, 'invalid_exp'],
    [`{"aud":"realtime","scope":"realtime","iat":${now + 86400},"exp":${now + 90000}}`, 'issued_in_future'],
    [`{"aud":["realtime",1],"scope":"realtime","exp":${now + 60}}`, 'invalid_aud'],
  ] as const) {
    const r = await attempt(sandbox.url, { token: sign(claims) });
    assert.equal(r.status, 401, claims);
    assert.equal(r.body!.error, reason, claims);
  }
});

test('Host and Origin are checked', async () => {
  const m = await mint();
  const bad = await rawUpgrade(sandbox.port, { Host: 'evil.example', Authorization: `Bearer ${m.token}` });
  assert.equal(bad.status, 403);
  assert.equal(JSON.parse(bad.body).error, 'bad_host');
  const ok = await rawUpgrade(sandbox.port, { Host: `localhost:${sandbox.port}`, Authorization: `Bearer ${m.token}` });
  assert.equal(ok.status, 101);
  const evil = await attempt(sandbox.url, { token: m.token, origin: 'https://evil.example' });
  assert.equal(evil.status, 403);
  assert.equal(evil.body!.error, 'bad_origin');
  const local = await attempt(sandbox.url, { token: m.token, origin: 'http://localhost:5173' });
  assert.equal(local.status, 101);
  local.ws!.close();
  const tokenFromEvil = await fetch(`${sandbox.httpUrl}/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Origin: 'https://evil.example',
      'X-Keydeck-Sandbox-Secret': sandbox.tokenSecret,
    },
    body: '{}',
  });
  assert.equal(tokenFromEvil.status, 403);
  assert.equal((await rawUpgrade(sandbox.port, { Host: `127.0.0.1:${sandbox.port}` }, '/other')).status, 404);
});

test('POST /token refuses bad requests', async () => {
  const post = (body: string, type = 'application/json') =>
    fetch(`${sandbox.httpUrl}/token`, {
      method: 'POST',
      headers: { 'Content-Type': type, 'X-Keydeck-Sandbox-Secret': sandbox.tokenSecret },
      body,
    });
  assert.equal((await post('{}', 'text/plain')).status, 415);
  assert.equal((await post('{"key":')).status, 400);
  assert.equal((await post('[1]')).status, 400);
  assert.equal((await post('{"key":"nope"}')).status, 403, 'the sandbox mints for its own key only');
  assert.equal((await post('{"ttl":"-5m"}')).status, 400);
  assert.equal((await post(JSON.stringify({ pad: 'x'.repeat(5000) }))).status, 413);
  assert.equal((await fetch(`${sandbox.httpUrl}/token`)).status, 405);
});

test('the event log records connects, refusals with reasons, messages and closes, and never a token', async () => {
  const m = await mint();
  events.length = 0;
  const a = await attempt(sandbox.url, { token: m.token });
  a.ws!.send('ping');
  await nextMessage(a.ws!);
  const c = closed(a.ws!);
  a.ws!.close(1000, 'done');
  await c;
  await attempt(sandbox.url);
  await new Promise((r) => setTimeout(r, 50));
  const types = events.map((e) => e.type);
  for (const t of ['connect', 'message', 'close', 'refusal']) assert.ok(types.includes(t as never), t);
  const refusal = events.find((e) => e.type === 'refusal');
  assert.equal(refusal && refusal.type === 'refusal' && refusal.reason, 'missing_token');
  const connect = events.find((e) => e.type === 'connect');
  assert.equal(connect && connect.type === 'connect' && connect.sub, 'rt');
  assert.equal(JSON.stringify(sandbox.recent()).includes(m.token.split('.')[2]!), false);
});

test('the connection tester reports status, latency, first message and close', async () => {
  const m = await mint();
  const ok = await testConnection(sandbox.url, m.token);
  assert.equal(ok.ok, true);
  assert.equal(ok.status, 101);
  assert.ok(typeof ok.latencyMs === 'number' && ok.latencyMs >= 0);
  assert.match(ok.firstMessage!, /session\.started/);
  assert.equal(ok.closeCode, 1000);
  const viaQuery = await testConnection(sandbox.url, m.token, { via: 'query' });
  assert.equal(viaQuery.status, 101);
  assert.equal(viaQuery.url.includes('token='), false, 'the report does not repeat the token');
  const refused = await testConnection(sandbox.url, 'bad');
  assert.equal(refused.ok, false);
  assert.equal(refused.status, 401);
  assert.match(refused.body!, /malformed/);
  assert.throws(() => testConnection('http://127.0.0.1:1/', m.token), { code: 'INVALID_URL' });
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const freePort = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  const down = await testConnection(`ws://127.0.0.1:${freePort}/ws`, m.token, { timeoutMs: 1000 });
  assert.equal(down.ok, false);
  assert.match(down.error!, /ECONNREFUSED/);
});
