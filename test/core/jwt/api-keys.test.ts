import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { jwtVerify } from 'jose';
import { makeTestCore } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { independentVerify } from '../../../electron/core/jwt/independent-verify.js';
import { displayPrefix } from '../../../electron/core/display.js';

const core = makeTestCore();
const jwt = new JwtService(core);
after(() => core.cleanup());

test('sk-live API keys: HS256 JWT with user id, jti and iat, shown by prefix', async () => {
  const k = await jwt.issueApiKey('user-42');
  assert.match(k.key, /^sk-live-eyJ/);
  assert.match(k.prefix, /^sk-live-[0-9a-f]{8}$/);
  assert.equal(k.prefix, displayPrefix(k.key), 'the same prefix the credential list shows');
  const d = jwt.decode(k.key);
  assert.equal(d.header.alg, 'HS256');
  assert.deepEqual(Object.keys(d.claims).sort(), ['iat', 'jti', 'uid']);
  assert.equal(d.prefix, k.prefix);
  assert.equal((await jwt.verifyApiKey(k.key)).ok, true);

  // jose and the independent verifier both accept it with the workspace's HS256 key.
  const hs = jwt.signingKeys().find((x) => x.alg === 'HS256' && x.source === 'generated')!;
  const material = await jwt.keys.signer(hs.kid);
  await jwtVerify(k.key.slice(8), material.key as Uint8Array, { algorithms: ['HS256'] });
  assert.equal(
    independentVerify(k.key, { alg: 'HS256', secret: material.key as Uint8Array }, { allowMissingExp: true }).ok,
    true,
  );
});

test('a revoked key is rejected although its signature is still valid', async () => {
  const a = await jwt.issueApiKey('user-1');
  const b = await jwt.issueApiKey('user-2');
  await jwt.revoke(a.jti, { reason: 'leaked' });
  await jwt.revoke(a.jti); // idempotent
  assert.equal(jwt.revocations().length, 1);
  const ra = await jwt.verifyApiKey(a.key);
  assert.equal(!ra.ok && ra.reason, 'revoked');
  assert.equal((await jwt.verifyApiKey(b.key)).ok, true);
  // The signature alone is fine: only the list says no.
  const hs = jwt.signingKeys().find((x) => x.alg === 'HS256' && x.source === 'generated')!;
  const material = await jwt.keys.signer(hs.kid);
  assert.equal(
    independentVerify(a.key, { alg: 'HS256', secret: material.key as Uint8Array }, { allowMissingExp: true }).ok,
    true,
  );
  assert.equal(await jwt.unrevoke(a.jti), true);
  assert.equal((await jwt.verifyApiKey(a.key)).ok, true);
});

test('forged, foreign and malformed API keys fail with a reason', async () => {
  const a = await jwt.issueApiKey('user-3');
  const forged = a.key.slice(0, -4) + (a.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const r = await jwt.verifyApiKey(forged);
  assert.equal(!r.ok && r.reason, 'bad_signature');
  const plain = await jwt.verifyApiKey(a.key.slice(8));
  assert.equal(!plain.ok && plain.reason, 'malformed');
  await assert.rejects(jwt.issueApiKey('  '), { code: 'INVALID_INPUT' });
  // Session tokens still require exp: an API key pasted into the session verifier says so.
  const s = await jwt.verify(a.key);
  assert.equal(!s.ok && s.reason, 'missing_exp');
});
