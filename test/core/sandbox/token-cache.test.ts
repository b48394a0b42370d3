/**
 * The verified-token cache (issue 12, speed): a token checked once is not checked again while it is
 * good, but expiry on the sandbox clock, a revocation and a catalog change (recheck) are never skipped;
 * the cache is bounded and keeps no token without an exp.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestCore } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer } from '../../../electron/core/sandbox/server.js';
import { VerifiedTokenCache } from '../../../electron/core/sandbox/token-cache.js';
import { attempt } from './client.js';
import { ManualClock } from './manual-clock.js';

const core = makeTestCore();
const jwt = new JwtService(core);
const clock = new ManualClock();
let sandbox: SandboxServer;

before(async () => {
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:token-cache-secret');
  sandbox = new SandboxServer({ jwt, tokenKey: 'rt', clock });
  await sandbox.start();
});
after(async () => {
  await sandbox.stop();
  await core.cleanup();
});

const status = async (token: string) => {
  const a = await attempt(sandbox.url, { token });
  a.ws?.close();
  return { status: a.status, reason: a.body?.error };
};

test('a reconnect with the same token is served from the cache; expiry and revocation still refuse it', async () => {
  const { token, claims } = await jwt.mint({ key: 'rt', ttl: '2m', now: clock.now() });
  assert.equal((await status(token)).status, 101);
  assert.equal(sandbox.verified.size, 1);
  assert.equal((await status(token)).status, 101, 'a hit');
  // Past exp (plus the 30 s tolerance) on the sandbox clock: refused, and forgotten.
  clock.advance(((claims.exp as number) - Math.floor(clock.now() / 1000) + 31) * 1000);
  assert.equal((await status(token)).status, 401);
  assert.equal(sandbox.verified.size, 0);
  // Revocation beats a cached token.
  const fresh = await jwt.mint({ key: 'rt', ttl: '2m', now: clock.now() });
  assert.equal((await status(fresh.token)).status, 101);
  await jwt.revoke(String(fresh.claims.jti), {});
  const r = await status(fresh.token);
  assert.equal(r.status, 401);
  assert.equal(r.reason, 'revoked');
  // A catalog change (recheck) empties the cache.
  const third = await jwt.mint({ key: 'rt', ttl: '2m', now: clock.now() });
  assert.equal((await status(third.token)).status, 101);
  assert.equal(sandbox.verified.size, 1);
  sandbox.recheck();
  assert.equal(sandbox.verified.size, 0);
});

test('the cache is bounded, oldest out, and never keeps a token without exp', () => {
  const c = new VerifiedTokenCache(3);
  const exp = Math.floor(Date.now() / 1000) + 60;
  for (const t of ['a', 'b', 'c', 'd']) c.set(t, { exp });
  assert.equal(c.size, 3);
  assert.equal(
    c.get('a', Date.now(), () => false),
    undefined,
    'the oldest went first',
  );
  assert.deepEqual(
    c.get('d', Date.now(), () => false),
    { exp },
  );
  c.set('forever', { sub: 'x' });
  assert.equal(
    c.get('forever', Date.now(), () => false),
    undefined,
  );
});
