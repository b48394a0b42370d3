import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { makeTestCore, keychainAccounts } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { jwksResolver, verifyToken } from '../../../electron/core/jwt/verify.js';
import { addRealtime } from './helpers.js';

const core = makeTestCore();
const jwt = new JwtService(core);
after(() => core.cleanup());

test('first use creates one key per algorithm even when two mints race', async () => {
  await addRealtime(core);
  const [a, b] = await Promise.all([jwt.keys.ensure('ES256'), jwt.keys.ensure('ES256')]);
  assert.equal(a.kid, b.kid);
  assert.equal(jwt.signingKeys().filter((k) => k.alg === 'ES256').length, 1);
  assert.match(a.kid, /^es256-[A-Za-z0-9_-]{16}$/);
});

test('a removed key stops verifying, and its keychain entry is gone', async () => {
  const m = await jwt.mint({ key: 'rt-demo', alg: 'EdDSA' });
  assert.equal((await jwt.verify(m.token)).ok, true);
  assert.ok((await keychainAccounts(core)).includes(`signing/${m.kid}`));
  await jwt.keys.remove(m.kid);
  const r = await jwt.verify(m.token);
  assert.equal(!r.ok && r.reason, 'unknown_kid');
  assert.equal((await keychainAccounts(core)).includes(`signing/${m.kid}`), false);
  await assert.rejects(jwt.keys.remove(m.kid), { code: 'SIGNING_KEY_NOT_FOUND' });
});

test('a rotated credential: tokens from the old secret verify while it is retiring, not once retired', async () => {
  const old = await jwt.mint({ key: 'rt-demo', alg: 'HS256' });
  await core.credentials.rotate('rt-demo', 'rtkey0002:supersecretvalue-0002');
  const fresh = await jwt.mint({ key: 'rt-demo', alg: 'HS256' });
  assert.notEqual(old.kid, fresh.kid);
  assert.equal((await jwt.verify(old.token)).ok, true, 'the retiring version still verifies');
  await core.credentials.retire('rt-demo', 1);
  const r = await jwt.verify(old.token);
  assert.equal(!r.ok && r.reason, 'unknown_kid');
  assert.equal((await jwt.verify(fresh.token)).ok, true);
});

test('a pasted key must be of the type its algorithm needs', async () => {
  const m = await jwt.mint({ key: 'rt-demo', alg: 'ES256' });
  const ed = jwt.jwks().keys.find((k) => k.alg === 'EdDSA') ?? (await jwt.keys.create('EdDSA')).publicJwk!;
  // An Ed25519 key that claims to be ES256 is not an ES256 key.
  const liar = { ...ed, alg: 'ES256', kid: m.kid };
  const r = await verifyToken(m.token, jwksResolver(JSON.stringify(liar)));
  assert.equal(!r.ok && r.reason, 'alg_mismatch');
  // An oct JWK verifies HS256 tokens.
  const k = randomBytes(32);
  const h = Buffer.from('{"alg":"HS256"}').toString('base64url');
  const p = Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
  const t = `${h}.${p}.${createHmac('sha256', k).update(`${h}.${p}`).digest('base64url')}`;
  const ok = await verifyToken(t, jwksResolver({ kty: 'oct', k: k.toString('base64url') }));
  assert.equal(ok.ok, true);
  // A private JWK pasted by mistake acts as its public half.
  const stored = JSON.parse((await core.vault.get(`signing/${m.kid}`))!) as { jwk: Record<string, unknown> };
  assert.equal(typeof stored.jwk.d, 'string');
  assert.equal((await verifyToken(m.token, jwksResolver(stored.jwk))).ok, true);
  // A key type the workbench does not use (P-384) matches nothing.
  const none = await verifyToken(t, jwksResolver({ kty: 'EC', crv: 'P-384', x: 'AA', y: 'AA' }));
  assert.equal(!none.ok && none.reason, 'unknown_kid');
});

test('minting with a chosen kid: a generated HS256 workspace key, never another workspace’s key', async () => {
  const hs = await jwt.keys.create('HS256');
  const m = await jwt.mint({ key: 'rt-demo', kid: hs.kid });
  assert.equal(m.alg, 'HS256');
  assert.equal(m.header.kid, hs.kid);
  assert.equal((await jwt.verify(m.token)).ok, true);
  assert.equal(hs.publicJwk, undefined, 'a secret key has no public half');
  assert.equal(
    jwt.jwks().keys.some((k) => k.kid === hs.kid),
    false,
    'and never appears in the JWKS',
  );
  await core.workspaces.add('Other');
  await core.credentials.create({ name: 'rt2', kind: 'realtime', workspace: 'Other' }, 'k9:other-workspace-secret');
  await assert.rejects(jwt.mint({ key: 'rt2', workspace: 'Other', kid: hs.kid }), { code: 'SIGNING_KEY_NOT_FOUND' });
  // A token from this workspace does not verify against the other workspace's keys.
  const r = await jwt.verify(m.token, { kind: 'local' }, { workspace: 'Other' });
  assert.equal(!r.ok && r.reason, 'unknown_kid');
});
