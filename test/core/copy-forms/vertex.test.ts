/**
 * Vertex AI: header, curl and snippets carry an OAuth access token minted from the stored
 * service-account JSON (JWT-bearer grant at the file's token_uri), cached until shortly before expiry.
 * The token endpoint is a local stand-in named in a test key file; it checks the RS256 signature.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { formatCredential, renderCredential } from '../../../electron/core/format.js';
import { TOKEN_MARGIN_MS, clearTokenCache, vertexAccessToken } from '../../../electron/core/google-token.js';
import { startStandIn, type StandIn } from '../../harness/recording-server.js';
import { credFor } from '../../harness/credential.js';
import { runJs, runPy, runShell } from './consumers.js';
import { testServiceAccount } from './service-account.js';

const stands: StandIn[] = [];
after(() => Promise.all(stands.map((s) => s.close())));

/** A stand-in that issues tokens at /token and takes only tokens it issued on every other path. */
async function vertexStandIn(opts: { tokenAnswer?: () => { status: number; body: string } | undefined } = {}) {
  let issued: string[] = [];
  const sa = { json: '', publicKey: '' };
  const s = await startStandIn({
    get tokenKey() {
      return sa.publicKey;
    },
    ...opts,
    require: (r) =>
      issued.some((t) => r.headers.authorization === `Bearer ${t}`) ? undefined : 'not a token this endpoint issued',
  });
  stands.push(s);
  issued = s.issued;
  return { s, sa };
}

test('mints a token at the key file token_uri, caches it, and mints again shortly before expiry', async () => {
  clearTokenCache();
  const sa = testServiceAccount('http://placeholder/token');
  const s = await startStandIn({ tokenKey: sa.publicKey, tokenLifetimeSecs: 3600 });
  stands.push(s);
  const json = sa.json.replace('http://placeholder/token', `${s.url}/token`);
  let now = 1_000_000_000_000;
  const clock = () => now;
  const a = await vertexAccessToken(json, { now: clock });
  assert.equal(s.issued.length, 1);
  assert.equal(a.token, s.issued[0]);
  const req = s.requests[0]!;
  assert.equal(req.method, 'POST');
  assert.equal(req.path, '/token');
  assert.equal(new URLSearchParams(req.body).get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');

  now += 3600_000 - TOKEN_MARGIN_MS - 1000; // still over the margin: cached
  assert.equal((await vertexAccessToken(json, { now: clock })).token, a.token);
  assert.equal(s.issued.length, 1);
  now += 2000; // inside the margin: a new one
  const b = await vertexAccessToken(json, { now: clock });
  assert.equal(s.issued.length, 2);
  assert.notEqual(b.token, a.token);
});

test('a failed exchange is a clear error that names the endpoint and the reason, never the key', async () => {
  clearTokenCache();
  let answer: { status: number; body: string } | undefined = {
    status: 400,
    body: JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }),
  };
  const sa = testServiceAccount('http://placeholder/token');
  const s = await startStandIn({ tokenKey: sa.publicKey, tokenAnswer: () => answer });
  stands.push(s);
  const json = sa.json.replace('http://placeholder/token', `${s.url}/token`);
  const cred = credFor('google-vertex');
  await assert.rejects(renderCredential(cred, json, 'header'), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TOKEN_EXCHANGE_FAILED');
    assert.match(
      err.message,
      /token endpoint \(http:\/\/127\.0\.0\.1:\d+\/token\).*HTTP 400 invalid_grant \(Invalid JWT Signature\.\)/,
    );
    assert.ok(!err.message.includes('PRIVATE KEY'));
    return true;
  });
  answer = { status: 200, body: '<html>captive portal</html>' };
  await assert.rejects(renderCredential(cred, json, 'curl'), /HTTP 200, and the answer is not JSON/);
  answer = { status: 200, body: '{"token_type":"Bearer"}' };
  await assert.rejects(renderCredential(cred, json, 'headers'), /without a usable access_token/);
  const gone = await startStandIn();
  await gone.close(); // a port nothing listens on
  const closed = testServiceAccount(`${gone.url}/token`);
  await assert.rejects(renderCredential(cred, closed.json, 'header'), /unreachable \(ECONNREFUSED\)/);
  await assert.rejects(renderCredential(cred, '{"type":"service_account"}', 'header'), { code: 'INVALID_SECRET' });
  // Without a minted token the synchronous renderer refuses rather than send the key file.
  assert.throws(() => formatCredential(cred, closed.json, 'header'), { code: 'TOKEN_REQUIRED' });
});

test('header, curl and the OpenAI SDK snippets reach Vertex with the minted token; raw stays the key file', async () => {
  clearTokenCache();
  const { s, sa } = await vertexStandIn();
  Object.assign(sa, testServiceAccount(`${s.url}/token`, 'proj-1'));
  const cred = credFor('google-vertex', { baseUrl: `${s.url}/v1` });
  const header = await renderCredential(cred, sa.json, 'header');
  assert.equal(header, `Authorization: Bearer ${s.issued[0]}`);
  assert.ok(!header.includes('private_key'));
  const curl = await renderCredential(cred, sa.json, 'curl');
  const r = await runShell(curl + ' --fail');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(s.refused.length, 0);
  assert.equal(s.requests.at(-1)!.path, '/v1/projects/proj-1/locations/global/publishers/google/models');
  assert.equal(await renderCredential(cred, sa.json, 'raw'), sa.json);

  const env = { GOOGLE_VERTEX_ACCESS_TOKEN: s.issued[0]! };
  const js = await runJs(await renderCredential(cred, sa.json, 'sdk-js'), 'client.models.list()', env);
  assert.equal(js.code, 0, js.stderr);
  assert.equal(s.requests.at(-1)!.path, '/v1/projects/proj-1/locations/global/endpoints/openapi/models');
  const py = await runPy(await renderCredential(cred, sa.json, 'sdk-python'), 'client.models.list()', env);
  assert.equal(py.code, 0, py.stderr);
  assert.equal(s.refused.length, 0, s.refused.map((x) => x.why).join('; '));
  assert.equal(s.issued.length, 1, 'one token, cached across forms');

  const dotenv = await renderCredential(cred, sa.json, 'env-bash');
  assert.match(dotenv, new RegExp(`^export GOOGLE_VERTEX_ACCESS_TOKEN='${s.issued[0]}'$`, 'm'));
});
