/**
 * A real HTTP server on 127.0.0.1 that speaks each provider's auth contract closely enough to test
 * live validation: the header each provider reads (Authorization Bearer/Basic, x-api-key with
 * anthropic-version, x-goog-api-key), its status codes, and its error bodies (OpenAI's
 * `invalid_api_key` and `insufficient_quota`, Anthropic's `authentication_error` and "credit balance is
 * too low", Google's 400 `API_KEY_INVALID`, Inworld's gRPC-style errors), Google's OAuth token endpoint
 * (verifies the RS256 JWT-bearer assertion against the service account's public key), and Inworld's
 * router chat completions with `metadata.attempts[].credential_type` `byok` or `system`.
 *
 * Each provider lives under `/<provider id>/…`: `mock.baseUrl('openai')` is `http://127.0.0.1:P/openai/v1`.
 * The custom provider takes `Authorization: Bearer` or a named header, `x-api-token`.
 * A key behaves as registered with `mock.setKey(provider, key, mode)`; unknown keys are rejected.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import { PROVIDER_DESCRIPTORS, PROVIDERS, type ProviderId } from '../../shared/providers.js';

export type MockMode =
  | 'ok'
  | 'invalid'
  | 'forbidden'
  | 'no_credit'
  | 'billing'
  | 'rate_limited'
  | 'slow'
  | 'hang'
  | 'huge'
  | 'huge_error'
  | 'non_json'
  | 'non_json_error'
  | 'redirect'
  | 'server_error';

export interface MockRequest {
  provider: string;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface MockProvider {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** The base URL of a provider on this mock, shaped like the real one (`…/openai/v1`). */
  baseUrl(provider: ProviderId): string;
  /** Google's token endpoint on this mock. */
  tokenUri: string;
  setKey(provider: ProviderId, key: string, mode?: MockMode): void;
  /** A fresh service-account key file whose token_uri is this mock, registered with `mode`. */
  serviceAccount(mode?: MockMode, extra?: Record<string, unknown>): string;
  /** Requests received, in order (bodies included; tests look for leaks). */
  requests: MockRequest[];
  /** Requests the redirect target ("another host") received. */
  otherHostRequests: MockRequest[];
  /** Added before every answer (the bench uses it to stand in for network latency). */
  latencyMs: number;
  /** How long `slow` waits before answering. */
  slowMs: number;
  /** The most provider requests (not counting the token endpoint's) open at once; reset by tests. */
  maxInFlight: number;
  close(): Promise<void>;
}

const OPENAI_STYLE = new Set<string>([
  'openai',
  'cerebras',
  'deepinfra',
  'fireworks',
  'mistral',
  'groq',
  'xai',
  'custom',
]);

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The provider's own error body for a failure mode (what the real API answers). */
function errorFor(provider: string, mode: MockMode, key: string): { status: number; body: unknown } {
  if (provider === 'anthropic') {
    const e = (status: number, type: string, message: string) => ({
      status,
      body: { type: 'error', error: { type, message } },
    });
    if (mode === 'forbidden')
      return e(403, 'permission_error', 'Your API key does not have permission to use the specified resource.');
    if (mode === 'rate_limited')
      return e(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.');
    if (mode === 'billing')
      return e(
        400,
        'invalid_request_error',
        'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
      );
    if (mode === 'no_credit') return e(402, 'billing_error', 'Payment required.');
    if (mode === 'server_error') return e(500, 'api_error', 'Internal server error');
    return e(401, 'authentication_error', `invalid x-api-key ${key}`);
  }
  if (provider === 'google-ai-studio') {
    const g = (code: number, status: string, message: string, reason?: string) => ({
      status: code,
      body: {
        error: {
          code,
          message,
          status,
          ...(reason
            ? { details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com' }] }
            : {}),
        },
      },
    });
    if (mode === 'forbidden')
      return g(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers.", 'SERVICE_DISABLED');
    if (mode === 'rate_limited') return g(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).');
    if (mode === 'billing')
      return g(
        400,
        'FAILED_PRECONDITION',
        'Gemini API free tier is not available in your country. Please enable billing on your project.',
      );
    if (mode === 'no_credit') return g(402, 'FAILED_PRECONDITION', 'Payment required.');
    if (mode === 'server_error') return g(500, 'INTERNAL', 'Internal error encountered.');
    return g(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', 'API_KEY_INVALID');
  }
  if (provider === 'inworld') {
    const i = (status: number, code: number, message: string) => ({ status, body: { code, message, details: [] } });
    if (mode === 'forbidden') return i(403, 7, 'Permission denied: the key lacks the required permission.');
    if (mode === 'rate_limited') return i(429, 8, 'Resource exhausted: too many requests.');
    if (mode === 'no_credit' || mode === 'billing')
      return i(402, 9, 'Payment required: billing is not active for this workspace.');
    if (mode === 'server_error') return i(500, 13, 'Internal error.');
    return i(401, 16, 'Unauthenticated: invalid authorization credentials.');
  }
  // OpenAI-compatible APIs.
  const o = (status: number, message: string, type: string, code: string | null) => ({
    status,
    body: { error: { message, type, param: null, code } },
  });
  if (mode === 'forbidden')
    return o(
      403,
      'You have insufficient permissions for this operation. Missing scopes: model.read.',
      'invalid_request_error',
      'insufficient_permissions',
    );
  if (mode === 'rate_limited')
    return o(429, 'Rate limit reached for requests. Please try again in 20s.', 'requests', 'rate_limit_exceeded');
  if (mode === 'billing')
    return o(
      429,
      'You exceeded your current quota, please check your plan and billing details.',
      'insufficient_quota',
      'insufficient_quota',
    );
  if (mode === 'no_credit')
    return o(402, 'Payment required: your account has no balance.', 'payment_required', 'payment_required');
  if (mode === 'server_error')
    return o(500, 'The server had an error while processing your request.', 'server_error', null);
  return o(
    401,
    `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    'invalid_request_error',
    'invalid_api_key',
  );
}

function successFor(provider: string): unknown {
  if (provider === 'anthropic') return { data: [{ type: 'model', id: 'claude-3-5-haiku-latest' }], has_more: false };
  if (provider === 'google-ai-studio') return { models: [{ name: 'models/gemini-2.0-flash' }] };
  if (provider === 'inworld') return { models: [{ name: 'openai/gpt-4o-mini' }] };
  return { object: 'list', data: [{ id: 'model-1', object: 'model' }] };
}

/** The key a request carries, read the way the provider reads it. */
function keyFrom(provider: string, req: http.IncomingMessage, url: URL): string | undefined {
  if (provider === 'anthropic') return header(req, 'x-api-key');
  if (provider === 'google-ai-studio') return header(req, 'x-goog-api-key') ?? url.searchParams.get('key') ?? undefined;
  if (provider === 'custom' && header(req, 'x-api-token')) return header(req, 'x-api-token');
  const auth = header(req, 'authorization') ?? '';
  const scheme = provider === 'inworld' ? 'Basic ' : 'Bearer ';
  return auth.startsWith(scheme) ? auth.slice(scheme.length) : undefined;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (d: Buffer) => (s += d.toString('utf8')));
    req.on('end', () => resolve(s));
    req.on('error', () => resolve(s));
  });
}

function streamHuge(res: http.ServerResponse, status: number): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  const item = JSON.stringify({ id: 'x'.repeat(200), object: 'model' }) + ',';
  let sent = 0;
  const limit = 50 * 1024 * 1024;
  res.write('{"object":"list","data":[');
  const pump = () => {
    while (sent < limit && !res.destroyed) {
      sent += item.length;
      if (!res.write(item.repeat(50))) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end('{}]}');
  };
  res.on('close', () => (sent = limit));
  pump();
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

export async function startMockProvider(): Promise<MockProvider> {
  const keys = new Map<string, MockMode>();
  const accounts = new Map<string, { publicKey: KeyObject; mode: MockMode }>();
  const requests: MockRequest[] = [];
  const otherHostRequests: MockRequest[] = [];
  const hanging = new Set<http.ServerResponse>();

  const other = http.createServer(async (req, res) => {
    otherHostRequests.push({
      provider: 'other',
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: await readBody(req),
    });
    send(res, 200, { stolen: true });
  });
  const otherUrl = await listen(other);

  let url = '';
  let inFlight = 0;
  const mock: MockProvider = {
    url: '',
    tokenUri: '',
    requests,
    otherHostRequests,
    latencyMs: 0,
    slowMs: 1500,
    maxInFlight: 0,
    baseUrl(provider) {
      const real = PROVIDER_DESCRIPTORS[provider].baseUrl || 'https://custom.example/v1';
      return `${url}/${provider}${new URL(real).pathname.replace(/\/$/, '')}`;
    },
    setKey(provider, key, mode = 'ok') {
      keys.set(`${provider}\n${key}`, mode);
    },
    serviceAccount(mode = 'ok', extra = {}) {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const email = `keydeck-${randomUUID().slice(0, 8)}@test-project.iam.gserviceaccount.com`;
      accounts.set(email, { publicKey, mode });
      return JSON.stringify({
        type: 'service_account',
        project_id: 'test-project',
        private_key_id: randomUUID().replace(/-/g, ''),
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        client_email: email,
        client_id: '1234567890',
        auth_uri: 'https://accounts.google.com/o/oauth2/auth',
        token_uri: mock.tokenUri,
        ...extra,
      });
    },
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      other.closeAllConnections();
      await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => other.close(r))]);
    },
  };

  async function answerMode(
    provider: string,
    mode: MockMode,
    key: string,
    res: http.ServerResponse,
    ok: () => unknown,
  ) {
    switch (mode) {
      case 'ok':
        return send(res, 200, ok());
      case 'slow':
        await new Promise((r) => setTimeout(r, mock.slowMs));
        return send(res, 200, ok());
      case 'hang':
        hanging.add(res);
        return; // never answers
      case 'huge':
        return streamHuge(res, 200);
      case 'huge_error': {
        const e = errorFor(provider, 'invalid', key);
        return send(res, e.status, JSON.stringify(e.body) + ' '.repeat(4 * 1024 * 1024) + key);
      }
      case 'non_json':
        return send(res, 200, '<html><body><h1>Welcome to nginx!</h1></body></html>', 'text/html');
      case 'non_json_error':
        return send(
          res,
          502,
          `<html><head><title>502 Bad Gateway</title></head><body>upstream ${key}</body></html>`,
          'text/html',
        );
      case 'redirect':
        res.writeHead(302, { location: `${otherUrl}/collect`, 'content-type': 'text/plain' });
        return res.end('Found');
      default: {
        const e = errorFor(provider, mode, key);
        return send(res, e.status, e.body);
      }
    }
  }

  async function tokenEndpoint(body: string, res: http.ServerResponse) {
    const form = new URLSearchParams(body);
    const assertion = form.get('assertion') ?? '';
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' || !assertion) {
      return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type.' });
    }
    let iss: string;
    try {
      iss = String(decodeJwt(assertion).iss ?? '');
    } catch {
      return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT: malformed.' });
    }
    const acct = accounts.get(iss);
    if (!acct) return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid grant: account not found' });
    try {
      await jwtVerify(assertion, acct.publicKey, { issuer: iss, audience: mock.tokenUri, algorithms: ['RS256'] });
    } catch {
      return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    }
    if (acct.mode === 'invalid')
      return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    if (acct.mode === 'forbidden')
      return send(res, 403, { error: 'access_denied', error_description: 'Service account is disabled.' });
    if (acct.mode === 'rate_limited')
      return send(res, 429, { error: 'rate_limit_exceeded', error_description: 'Too many requests.' });
    return answerMode('google', acct.mode, '', res, () => ({
      access_token: `ya29.mock-${randomUUID()}`,
      expires_in: 3599,
      token_type: 'Bearer',
    }));
  }

  async function routerChat(req: http.IncomingMessage, body: string, res: http.ServerResponse) {
    const key = keyFrom('inworld', req, new URL(req.url ?? '/', url));
    const mode = key ? keys.get(`inworld\n${key}`) : undefined;
    if (!key || !mode || mode !== 'ok')
      return answerMode('inworld', mode && mode !== 'ok' ? mode : 'invalid', key ?? '', res, () => ({}));
    let parsed: {
      model?: string;
      provider_credentials?: Record<string, { api_key?: string; fallback_to_inworld?: boolean }>;
    };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return send(res, 400, { code: 3, message: 'Invalid JSON body.', details: [] });
    }
    const model = parsed.model ?? 'auto';
    const routerId = model.split('/')[0]!;
    const provider = PROVIDERS.find((p) => PROVIDER_DESCRIPTORS[p].routerId === routerId);
    const cred = parsed.provider_credentials?.[routerId];
    const attempts: unknown[] = [];
    if (cred?.api_key && provider) {
      const byokOk = keys.get(`${provider}\n${cred.api_key}`) === 'ok';
      attempts.push({
        credential_type: 'byok',
        model,
        success: byokOk,
        ...(byokOk ? { time_to_first_token_ms: 12 } : {}),
      });
      if (!byokOk && cred.fallback_to_inworld === false) {
        return send(res, 401, { code: 16, message: 'Provider rejected the BYOK credential.', details: [] });
      }
      if (!byokOk) attempts.push({ credential_type: 'system', model, success: true, time_to_first_token_ms: 20 });
    } else {
      attempts.push({ credential_type: 'system', model, success: true, time_to_first_token_ms: 20 });
    }
    return send(res, 200, {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      choices: [{ finish_reason: 'stop', index: 0, message: { content: 'OK', role: 'assistant' } }],
      metadata: { attempts },
    });
  }

  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', url);
    const [, provider = '', ...rest] = u.pathname.split('/');
    const path = '/' + rest.join('/');
    const body = await readBody(req);
    requests.push({ provider, method: req.method ?? '', path, headers: req.headers, body });
    inFlight++;
    mock.maxInFlight = Math.max(mock.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    if (mock.latencyMs) await new Promise((r) => setTimeout(r, mock.latencyMs));
    if (provider === 'google' && path === '/token' && req.method === 'POST') return tokenEndpoint(body, res);
    if (provider === 'inworld' && path === '/v1/chat/completions' && req.method === 'POST')
      return routerChat(req, body, res);
    if (!(PROVIDERS as readonly string[]).includes(provider) || req.method !== 'GET' || !path.endsWith('/models')) {
      return send(res, 404, {
        error: { message: `Unknown path ${u.pathname}`, type: 'invalid_request_error', code: 'not_found' },
      });
    }
    if (provider === 'anthropic' && !header(req, 'anthropic-version')) {
      return send(res, 400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
      });
    }
    const key = keyFrom(provider, req, u);
    if (!key) {
      const e = errorFor(provider, 'invalid', '');
      return send(res, e.status, e.body);
    }
    const mode = keys.get(`${provider}\n${key}`) ?? 'invalid';
    if (!OPENAI_STYLE.has(provider) && !['anthropic', 'google-ai-studio', 'inworld'].includes(provider)) {
      return send(res, 404, { error: { message: 'No such provider on this mock.' } });
    }
    return answerMode(provider, mode, key, res, () => successFor(provider));
  });
  url = await listen(server);
  mock.url = url;
  mock.tokenUri = `${url}/google/token`;
  return mock;
}
