import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestCore } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer, type SandboxEvent } from '../../../electron/core/sandbox/server.js';
import { SANDBOX_SECRET_HEADER } from '../../../shared/sandbox.js';

const core = makeTestCore();
const jwt = new JwtService(core);
const APP = 'http://localhost:5173';
let s: SandboxServer;
const minted: SandboxEvent[] = [];

before(async () => {
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:token-endpoint-secret');
  await core.credentials.create({ name: 'rt2', kind: 'realtime' }, 'rtkey2:another-realtime-secret');
  s = new SandboxServer({ jwt, tokenKey: 'rt', tokenTtl: '5m', scope: 'realtime tts', allowedOrigins: [`${APP}/`] });
  s.events.on('event', (e: SandboxEvent) => e.type === 'token' && minted.push(e));
  await s.start();
});
after(async () => {
  await s.stop();
  await core.cleanup();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.httpUrl}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const withSecret = () => ({ [SANDBOX_SECRET_HEADER]: s.tokenSecret });
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

test('POST /token without the sandbox secret, or with a wrong one, mints nothing', async () => {
  const before = minted.length;
  const attempts: Record<string, string>[] = [
    {},
    { [SANDBOX_SECRET_HEADER]: 'wrong' },
    { [SANDBOX_SECRET_HEADER]: '' },
  ];
  for (const headers of attempts) {
    const res = await post({}, headers);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: string }).error, 'missing_secret');
  }
  assert.equal(minted.length, before);
  const ok = await post({}, withSecret());
  assert.equal(ok.status, 200);
  const body = (await ok.json()) as { token: string; expires_in: number; scope: string };
  assert.equal(body.expires_in, 300);
  assert.equal(body.scope, 'realtime tts');
  assert.equal(minted.length, before + 1);
  assert.equal(ok.headers.get('access-control-allow-origin'), null, 'no CORS for a non-browser caller');
  assert.equal(
    s.recent().some((e) => JSON.stringify(e).includes(s.tokenSecret)),
    false,
    'the secret is never logged',
  );
});

test('a loopback page not on the allowlist cannot mint, even asking politely (the issue-15 attack)', async () => {
  const before = minted.length;
  const page = { Origin: 'http://localhost:3000' };
  const res = await post({ ttl: '24h', scope: 'admin realtime' }, page);
  assert.equal(res.status, 403);
  assert.equal(((await res.json()) as { error: string }).error, 'bad_origin');
  assert.equal(res.headers.get('access-control-allow-origin'), null);
  // Not even with the secret: an Origin off the list is refused before anything else.
  assert.equal((await post({}, { ...page, ...withSecret() })).status, 403);
  const preflight = await fetch(`${s.httpUrl}/token`, {
    method: 'OPTIONS',
    headers: { ...page, 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(preflight.status, 403);
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  assert.equal(minted.length, before);
});

test('an allowlisted origin gets CORS for itself only (never *) and mints without the secret', async () => {
  const preflight = await fetch(`${s.httpUrl}/token`, {
    method: 'OPTIONS',
    headers: { Origin: APP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), APP);
  assert.match(preflight.headers.get('access-control-allow-headers')!, /content-type/i);
  const res = await post({ ttl: '90s', scope: 'tts' }, { Origin: APP });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), APP);
  assert.equal(res.headers.get('vary'), 'Origin');
  const { token } = (await res.json()) as { token: string };
  const c = claimsOf(token);
  assert.equal((c.exp as number) - (c.iat as number), 90);
  assert.equal(c.scope, 'tts');
  const v = await jwt.verify(token, { kind: 'local' }, { audience: 'realtime', scope: 'tts' });
  assert.equal(v.ok, true);
});

test('a caller cannot widen lifetime, scope or key beyond what the sandbox was started with', async () => {
  const before = minted.length;
  const cases: [unknown, number, string][] = [
    [{ ttl: '24h' }, 403, 'ttl_not_allowed'],
    [{ ttl: '301s' }, 403, 'ttl_not_allowed'],
    [{ ttl: 86400 }, 403, 'ttl_not_allowed'],
    [{ ttl: '-5m' }, 400, 'INVALID_LIFETIME'],
    [{ ttl: true }, 400, 'INVALID_LIFETIME'],
    [{ scope: 'admin realtime' }, 403, 'scope_not_allowed'],
    [{ scope: 'admin' }, 403, 'scope_not_allowed'],
    [{ scope: '' }, 400, 'invalid_scope'],
    [{ scope: ['realtime'] }, 400, 'invalid_scope'],
    [{ key: 'rt2' }, 403, 'key_not_allowed'],
    [{ key: 5 }, 400, 'invalid_key'],
  ];
  for (const [body, status, error] of cases) {
    const res = await post(body, withSecret());
    assert.equal(res.status, status, JSON.stringify(body));
    assert.equal(((await res.json()) as { error: string }).error, error, JSON.stringify(body));
  }
  assert.equal(minted.length, before);
  const narrower = await post({ ttl: '5m', scope: 'realtime realtime', key: 'rt' }, withSecret());
  assert.equal(narrower.status, 200);
  assert.equal(claimsOf(((await narrower.json()) as { token: string }).token).scope, 'realtime');
});

test('an allowlist entry that is not an origin is refused at start: *, paths, other schemes', () => {
  for (const bad of [
    '*',
    'http://localhost:5173/app',
    'javascript:alert(1)',
    'file:///tmp',
    'localhost:5173',
    '',
    'http://u:p@localhost',
  ]) {
    assert.throws(() => new SandboxServer({ jwt, allowedOrigins: [bad] }), { code: 'INVALID_ORIGIN' }, bad);
  }
});
