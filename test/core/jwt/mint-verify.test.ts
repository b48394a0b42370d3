import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, importJWK, jwtVerify, type JWK } from 'jose';
import { makeTestCore, keychainAccounts } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { independentVerify } from '../../../electron/core/jwt/independent-verify.js';
import { copyForms, parseClaimPairs, parseClaimsJson } from '../../../electron/core/jwt/mint.js';
import { parseLifetime, describeRemaining } from '../../../electron/core/jwt/lifetime.js';
import { addRealtime } from './helpers.js';

const core = makeTestCore();
const jwt = new JwtService(core);
after(() => core.cleanup());

test('ES256 and EdDSA tokens round-trip through jose (via the JWKS) and the independent verifier', async () => {
  await addRealtime(core);
  for (const alg of ['ES256', 'EdDSA'] as const) {
    const m = await jwt.mint({ key: 'rt-demo', alg });
    assert.equal(m.alg, alg);
    assert.equal(m.claims.sub, 'rt-demo');
    assert.equal(m.claims.aud, 'realtime');
    assert.equal(m.claims.scope, 'realtime');
    assert.equal((m.claims.exp as number) - (m.claims.iat as number), 600);
    assert.equal(m.claims.nbf, m.claims.iat);
    assert.match(String(m.claims.jti), /^[0-9a-f-]{36}$/);

    const jwks = jwt.jwks();
    const { payload, protectedHeader } = await jwtVerify(m.token, createLocalJWKSet(jwks as { keys: JWK[] }), {
      algorithms: [alg],
      audience: 'realtime',
      requiredClaims: ['exp'],
    });
    assert.equal(protectedHeader.kid, m.kid);
    assert.equal(payload.jti, m.claims.jti);

    const pub = jwks.keys.find((k) => k.kid === m.kid)!;
    assert.equal('d' in pub, false, 'the JWKS holds no private material');
    const ind = independentVerify(m.token, { alg, jwk: pub }, { audience: 'realtime' });
    assert.equal(ind.ok, true, JSON.stringify(ind));

    const local = await jwt.verify(m.token, { kind: 'local' }, { audience: 'realtime', scope: 'realtime' });
    assert.equal(local.ok, true);
  }
  // Keys are created once and reused; private halves live in the keychain only.
  await jwt.mint({ key: 'rt-demo', alg: 'ES256' });
  const generated = jwt.signingKeys().filter((k) => k.source === 'generated');
  assert.deepEqual(generated.map((k) => k.alg).sort(), ['ES256', 'EdDSA']);
  const accounts = await keychainAccounts(core);
  for (const k of generated) assert.ok(accounts.includes(`signing/${k.kid}`));
  const catalogText = JSON.stringify(core.catalog.read());
  assert.equal(catalogText.includes('"d":'), false, 'no private JWK in the catalog');
});

test('HS256 signs with the credential’s own secret: jose and the independent verifier agree', async () => {
  const m = await jwt.mint({ key: 'rt-demo', alg: 'HS256', ttl: '90s' });
  const { secret } = await core.credentials.readSecret('rt-demo');
  const { payload } = await jwtVerify(m.token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
  assert.equal(payload.exp! - payload.iat!, 90);
  assert.equal(independentVerify(m.token, { alg: 'HS256', secret }).ok, true);
  assert.equal(independentVerify(m.token, { alg: 'HS256', secret: secret + 'x' }).ok, false);
  const k = jwt.signingKeys().find((x) => x.kid === m.kid)!;
  assert.equal(k.source, 'credential');
  assert.equal(JSON.stringify(core.catalog.read()).includes(secret), false, 'the secret never reaches the catalog');
  // Local verification by kid, by credential name and by pasted secret.
  assert.equal((await jwt.verify(m.token)).ok, true);
  assert.equal((await jwt.verify(m.token, { kind: 'credential', name: 'rt-demo' })).ok, true);
  assert.equal((await jwt.verify(m.token, { kind: 'secret', secret })).ok, true);
  const wrong = await jwt.verify(m.token, { kind: 'secret', secret: 'not-it' });
  assert.equal(wrong.ok, false);
  assert.equal(!wrong.ok && wrong.reason, 'bad_signature');
});

test('custom claims, --claim pairs and relative lifetimes', async () => {
  const m = await jwt.mint({
    key: 'rt-demo',
    template: 'custom',
    claims: parseClaimsJson('{"room":"demo","tier":3,"aud":["realtime","admin"]}'),
    ttl: '2h',
  });
  assert.equal(m.claims.room, 'demo');
  assert.equal(m.claims.tier, 3);
  assert.equal((m.claims.exp as number) - (m.claims.iat as number), 7200);
  assert.equal((await jwt.verify(m.token, { kind: 'local' }, { audience: 'admin' })).ok, true);
  assert.deepEqual(parseClaimPairs(['room=demo', 'n=42', 'flag=true', 'list=["a"]', 'eq=a=b']), {
    room: 'demo',
    n: 42,
    flag: true,
    list: ['a'],
    eq: 'a=b',
  });
  assert.equal(parseLifetime('90s'), 90);
  assert.equal(parseLifetime('15m'), 900);
  assert.equal(parseLifetime('2h'), 7200);
  assert.equal(parseLifetime(30), 30);
  assert.equal(describeRemaining(1000, 1000_000 - 125_000), 'expires in 2m 5s');
  assert.equal(describeRemaining(1000, 1000_000 + 3_000), 'expired 3s ago');
});

test('copy forms: raw, Authorization header, ws:// URL with ?token=', () => {
  const f = copyForms('aaa.bbb.ccc', 'ws://127.0.0.1:9000/ws?x=1');
  assert.equal(f.raw, 'aaa.bbb.ccc');
  assert.equal(f.header, 'Authorization: Bearer aaa.bbb.ccc');
  assert.equal(f.url, 'ws://127.0.0.1:9000/ws?x=1&token=aaa.bbb.ccc');
  assert.throws(() => copyForms('a.b.c', 'http://x/'), { code: 'INVALID_URL' });
});

test('decode shows header, claims and a countdown', async () => {
  const m = await jwt.mint({ key: 'rt-demo', ttl: '15m' });
  const d = jwt.decode(m.token);
  assert.equal(d.header.alg, 'ES256');
  assert.match(d.claimsText, /"sub": "rt-demo"/);
  assert.match(d.countdown, /^expires in (14m|15m 0s)/);
});

test('verification against a pasted JWK, a JWKS and a localhost JWKS URL only', async () => {
  const m = await jwt.mint({ key: 'rt-demo', alg: 'EdDSA' });
  const jwks = jwt.jwks();
  const one = jwks.keys.find((k) => k.kid === m.kid)!;
  assert.equal((await jwt.verify(m.token, { kind: 'jwk', json: JSON.stringify(one) })).ok, true);
  assert.equal((await jwt.verify(m.token, { kind: 'jwk', json: JSON.stringify(jwks) })).ok, true);
  // An ES256 key cannot verify an EdDSA token.
  const es = jwks.keys.find((k) => k.alg === 'ES256')!;
  const mismatch = await jwt.verify(m.token, { kind: 'jwk', json: JSON.stringify(es) });
  assert.equal(!mismatch.ok && mismatch.reason, 'alg_mismatch');
  await assert.rejects(jwt.verify(m.token, { kind: 'jwk', json: '{nope' }), { code: 'INVALID_JWK' });
  await assert.rejects(jwt.verify(m.token, { kind: 'jwks-url', url: 'https://example.com/jwks.json' }), {
    code: 'INVALID_URL',
  });
  // A real JWKS server on loopback.
  const http = await import('node:http');
  const server = http.createServer((_req, res) => res.end(JSON.stringify(jwks)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const r = await jwt.verify(m.token, { kind: 'jwks-url', url: `http://127.0.0.1:${port}/.well-known/jwks.json` });
    assert.equal(r.ok, true);
  } finally {
    server.close();
  }
  // The imported public key from the JWKS also verifies with jose directly.
  const key = await importJWK(one, 'EdDSA');
  await jwtVerify(m.token, key, { algorithms: ['EdDSA'] });
});
