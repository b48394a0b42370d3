/**
 * The exported HS256 secret verifies the sk-live- keys Keydeck issues in the backends' own libraries:
 * Debian's PyJWT (python3-jwt, no code shared with Keydeck) and jose in node.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { importJWK, jwtVerify } from 'jose';
import { makeTestCore } from '../../harness/core.js';
import { JwtService, HS256_SECRET_ENV, hs256Export } from '../../../electron/core/jwt/index.js';
import { skipUnless } from '../../harness/tools.js';

const core = makeTestCore();
const jwt = new JwtService(core);
after(() => core.cleanup());

/** A python3 that imports Debian's jwt (pyenv's python3 on PATH may not). */
const python = ['/usr/bin/python3', 'python3'].find(
  (p) => spawnSync(p, ['-c', 'import jwt'], { stdio: 'ignore' }).status === 0,
);

/**
 * Verifies `key` the way a Python backend would, from the env line's value and from the JWK: strip the
 * prefix, decode base64url, jwt.decode pinned to HS256. Prints the claims (or the exception's name).
 */
const PY = `
import base64, json, sys, jwt
key, b64, jwk = sys.argv[1], sys.argv[2], sys.argv[3]
token = key[len("sk-live-"):] if key.startswith("sk-live-") else key
secret = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
out = {}
for name, k in (("b64", secret), ("jwk", jwt.PyJWK(json.loads(jwk)).key)):
    try:
        out[name] = jwt.decode(token, k, algorithms=["HS256"])
    except Exception as e:
        out[name] = type(e).__name__
print(json.dumps(out))
`;

function pyVerify(key: string, b64: string, jwk: object): Record<string, unknown> {
  const r = spawnSync(python!, ['-c', PY, key, b64, JSON.stringify(jwk)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function joseVerify(key: string, b64: string, jwk: object): Promise<unknown[]> {
  const token = key.slice('sk-live-'.length);
  const viaBytes = await jwtVerify(token, Buffer.from(b64, 'base64url'), { algorithms: ['HS256'] });
  const viaJwk = await jwtVerify(token, await importJWK(jwk as never, 'HS256'), { algorithms: ['HS256'] });
  return [viaBytes.payload, viaJwk.payload];
}

test('the export is the secret that signs sk-live- keys: base64url, env line, JWK, what it is for', async () => {
  const issued = await jwt.issueApiKey('user_42');
  const x = await jwt.exportApiKeySecret();
  assert.equal(x.alg, 'HS256');
  const active = core.catalog.read().workspaces.find((w) => w.id === jwt.workspaceId())!;
  assert.equal(x.workspace, active.name);
  assert.match(x.base64url, /^[A-Za-z0-9_-]{43}$/, '32 bytes, base64url, no padding');
  assert.equal(Buffer.from(x.base64url, 'base64url').length, 32);
  assert.equal(x.envLine, `${HS256_SECRET_ENV}=${x.base64url}`);
  assert.deepEqual(x.jwk, { kty: 'oct', k: x.base64url, alg: 'HS256', kid: x.kid, use: 'sig' });
  assert.equal(jwt.decode(issued.key).header.kid, x.kid, 'the kid in every key names this secret');
  assert.match(x.purpose, /sk-live-/);
  assert.match(x.purpose, /issue keys/);
  // Stable: exporting again gives the same secret, and it is never in the public JWKS.
  assert.equal((await jwt.exportApiKeySecret()).base64url, x.base64url);
  assert.ok(!JSON.stringify(jwt.jwks()).includes(x.base64url));
});

test(
  'PyJWT verifies an issued sk-live- key with the exported secret, and refuses a forged one',
  { skip: skipUnless(python, 'python3 with PyJWT (apt-get install python3-jwt)') },
  async () => {
    const issued = await jwt.issueApiKey('user_py');
    const x = await jwt.exportApiKeySecret();
    const ok = pyVerify(issued.key, x.base64url, x.jwk);
    for (const form of ['b64', 'jwk']) {
      const claims = ok[form] as Record<string, unknown>;
      assert.equal(typeof claims, 'object', `${form}: ${String(ok[form])}`);
      assert.equal(claims.uid, 'user_py');
      assert.equal(claims.jti, issued.jti);
    }
    const forged = issued.key.slice(0, -4) + (issued.key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    assert.deepEqual(pyVerify(forged, x.base64url, x.jwk), {
      b64: 'InvalidSignatureError',
      jwk: 'InvalidSignatureError',
    });
  },
);

test('jose verifies an issued sk-live- key with the exported bytes and JWK', async () => {
  const issued = await jwt.issueApiKey('user_js');
  const x = await jwt.exportApiKeySecret();
  for (const claims of await joseVerify(issued.key, x.base64url, x.jwk)) {
    assert.equal((claims as { uid: string }).uid, 'user_js');
  }
});

test("another workspace's secret does not verify this workspace's keys", async () => {
  await core.workspaces.add('other');
  const mine = await jwt.issueApiKey('user_a');
  const theirs = await jwt.exportApiKeySecret('other');
  const own = await jwt.exportApiKeySecret();
  assert.notEqual(theirs.base64url, own.base64url);
  assert.equal(theirs.workspace, 'other');
  await assert.rejects(joseVerify(mine.key, theirs.base64url, theirs.jwk), {
    code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  });
  if (python) {
    const r = pyVerify(mine.key, theirs.base64url, theirs.jwk);
    assert.deepEqual(r, { b64: 'InvalidSignatureError', jwk: 'InvalidSignatureError' });
  }
});

test('bad input: an unknown workspace, and non-HS256 material, are clear errors', async () => {
  await assert.rejects(jwt.exportApiKeySecret('no-such-workspace'), { code: 'WORKSPACE_NOT_FOUND' });
  const es = await jwt.keys.signer((await jwt.keys.ensure('ES256')).kid);
  assert.throws(() => hs256Export(es, 'default'), { code: 'INVALID_INPUT', message: /JWKS/ });
});
