import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credential } from '../../../shared/domain.js';
import { PROVIDER_DESCRIPTORS, type ProviderId } from '../../../shared/providers.js';
import { probeCredential } from '../../../electron/core/validation/index.js';
import { startMockProvider, type MockMode, type MockProvider } from '../../harness/mock-provider.js';

let mock: MockProvider;
before(async () => {
  mock = await startMockProvider();
});
after(() => mock.close());

let n = 0;
function target(provider: ProviderId, baseUrl?: string): Pick<Credential, 'provider' | 'authScheme' | 'baseUrl'> {
  return {
    provider,
    authScheme: PROVIDER_DESCRIPTORS[provider].authScheme,
    baseUrl: baseUrl ?? mock.baseUrl(provider),
  };
}
/** A fresh key for `provider`, registered on the mock with `mode`. */
function key(provider: ProviderId, mode: MockMode): string {
  n++;
  const k =
    provider === 'inworld'
      ? Buffer.from(`mockkey${n}:mocksecret${n}xyz`).toString('base64')
      : provider === 'anthropic'
        ? `sk-ant-api03-mock${n}${'Q7'.repeat(44)}`
        : provider === 'google-ai-studio'
          ? `AIzaMock${n}`.padEnd(39, 'x9')
          : `sk-mock${n}-${'Z3'.repeat(20)}`;
  mock.setKey(provider, k, mode);
  return k;
}

async function probe(provider: ProviderId, mode: MockMode, opts: { timeoutMs?: number } = {}) {
  const secret = key(provider, mode);
  const r = await probeCredential(target(provider), secret, { timeoutMs: opts.timeoutMs ?? 5000 });
  assert.ok(!JSON.stringify(r).includes(secret), 'the result never holds the key');
  return r;
}

describe('classification over each provider contract', () => {
  const providers: ProviderId[] = ['openai', 'anthropic', 'google-ai-studio', 'inworld', 'groq', 'mistral', 'xai'];
  for (const p of providers) {
    test(`${p}: valid, invalid, forbidden, rate_limited, no_credit, unexpected`, async () => {
      assert.deepEqual(
        {
          ok: (await probe(p, 'ok')).status,
          invalid: (await probe(p, 'invalid')).status,
          forbidden: (await probe(p, 'forbidden')).status,
          rate: (await probe(p, 'rate_limited')).status,
          credit: (await probe(p, 'no_credit')).status,
          billing: (await probe(p, 'billing')).status,
          server: (await probe(p, 'server_error')).status,
        },
        {
          ok: 'valid',
          invalid: 'invalid',
          forbidden: 'forbidden',
          rate: 'rate_limited',
          credit: 'no_credit',
          billing: 'no_credit',
          server: 'unexpected',
        },
      );
    });
  }

  test('HTTP status and a short detail are kept; the key is scrubbed from echoed errors', async () => {
    const secret = key('openai', 'invalid');
    const r = await probeCredential(target('openai'), secret, { timeoutMs: 5000 });
    assert.equal(r.status, 'invalid');
    assert.equal(r.httpStatus, 401);
    assert.match(r.detail!, /Incorrect API key provided: \[redacted\]/);
    assert.ok(!r.detail!.includes(secret.slice(0, 12)));
    assert.ok(!Number.isNaN(Date.parse(r.checkedAt)));
    const e = await probe('openai', 'billing');
    assert.equal(e.httpStatus, 429);
    assert.match(e.detail!, /quota/);
  });

  test('Google answers a bad key with 400 API_KEY_INVALID: invalid, not unexpected', async () => {
    const r = await probe('google-ai-studio', 'invalid');
    assert.deepEqual([r.status, r.httpStatus], ['invalid', 400]);
    assert.match(r.detail!, /API key not valid/);
  });

  test('an unknown key is invalid; each provider is sent its own auth header', async () => {
    const secret = 'sk-never-registered-000000000000';
    assert.equal((await probeCredential(target('openai'), secret)).status, 'invalid');
    const a = key('anthropic', 'ok');
    await probeCredential(target('anthropic'), a);
    const req = mock.requests.at(-1)!;
    assert.equal(req.headers['x-api-key'], a);
    assert.equal(req.headers['anthropic-version'], '2023-06-01');
    assert.equal(req.headers.authorization, undefined);
    const g = key('google-ai-studio', 'ok');
    await probeCredential(target('google-ai-studio'), g);
    assert.equal(mock.requests.at(-1)!.headers['x-goog-api-key'], g);
    assert.equal(mock.requests.at(-1)!.path, '/v1beta/models');
    const i = key('inworld', 'ok');
    await probeCredential(target('inworld'), i);
    assert.equal(mock.requests.at(-1)!.headers.authorization, `Basic ${i}`);
  });
});

describe('bad answers and bad input', () => {
  test('never answering: timeout after the configured deadline', async () => {
    const t = Date.now();
    const r = await probe('openai', 'hang', { timeoutMs: 300 });
    assert.equal(r.status, 'timeout');
    assert.ok(Date.now() - t < 3000);
    assert.match(r.detail!, /0\.3 s/);
  });

  test('a slow answer within the deadline is still valid', async () => {
    mock.slowMs = 200;
    assert.equal((await probe('openai', 'slow', { timeoutMs: 3000 })).status, 'valid');
    assert.equal((await probe('openai', 'slow', { timeoutMs: 100 })).status, 'timeout');
  });

  test('a huge body is read only in part', async () => {
    const t = Date.now();
    const r = await probe('openai', 'huge');
    assert.equal(r.status, 'valid');
    assert.match(r.detail!, /read in part/);
    assert.ok(Date.now() - t < 3000, 'does not download 50 MB');
    const e = await probe('openai', 'huge_error');
    assert.equal(e.status, 'invalid');
    assert.ok(e.detail!.length <= 500);
  });

  test('a non-JSON body: a 200 from something that is not the API is unexpected', async () => {
    const r = await probe('openai', 'non_json');
    assert.deepEqual([r.status, r.httpStatus], ['unexpected', 200]);
    assert.match(r.detail!, /not JSON/);
    const e = await probe('openai', 'non_json_error');
    assert.deepEqual([e.status, e.httpStatus], ['unexpected', 502]);
    assert.match(e.detail!, /Bad Gateway/);
    assert.ok(!e.detail!.includes('sk-mock'), 'the key echoed in the HTML is scrubbed');
  });

  test('a redirect to another host is never followed with the key', async () => {
    const before = mock.otherHostRequests.length;
    const r = await probe('openai', 'redirect');
    assert.deepEqual([r.status, r.httpStatus], ['unexpected', 302]);
    assert.match(r.detail!, /not followed/);
    assert.equal(mock.otherHostRequests.length, before, 'the other host got nothing');
  });

  test('a refused connection and a DNS failure are unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await probeCredential(target('openai', `http://127.0.0.1:${port}/v1`), 'sk-x', { timeoutMs: 3000 });
    assert.equal(r.status, 'unreachable');
    assert.match(r.detail!, /refused/);
    const d = await probeCredential(target('openai', 'http://no-such-host.invalid/v1'), 'sk-x', { timeoutMs: 3000 });
    assert.equal(d.status, 'unreachable');
    assert.match(d.detail!, /DNS/);
  });

  test('base URLs that are not http(s), or carry credentials or a fragment, are refused before any request', async () => {
    const count = mock.requests.length;
    const port = new URL(mock.url).port;
    for (const bad of [
      `ftp://127.0.0.1:${port}/openai/v1`,
      `file:///etc/passwd`,
      `http://user:pass@127.0.0.1:${port}/openai/v1`,
      `http://127.0.0.1:${port}/openai/v1#frag`,
      'not a url',
    ]) {
      await assert.rejects(probeCredential(target('openai'), 'sk-x', { baseUrl: bad }), { code: 'INVALID_URL' }, bad);
    }
    assert.equal(mock.requests.length, count);
  });

  test("an override base URL wins over the credential's own", async () => {
    const k = key('openai', 'ok');
    const r = await probeCredential(target('openai', 'http://no-such-host.invalid/v1'), k, {
      baseUrl: mock.baseUrl('openai'),
    });
    assert.equal(r.status, 'valid');
  });
});

describe('Google Vertex AI: a signed JWT exchanged at the token endpoint', () => {
  const vertex = { provider: 'google-vertex' as const, authScheme: 'bearer' };

  test('a registered service account is valid; the request carries a JWT assertion, not the key', async () => {
    const sa = mock.serviceAccount('ok');
    const r = await probeCredential(vertex, sa);
    assert.equal(r.status, 'valid', r.detail);
    const req = mock.requests.at(-1)!;
    assert.equal(req.path, '/token');
    const form = new URLSearchParams(req.body);
    assert.equal(form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    assert.ok(!req.body.includes('PRIVATE'));
    // The same grant the copy forms make (google-token.ts): RS256, aud = the file's token_uri, one hour.
    const file = JSON.parse(sa) as { client_email: string; private_key_id: string; token_uri: string };
    const [h, c] = form
      .get('assertion')!
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    assert.deepEqual([h!.alg, h!.kid], ['RS256', file.private_key_id]);
    assert.deepEqual([c!.iss, c!.sub, c!.aud], [file.client_email, file.client_email, file.token_uri]);
    assert.equal(c!.scope, 'https://www.googleapis.com/auth/cloud-platform');
    assert.equal((c!.exp as number) - (c!.iat as number), 3600);
  });

  test('a revoked key, an unknown account and a key signed by the wrong private key are invalid', async () => {
    assert.equal((await probeCredential(vertex, mock.serviceAccount('invalid'))).status, 'invalid');
    const unknown = JSON.parse(mock.serviceAccount('ok')) as Record<string, string>;
    unknown.client_email = 'nobody@test-project.iam.gserviceaccount.com';
    assert.equal((await probeCredential(vertex, JSON.stringify(unknown))).status, 'invalid');
    const a = JSON.parse(mock.serviceAccount('ok')) as Record<string, string>;
    const b = JSON.parse(mock.serviceAccount('ok')) as Record<string, string>;
    const r = await probeCredential(vertex, JSON.stringify({ ...a, private_key: b.private_key }));
    assert.equal(r.status, 'invalid');
    assert.match(r.detail!, /Signature/);
  });

  test('forbidden, rate limited and never answering token endpoints', async () => {
    assert.equal((await probeCredential(vertex, mock.serviceAccount('forbidden'))).status, 'forbidden');
    assert.equal((await probeCredential(vertex, mock.serviceAccount('rate_limited'))).status, 'rate_limited');
    const r = await probeCredential(vertex, mock.serviceAccount('hang'), { timeoutMs: 300 });
    assert.equal(r.status, 'timeout');
  });

  test('a broken key file is invalid without any request', async () => {
    const count = mock.requests.length;
    const r = await probeCredential(vertex, '{"type":"service_account"}');
    assert.equal(r.status, 'invalid');
    assert.match(r.detail!, /service-account/);
    assert.equal(mock.requests.length, count);
  });
});

describe('custom providers and overrides', () => {
  test('a custom provider with a named header sends the key in that header only', async () => {
    const k = key('custom', 'ok');
    const r = await probeCredential(
      { provider: 'custom', authScheme: 'header:X-Api-Token', baseUrl: mock.baseUrl('custom') },
      k,
    );
    assert.equal(r.status, 'valid');
    const req = mock.requests.at(-1)!;
    assert.equal(req.headers['x-api-token'], k);
    assert.equal(req.headers.authorization, undefined);
    await assert.rejects(probeCredential({ provider: 'custom', authScheme: 'bearer' }, k), { code: 'INVALID_URL' });
  });

  test("Vertex: an override moves the token exchange; the credential's API base URL does not", async () => {
    const sa = mock.serviceAccount('ok', { token_uri: 'http://no-such-host.invalid/token' });
    const vertex = { provider: 'google-vertex' as const, authScheme: 'bearer', baseUrl: 'http://api-host.invalid/v1' };
    assert.equal((await probeCredential(vertex, sa, { timeoutMs: 3000 })).status, 'unreachable');
    // With the override, the JWT audience is still the file's token_uri, which the mock rejects.
    const r = await probeCredential(vertex, sa, { baseUrl: `${mock.url}/google` });
    assert.equal(mock.requests.at(-1)!.path, '/token');
    assert.equal(r.status, 'invalid');
  });
});
