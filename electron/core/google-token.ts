/**
 * Google Vertex AI: the stored secret is a service-account key file, and Vertex takes an OAuth access
 * token minted from it (the JWT-bearer grant: a JWT signed RS256 with the file's private key, posted to
 * the file's `token_uri`). Tokens are cached in memory only, until shortly before they expire.
 */
import { createHash } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';
import { checkServiceAccountJson } from '../../shared/provider-format.js';

export const VERTEX_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
export const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';
/** A cached token is not handed out when it has less than this left. */
export const TOKEN_MARGIN_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;

export interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  private_key_id: string;
  token_uri?: string;
}

export interface AccessToken {
  token: string;
  expiresAt: number;
}

/** The parsed key file, or a clear error (never the file's content). */
export function parseServiceAccount(secret: string): ServiceAccount {
  const shape = checkServiceAccountJson(secret);
  if (!shape.ok) {
    throw new KeydeckError('INVALID_SECRET', `Not a usable service-account key: ${shape.errors[0]!.message}`);
  }
  return JSON.parse(secret) as ServiceAccount;
}

export interface TokenOptions {
  /** The clock, for tests. */
  now?: () => number;
  timeoutMs?: number;
}

const cache = new Map<string, AccessToken>();

/** Forgets every cached token (tests; a credential removed). */
export function clearTokenCache(): void {
  cache.clear();
}

/** An access token for the key file: the cached one while it has over `TOKEN_MARGIN_MS` left, else a new one. */
export async function vertexAccessToken(secret: string, opts: TokenOptions = {}): Promise<AccessToken> {
  const now = opts.now ?? Date.now;
  const key = createHash('sha256').update(secret).digest('hex');
  const hit = cache.get(key);
  if (hit && hit.expiresAt - now() > TOKEN_MARGIN_MS) return hit;
  const minted = await mint(parseServiceAccount(secret), now, opts.timeoutMs ?? TIMEOUT_MS);
  cache.set(key, minted);
  return minted;
}

/** The JWT-bearer grant type, as the token endpoint's form names it. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * The grant's assertion: a JWT signed RS256 with the key file's private key, `iss`/`sub` = its
 * `client_email`, `aud` = its `token_uri`, the cloud-platform scope, valid one hour (Google's maximum).
 * Its times are the wall clock's (the token endpoint checks them).
 */
export async function grantAssertion(sa: ServiceAccount): Promise<string> {
  try {
    // jose loads only for Vertex AI key files, not on every `keydeck header`.
    const { importPKCS8, SignJWT } = await import('jose');
    const key = await importPKCS8(sa.private_key, 'RS256');
    const iat = Math.floor(Date.now() / 1000);
    return await new SignJWT({ scope: VERTEX_SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: sa.private_key_id })
      .setIssuer(sa.client_email)
      .setSubject(sa.client_email)
      .setAudience(sa.token_uri || DEFAULT_TOKEN_URI)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(key);
  } catch {
    throw new KeydeckError('TOKEN_EXCHANGE_FAILED', 'The private_key in the key file could not sign a token (RS256).');
  }
}

/** The POST that exchanges an assertion at the token endpoint (a form body, JSON answer). */
export function grantRequest(assertion: string): {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
} {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
  };
}

/** What the token endpoint answered: a usable access token and its lifetime, or why there is none. */
export type TokenAnswer = { ok: true; token: string; expiresInSec: number } | { ok: false; why: string };

export function readTokenAnswer(status: number, text: string): TokenAnswer {
  let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return { ok: false, why: `HTTP ${status}, and the answer is not JSON` };
  }
  if (status < 200 || status > 299) {
    const err = typeof body.error === 'string' ? body.error.slice(0, 80) : 'error';
    const desc = typeof body.error_description === 'string' ? ` (${body.error_description.slice(0, 200)})` : '';
    return { ok: false, why: `HTTP ${status} ${err}${desc}` };
  }
  if (typeof body.access_token !== 'string' || !/^[\x21-\x7e]+$/.test(body.access_token)) {
    return { ok: false, why: `HTTP ${status} without a usable access_token` };
  }
  const secs = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
  return { ok: true, token: body.access_token, expiresInSec: secs };
}

async function mint(sa: ServiceAccount, now: () => number, timeoutMs: number): Promise<AccessToken> {
  const tokenUri = sa.token_uri || DEFAULT_TOKEN_URI;
  const assertion = await grantAssertion(sa);
  const fail = (why: string) =>
    new KeydeckError('TOKEN_EXCHANGE_FAILED', `Google's token endpoint (${tokenUri}) gave no access token: ${why}`);
  let res: Response;
  try {
    res = await fetch(tokenUri, {
      ...grantRequest(assertion),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    throw fail(
      e.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : `unreachable (${e.cause?.code ?? e.message})`,
    );
  }
  const answer = readTokenAnswer(res.status, (await res.text()).slice(0, 64 * 1024));
  if (!answer.ok) throw fail(answer.why);
  return { token: answer.token, expiresAt: now() + answer.expiresInSec * 1000 };
}
