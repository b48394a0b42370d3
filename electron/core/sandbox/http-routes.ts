/**
 * The sandbox's plain HTTP side: `GET /.well-known/jwks.json` and `POST /token`. Minting needs the
 * per-sandbox secret printed at start (header `X-Keydeck-Sandbox-Secret`) or a browser Origin the user
 * allowed with `--allow-origin`; CORS answers only those origins (never `*`) and everything else is
 * refused before a token is minted. A caller may narrow the lifetime and scope the sandbox was started
 * with, never widen them, and may only name the sandbox's key when it was started with one.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isKeydeckError } from '../../../shared/errors.js';
import { SANDBOX_SECRET_HEADER } from '../../../shared/sandbox.js';
import { parseLifetime } from '../jwt/lifetime.js';
import type { JwtService } from '../jwt/service.js';
import type { SigningAlg } from '../jwt/token.js';
import type { EventBody } from './events.js';
import { hostAllowed, normalizeOrigin, originAllowed } from './guard.js';

export interface RouteContext {
  jwt: JwtService;
  workspace?: string;
  audience: string;
  /** The scopes a minted token may carry (the sandbox's own); a caller asks for a subset. */
  scopes: readonly string[];
  tokenKey?: string;
  tokenAlg: SigningAlg;
  /** The longest lifetime a caller may ask for, and the default. */
  ttlCapSec: number;
  /** Origins the user allowed explicitly, normalized. */
  allowedOrigins: readonly string[];
  secret: string;
  maxBodyBytes: number;
  port(): number;
  wsUrl(): string;
  emit(body: EventBody): void;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison of the presented secret with the sandbox's. */
function secretMatches(presented: string | string[] | undefined, secret: string): boolean {
  return typeof presented === 'string' && timingSafeEqual(digest(presented), digest(secret));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** CORS headers for an origin on the explicit allowlist; none for anyone else. */
function cors(ctx: RouteContext, origin: string | undefined): Record<string, string> {
  const o = origin === undefined ? undefined : normalizeOrigin(origin);
  if (!o || !ctx.allowedOrigins.includes(o)) return {};
  return { 'Access-Control-Allow-Origin': o, Vary: 'Origin' };
}

function refuse(
  ctx: RouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
) {
  ctx.emit({ type: 'refusal', status, reason: error, message, path: new URL(req.url ?? '/', 'http://x').pathname });
  send(res, status, { error, message }, cors(ctx, req.headers.origin));
}

export async function handleHttp(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (!hostAllowed(req.headers.host, ctx.port())) {
    return refuse(ctx, req, res, 403, 'bad_host', 'The Host header does not name this loopback server.');
  }
  if (path === '/token') return tokenRoute(ctx, req, res);
  if (!originAllowed(req.headers.origin, ctx.allowedOrigins)) {
    return refuse(ctx, req, res, 403, 'bad_origin', 'This Origin may not use the sandbox.');
  }
  if (path === '/.well-known/jwks.json') {
    if (req.method !== 'GET')
      return send(res, 405, { error: 'method_not_allowed', message: `${req.method} is not allowed here.` });
    return send(res, 200, ctx.jwt.jwks(ctx.workspace), cors(ctx, req.headers.origin));
  }
  return send(res, 404, { error: 'not_found', message: 'Try GET /.well-known/jwks.json, POST /token or /ws.' });
}

async function tokenRoute(ctx: RouteContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const origin = req.headers.origin;
  const allowedOrigin = origin !== undefined && ctx.allowedOrigins.includes(normalizeOrigin(origin) ?? '');
  // A browser page from any origin not listed is refused, whatever it sends (loopback pages too).
  if (origin !== undefined && !allowedOrigin) {
    return refuse(ctx, req, res, 403, 'bad_origin', 'This Origin is not on the sandbox’s --allow-origin list.');
  }
  if (req.method === 'OPTIONS') {
    return void res
      .writeHead(204, {
        ...cors(ctx, origin),
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': `Content-Type, ${SANDBOX_SECRET_HEADER}`,
        'Access-Control-Max-Age': '600',
      })
      .end();
  }
  if (req.method !== 'POST') {
    return refuse(ctx, req, res, 405, 'method_not_allowed', `${req.method} is not allowed here.`);
  }
  if (!allowedOrigin && !secretMatches(req.headers[SANDBOX_SECRET_HEADER], ctx.secret)) {
    return refuse(
      ctx,
      req,
      res,
      401,
      'missing_secret',
      `Send the secret the sandbox printed at start as ${SANDBOX_SECRET_HEADER}.`,
    );
  }
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return refuse(ctx, req, res, 415, 'unsupported_media_type', 'Send Content-Type: application/json.');
  }
  let raw = '';
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > ctx.maxBodyBytes) {
      res.setHeader('Connection', 'close');
      return refuse(ctx, req, res, 413, 'too_large', `The body is larger than ${ctx.maxBodyBytes} bytes.`);
    }
    raw += chunk;
  }
  let body: { key?: unknown; ttl?: unknown; scope?: unknown };
  try {
    body = raw.trim() ? (JSON.parse(raw) as typeof body) : {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
  } catch {
    return refuse(ctx, req, res, 400, 'invalid_json', 'The body is not a JSON object.');
  }
  const asked = checkRequest(ctx, body);
  if ('error' in asked) return refuse(ctx, req, res, asked.status, asked.error, asked.message);
  try {
    const m = await ctx.jwt.mint({
      key: asked.key,
      alg: ctx.tokenAlg,
      ttl: asked.ttl,
      audience: ctx.audience,
      scope: asked.scope,
      workspace: ctx.workspace,
      wsUrl: ctx.wsUrl(),
    });
    ctx.emit({ type: 'token', sub: String(m.claims.sub), kid: m.kid, expiresAt: m.expiresAt });
    return send(
      res,
      200,
      { token: m.token, token_type: 'Bearer', expires_at: m.expiresAt, expires_in: asked.ttl, scope: asked.scope },
      cors(ctx, origin),
    );
  } catch (err) {
    const payload = isKeydeckError(err) ? err.toPayload() : { code: 'INTERNAL', message: 'Could not mint a token.' };
    return refuse(ctx, req, res, payload.code === 'CREDENTIAL_NOT_FOUND' ? 404 : 400, payload.code, payload.message);
  }
}

type Checked = { key: string; ttl: number; scope: string } | { status: number; error: string; message: string };

/** What the caller asks for, within what the sandbox was started with. */
function checkRequest(ctx: RouteContext, body: { key?: unknown; ttl?: unknown; scope?: unknown }): Checked {
  if (body.key !== undefined && typeof body.key !== 'string') {
    return { status: 400, error: 'invalid_key', message: 'key is the name of a realtime key.' };
  }
  if (ctx.tokenKey !== undefined && body.key !== undefined && body.key !== ctx.tokenKey) {
    return { status: 403, error: 'key_not_allowed', message: 'This sandbox mints for its own key only.' };
  }
  const key = (body.key as string | undefined) ?? ctx.tokenKey;
  if (!key) return { status: 400, error: 'missing_key', message: 'Name the realtime key: {"key":"NAME"}.' };
  let ttl = ctx.ttlCapSec;
  if (body.ttl !== undefined) {
    if (typeof body.ttl !== 'string' && typeof body.ttl !== 'number') {
      return { status: 400, error: 'INVALID_LIFETIME', message: 'ttl is a lifetime such as "90s" or "5m".' };
    }
    try {
      ttl = parseLifetime(body.ttl);
    } catch (err) {
      return { status: 400, error: 'INVALID_LIFETIME', message: isKeydeckError(err) ? err.message : 'Bad ttl.' };
    }
    if (ttl > ctx.ttlCapSec) {
      return {
        status: 403,
        error: 'ttl_not_allowed',
        message: `This sandbox mints tokens for at most ${ctx.ttlCapSec}s.`,
      };
    }
  }
  let scope = ctx.scopes.join(' ');
  if (body.scope !== undefined) {
    const wanted = typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [];
    if (!wanted.length) return { status: 400, error: 'invalid_scope', message: 'scope is a space-separated list.' };
    const extra = wanted.find((s) => !ctx.scopes.includes(s));
    if (extra !== undefined) {
      return {
        status: 403,
        error: 'scope_not_allowed',
        message: `This sandbox grants only "${ctx.scopes.join(' ')}"; "${extra.slice(0, 40)}" is not among them.`,
      };
    }
    scope = [...new Set(wanted)].join(' ');
  }
  return { key, ttl, scope };
}
