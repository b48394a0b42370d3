import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestCore } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { parseLifetime } from '../../../electron/core/jwt/lifetime.js';
import { parseClaimsJson, parseClaimPairs } from '../../../electron/core/jwt/mint.js';
import { decodeToken } from '../../../electron/core/jwt/token.js';
import { secretResolver, verifyToken, DEFAULT_CLOCK_TOLERANCE } from '../../../electron/core/jwt/verify.js';
import { independentVerify } from '../../../electron/core/jwt/independent-verify.js';
import { hsToken, nowSec } from './helpers.js';

const core = makeTestCore();
const jwt = new JwtService(core);
after(() => core.cleanup());

const SECRET = 'pasted-test-secret-0123456789';
const H = { alg: 'HS256', typ: 'JWT' };
const verify = (token: string, expect = {}) => verifyToken(token, secretResolver(SECRET), expect);
const reason = async (token: string, expect = {}) => {
  const r = await verify(token, expect);
  return r.ok ? 'ok' : r.reason;
};

test('malformed tokens: segment count, bad base64url, non-JSON, non-object', async () => {
  const good = hsToken(H, { exp: nowSec() + 60 }, SECRET);
  const [h, p, s] = good.split('.');
  for (const bad of [
    '',
    'abc',
    `${h}.${p}`,
    `${h}.${p}.${s}.x`,
    `${h}.${p}.${s}.x.y`,
    `${h}!.${p}.${s}`,
    `${h}.${p}.${s}*`,
  ]) {
    assert.equal(await reason(bad), 'malformed', bad);
    assert.throws(() => decodeToken(bad), { code: 'JWT_MALFORMED' });
  }
  const notJson = `${Buffer.from('{"alg":"HS256"').toString('base64url')}.${p}.${s}`;
  assert.equal(await reason(notJson), 'malformed');
  const array = `${h}.${Buffer.from('[1,2]').toString('base64url')}.${s}`;
  assert.equal(await reason(array), 'malformed');
  assert.throws(() => jwt.decode('x.y'), /3 dot-separated segments/);
  assert.equal(independentVerify(notJson, { alg: 'HS256', secret: SECRET }).ok, false);
});

test('a token over 16 KiB is refused unread', async () => {
  const big = hsToken(H, { exp: nowSec() + 60, pad: 'x'.repeat(17 * 1024) }, SECRET);
  assert.equal(await reason(big), 'too_large');
  assert.throws(() => jwt.decode(big), { code: 'JWT_TOO_LARGE' });
  const justUnder = hsToken(H, { exp: nowSec() + 60, pad: 'x'.repeat(11 * 1024) }, SECRET);
  assert.equal(await reason(justUnder), 'ok');
});

test('alg none, crit headers and an algorithm that does not fit the key', async () => {
  const claims = { exp: nowSec() + 60 };
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
  assert.equal(await reason(none), 'alg_none');
  assert.equal(await reason(hsToken({ alg: 'NONE' }, claims, SECRET)), 'alg_none');
  assert.equal(await reason(hsToken({ ...H, crit: ['exp'] }, claims, SECRET)), 'crit_unsupported');
  assert.equal(await reason(hsToken({ ...H, crit: ['x-custom'], 'x-custom': 1 }, claims, SECRET)), 'crit_unsupported');
  assert.equal(
    independentVerify(hsToken({ ...H, crit: ['b64'] }, claims, SECRET), { alg: 'HS256', secret: SECRET }).ok,
    false,
  );
  // An HS384/RS256 header with an HS256 key: pinned, so refused before any signature check.
  assert.equal(await reason(hsToken({ alg: 'HS384' }, claims, SECRET)), 'alg_mismatch');
  assert.equal(await reason(hsToken({ alg: 'ES256' }, claims, SECRET)), 'alg_mismatch');
});

test('the classic confusion: an HS256 token signed with the public JWK as secret is refused', async () => {
  const { credential } = await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'k1:secret-for-confusion');
  const m = await jwt.mint({ key: credential.name, alg: 'ES256' });
  const pub = jwt.jwks().keys.find((k) => k.kid === m.kid)!;
  const forged = hsToken({ alg: 'HS256', kid: m.kid }, { ...m.claims }, JSON.stringify(pub));
  const r = await jwt.verify(forged);
  assert.equal(!r.ok && r.reason, 'alg_mismatch');
  const unknown = await jwt.verify(hsToken({ alg: 'HS256', kid: 'nobody' }, m.claims, SECRET));
  assert.equal(!unknown.ok && unknown.reason, 'unknown_kid');
  // A tampered payload keeps the header but breaks the signature.
  const [h, , s] = m.token.split('.');
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...m.claims, scope: 'admin' })).toString('base64url')}.${s}`;
  const t = await jwt.verify(tampered);
  assert.equal(!t.ok && t.reason, 'bad_signature');
});

test('missing exp, expired, not yet valid, wrong aud and iss', async () => {
  const n = nowSec();
  assert.equal(await reason(hsToken(H, { sub: 'x' }, SECRET)), 'missing_exp');
  assert.equal(await reason(hsToken(H, { exp: 'soon' }, SECRET)), 'invalid_exp');
  assert.equal(await reason(hsToken(H, { exp: n - 3600 }, SECRET)), 'expired');
  assert.equal(await reason(hsToken(H, { exp: n + 600, nbf: n + 3600 }, SECRET)), 'not_yet_valid');
  const t = hsToken(H, { exp: n + 600, aud: ['a', 'b'], iss: 'me' }, SECRET);
  assert.equal(await reason(t, { audience: 'b', issuer: 'me' }), 'ok');
  assert.equal(await reason(t, { audience: 'realtime' }), 'wrong_aud');
  assert.equal(await reason(t, { issuer: 'you' }), 'wrong_iss');
  assert.equal(await reason(hsToken(H, { exp: n + 600 }, SECRET), { audience: 'realtime' }), 'wrong_aud');
  assert.equal(await reason(t, { scope: 'realtime' }), 'missing_scope');
});

test('clock skew: accepted within the tolerance, refused once now reaches exp + tolerance', async () => {
  const now = 1_800_000_000_000;
  const n = now / 1000;
  const tol = DEFAULT_CLOCK_TOLERANCE;
  const at = { now };
  assert.equal(await reason(hsToken(H, { exp: n - tol + 1 }, SECRET), at), 'ok');
  assert.equal(await reason(hsToken(H, { exp: n - tol }, SECRET), at), 'expired');
  // A fraction of a second buys nothing: exp is compared in whole seconds.
  assert.equal(await reason(hsToken(H, { exp: n - tol + 0.9 }, SECRET), at), 'expired');
  assert.equal(await reason(hsToken(H, { exp: n + 600, nbf: n + tol }, SECRET), at), 'ok');
  assert.equal(await reason(hsToken(H, { exp: n + 600, nbf: n + tol + 1 }, SECRET), at), 'not_yet_valid');
  assert.equal(await reason(hsToken(H, { exp: n - 5 }, SECRET), { now, clockToleranceSec: 0 }), 'expired');
  // The independent verifier agrees at the same boundary.
  const edge = hsToken(H, { exp: n - tol + 1 }, SECRET);
  assert.equal(independentVerify(edge, { alg: 'HS256', secret: SECRET }, { nowSec: n, toleranceSec: tol }).ok, true);
  assert.equal(
    independentVerify(edge, { alg: 'HS256', secret: SECRET }, { nowSec: n + 1, toleranceSec: tol }).ok,
    false,
  );
});

test('claims JSON that does not parse, or sets what the template owns, is refused', () => {
  for (const bad of [
    '{"room":',
    'not json',
    '[1,2]',
    '"text"',
    'null',
    '{"exp":1}',
    '{"nbf":1}',
    '{"iat":1}',
    '{"sub":5}',
    '{"aud":[]}',
    '{"aud":[1]}',
  ]) {
    assert.throws(() => parseClaimsJson(bad), { code: 'INVALID_CLAIMS' }, bad);
  }
  assert.throws(() => parseClaimsJson(JSON.stringify({ big: 'x'.repeat(9000) })), { code: 'INVALID_CLAIMS' });
  assert.throws(() => parseClaimPairs(['novalue']), { code: 'INVALID_CLAIMS' });
  assert.throws(() => parseClaimPairs(['=v']), { code: 'INVALID_CLAIMS' });
  assert.throws(() => parseClaimPairs(['exp=99']), { code: 'INVALID_CLAIMS' });
});

test('negative, zero, fractional and absurd lifetimes are refused', async () => {
  for (const bad of ['-5m', '-1', '0s', '0', '1.5h', '25h', '999999h', '10y', '10 m', '', 'forever', '1e9']) {
    assert.throws(() => parseLifetime(bad), { code: 'INVALID_LIFETIME' }, bad);
  }
  assert.equal(parseLifetime('24h'), 86400);
  assert.equal(parseLifetime('1s'), 1);
  await assert.rejects(jwt.mint({ key: 'rt', ttl: '-90s' }), { code: 'INVALID_LIFETIME' });
});

test('minting for a key that is not realtime-only is refused', async () => {
  await core.credentials.create({ name: 'std', kind: 'standard' }, 'k2:standard-secret-value');
  await assert.rejects(jwt.mint({ key: 'std', alg: 'HS256' }), { code: 'NOT_REALTIME_KEY' });
  await assert.rejects(jwt.mint({ key: 'std', alg: 'ES256' }), { code: 'NOT_REALTIME_KEY' });
  await assert.rejects(jwt.mint({ key: 'missing' }), { code: 'CREDENTIAL_NOT_FOUND' });
});
