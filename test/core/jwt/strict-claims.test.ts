import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { makeTestCore } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { secretResolver, verifyToken } from '../../../electron/core/jwt/verify.js';
import { MAX_NUMERIC_DATE } from '../../../electron/core/jwt/claims.js';
import { hsToken } from './helpers.js';

const core = makeTestCore();
const jwt = new JwtService(core);
after(() => core.cleanup());

const SECRET = 'strict-claims-secret-0123456789';
const H = { alg: 'HS256', typ: 'JWT' };
const NOW = 1_800_000_000_000;
const N = NOW / 1000;
const reason = async (token: string, expect: Record<string, unknown> = {}) => {
  const r = await verifyToken(token, secretResolver(SECRET), { now: NOW, audience: 'rt', ...expect });
  return r.ok ? 'ok' : r.reason;
};
/** Signs raw JSON text (so a test can put 1e400 or 2^53+1 in a claim exactly as written). */
const rawToken = (header: string | Buffer, payload: string | Buffer) => {
  const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
};
const HJ = JSON.stringify(H);

test('a well-formed token passes, with a pasted Bearer prefix and a trailing newline too', async () => {
  const t = hsToken(H, { exp: N + 600, iat: N, nbf: N, aud: 'rt', iss: 'me', sub: 'u', jti: 'j' }, SECRET);
  assert.equal(await reason(t), 'ok');
  assert.equal(await reason(`Bearer ${t}\n`), 'ok');
  assert.equal(await reason(`${t}\r\n`), 'ok');
});

test('exp, nbf and iat must be finite NumericDates: each gets its own reason', async () => {
  for (const [claim, why] of [
    ['exp', 'invalid_exp'],
    ['nbf', 'invalid_nbf'],
    ['iat', 'invalid_iat'],
  ] as const) {
    for (const v of [
      '1e400',
      '-1e400',
      '1e30',
      '9007199254740993',
      '8640000000000',
      '"1800000000"',
      'true',
      'null',
      '[1]',
      '{}',
      '-1',
    ]) {
      const claims = `{"exp":${claim === 'exp' ? v : N + 600},"aud":"rt","${claim === 'exp' ? 'x' : claim}":${claim === 'exp' ? 0 : v}}`;
      assert.equal(await reason(rawToken(HJ, claims)), why, `${claim}=${v}`);
    }
  }
  // The last second a date can show is still a date.
  assert.equal(await reason(hsToken(H, { exp: MAX_NUMERIC_DATE, aud: 'rt' }, SECRET)), 'ok');
  assert.equal(await reason(hsToken(H, { exp: MAX_NUMERIC_DATE + 1, aud: 'rt' }, SECRET)), 'invalid_exp');
});

test('iat in the future beyond the leeway is refused; within it, accepted', async () => {
  assert.equal(await reason(hsToken(H, { exp: N + 90000, iat: N + 86400, aud: 'rt' }, SECRET)), 'issued_in_future');
  assert.equal(await reason(hsToken(H, { exp: N + 600, iat: N + 31, aud: 'rt' }, SECRET)), 'issued_in_future');
  assert.equal(await reason(hsToken(H, { exp: N + 600, iat: N + 30, aud: 'rt' }, SECRET)), 'ok');
});

test('aud must be a string or a non-empty list of strings; iss, sub and jti strings', async () => {
  for (const aud of [['rt', 1], ['rt', null], [], 5, { rt: true }, ['rt', ['rt']]]) {
    assert.equal(await reason(hsToken(H, { exp: N + 600, aud }, SECRET)), 'invalid_aud', JSON.stringify(aud));
    // Also when the caller does not ask for an audience.
    assert.equal(await reason(hsToken(H, { exp: N + 600, aud }, SECRET), { audience: undefined }), 'invalid_aud');
  }
  assert.equal(await reason(hsToken(H, { exp: N + 600, aud: ['x', 'rt'] }, SECRET)), 'ok');
  assert.equal(await reason(hsToken(H, { exp: N + 600, aud: 'rt', iss: 7 }, SECRET)), 'invalid_iss');
  assert.equal(await reason(hsToken(H, { exp: N + 600, aud: 'rt', sub: { id: 1 } }, SECRET)), 'invalid_sub');
  assert.equal(await reason(hsToken(H, { exp: N + 600, aud: 'rt', jti: 12 }, SECRET)), 'invalid_jti');
});

test('a payload or header that is not valid UTF-8 is refused, not repaired', async () => {
  const bad = Buffer.concat([
    Buffer.from(`{"exp":${N + 600},"aud":"rt","n":"`),
    Buffer.from([0xc3, 0x28]),
    Buffer.from('"}'),
  ]);
  assert.equal(await reason(rawToken(HJ, bad)), 'invalid_utf8');
  const lone = Buffer.concat([
    Buffer.from(`{"exp":${N + 600},"aud":"rt","n":"`),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from('"}'),
  ]);
  assert.equal(await reason(rawToken(HJ, lone)), 'invalid_utf8');
  const badHeader = Buffer.concat([Buffer.from('{"alg":"HS256","x":"'), Buffer.from([0xff]), Buffer.from('"}')]);
  assert.equal(await reason(rawToken(badHeader, `{"exp":${N + 600}}`)), 'invalid_utf8');
  assert.throws(() => jwt.decode(rawToken(HJ, bad)), { code: 'JWT_INVALID_UTF8' });
});

test('b64 without crit, b64 with crit, and a kid that is not a string are refused', async () => {
  const claims = { exp: N + 600, aud: 'rt' };
  assert.equal(await reason(hsToken({ ...H, b64: false }, claims, SECRET)), 'b64_unsupported');
  assert.equal(await reason(hsToken({ ...H, b64: true }, claims, SECRET)), 'b64_unsupported');
  assert.equal(await reason(hsToken({ ...H, b64: false, crit: ['b64'] }, claims, SECRET)), 'crit_unsupported');
  assert.equal(await reason(hsToken({ ...H, kid: 5 }, claims, SECRET)), 'invalid_kid');
});

test('decode shows an absurd exp as such instead of failing with INTERNAL', () => {
  for (const v of ['1e30', '9007199254740993', '8640000000000', '1e400']) {
    const d = jwt.decode(rawToken(HJ, `{"exp":${v}}`), NOW);
    assert.equal(d.expiresAt, undefined);
    assert.equal(d.countdown, 'exp is not a date');
  }
});
