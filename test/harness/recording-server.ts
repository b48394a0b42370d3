/**
 * A local stand-in for a provider's API that records every request (method, path, headers, body) and
 * refuses, the way the real provider would, a request that lacks what that provider requires: the
 * exact credential header, Anthropic's version header, the right API path prefix. It also serves a
 * Google token endpoint (`/token`) that checks the JWT-bearer assertion's RS256 signature.
 */
import http from 'node:http';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';

export interface Recorded {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the provider requires of a request; a string is the reason it is refused. */
export type Requirement = (req: Recorded) => string | undefined;

export interface StandIn {
  url: string;
  requests: Recorded[];
  /** Requests refused, with the reason. */
  refused: { req: Recorded; why: string }[];
  /** Access tokens issued by `/token`. */
  issued: string[];
  close(): Promise<void>;
}

export interface StandInOptions {
  require?: Requirement;
  /** Public key (PEM) the token endpoint verifies assertions with (read per request); without it, no `/token`. */
  tokenKey?: string;
  /** The token endpoint's answer: a status and body, or undefined for a normal grant. */
  tokenAnswer?: () => { status: number; body: string } | undefined;
  tokenLifetimeSecs?: number;
}

const header = (req: Recorded, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
};

/** The rules each provider applies, for the credential value that must arrive. */
export const REQUIRE = {
  bearer:
    (token: string, pathPrefix = '/'): Requirement =>
    (r) =>
      header(r, 'authorization') !== `Bearer ${token}`
        ? `authorization is ${JSON.stringify(header(r, 'authorization'))}, not the Bearer key`
        : !r.path.startsWith(pathPrefix)
          ? `path ${r.path} is not under ${pathPrefix}`
          : undefined,
  basic:
    (credential: string, pathPrefix = '/v1/'): Requirement =>
    (r) =>
      header(r, 'authorization') !== `Basic ${credential}`
        ? `authorization is ${JSON.stringify(header(r, 'authorization'))}, not the Basic credential`
        : !r.path.startsWith(pathPrefix)
          ? `path ${r.path} is not under ${pathPrefix}`
          : undefined,
  /**
   * Anthropic: the key in `x-api-key` (curl, older SDKs) or as `Authorization: Bearer` (what the
   * official JS SDK in node_modules sends for `apiKey`), and always an `anthropic-version`.
   */
  anthropic:
    (key: string): Requirement =>
    (r) =>
      header(r, 'x-api-key') !== key && header(r, 'authorization') !== `Bearer ${key}`
        ? 'neither x-api-key nor a Bearer authorization carries the key'
        : !header(r, 'anthropic-version')
          ? 'anthropic-version header is required'
          : !r.path.startsWith('/v1/')
            ? `path ${r.path} is not under /v1/`
            : undefined,
  googleKey:
    (key: string, pathPrefix = '/v1beta/'): Requirement =>
    (r) =>
      header(r, 'x-goog-api-key') !== key
        ? 'x-goog-api-key is missing or wrong'
        : !r.path.startsWith(pathPrefix)
          ? `path ${r.path} is not under ${pathPrefix}`
          : undefined,
};

/** A plausible answer for the list/get calls the SDKs make, so they resolve. */
function answerFor(r: Recorded): unknown {
  if (r.path.includes('/models/')) return { name: `models/${r.path.split('/models/')[1]}`, id: 'm', object: 'model' };
  if (r.path.includes('/v1/models') && r.headers['anthropic-version']) {
    return { data: [], has_more: false, first_id: null, last_id: null };
  }
  return { object: 'list', data: [], models: [] };
}

export async function startStandIn(opts: StandInOptions = {}): Promise<StandIn> {
  const requests: Recorded[] = [];
  const refused: StandIn['refused'] = [];
  const issued: string[] = [];
  let url = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      // Read at request time: a test may create the key file after the server (its token_uri names it).
      const key: KeyObject | undefined = opts.tokenKey ? createPublicKey(opts.tokenKey) : undefined;
      if (rec.path === '/token' && key) {
        void grant(rec, key, `${url}/token`, opts).then(({ status, body, token }) => {
          if (token) issued.push(token);
          send(status, body);
        });
        return;
      }
      const why = opts.require?.(rec);
      if (why) {
        refused.push({ req: rec, why });
        send(401, { error: { message: why } });
        return;
      }
      send(200, answerFor(rec));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    requests,
    refused,
    issued,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function grant(
  rec: Recorded,
  key: KeyObject,
  audience: string,
  opts: StandInOptions,
): Promise<{ status: number; body: unknown; token?: string }> {
  const canned = opts.tokenAnswer?.();
  if (canned) return { status: canned.status, body: canned.body };
  const form = new URLSearchParams(rec.body);
  if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }
  try {
    const { payload, protectedHeader } = await jwtVerify(form.get('assertion') ?? '', key, { audience });
    if (protectedHeader.alg !== 'RS256' || payload.iss !== payload.sub || typeof payload.scope !== 'string') {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'bad claims' } };
    }
  } catch (err) {
    return { status: 400, body: { error: 'invalid_grant', error_description: (err as Error).message } };
  }
  const token = `ya29.test-${Math.random().toString(36).slice(2)}`;
  return {
    status: 200,
    body: { access_token: token, expires_in: opts.tokenLifetimeSecs ?? 3599, token_type: 'Bearer' },
    token,
  };
}
