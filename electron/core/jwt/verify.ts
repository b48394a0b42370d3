/**
 * Decode-and-verify with reasons. Verification always pins the algorithm to the one the key was made
 * for (RFC 8725 §3.1), refuses `alg: none` and any `crit` header, and requires `exp`. Signatures are
 * checked with node:crypto (half the cost of jose's WebCrypto path, which matters to the sandbox's
 * handshake rate); tests cross-check every token with jose and with the independent verifier.
 */
import {
  createHmac,
  createPublicKey,
  createSecretKey,
  timingSafeEqual,
  verify as cryptoVerify,
  type KeyObject,
} from 'node:crypto';
import { isKeydeckError, KeydeckError } from '../../../shared/errors.js';
import { audienceList, claimTimeError, claimTypeError, CLAIM_REASONS } from './claims.js';
import { decodeToken, isSigningAlg, tokenScopes, type JwtClaims, type JwtHeader, type SigningAlg } from './token.js';

/** Clock skew allowed on `exp`, `nbf` and `iat`, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE = 30;

export const VERIFY_REASONS = {
  malformed: 'The token is not a well-formed JWT.',
  too_large: 'The token is larger than 16 KiB.',
  invalid_utf8: 'The token’s header or payload is not valid UTF-8.',
  alg_none: 'The token is unsigned (alg: none).',
  crit_unsupported: 'The token has a crit header naming extensions this verifier does not implement.',
  b64_unsupported: 'The token has a b64 header (an unencoded payload), which this verifier does not implement.',
  invalid_kid: 'The token’s kid header is not a string.',
  unknown_kid: 'No key matches the token (unknown kid).',
  alg_mismatch: 'The token’s algorithm does not fit the key.',
  bad_signature: 'The signature does not match.',
  ...CLAIM_REASONS,
  wrong_iss: 'The token was issued by someone else (iss).',
  wrong_aud: 'The token is for another audience (aud).',
  revoked: 'The token has been revoked.',
  missing_scope: 'The token lacks the required scope.',
  no_key: 'No key to verify with.',
} as const;
export type VerifyReason = keyof typeof VERIFY_REASONS;

export interface VerifyExpectations {
  audience?: string;
  issuer?: string;
  scope?: string;
  clockToleranceSec?: number;
  /** ms since the epoch; defaults to now. */
  now?: number;
  isRevoked?: (jti: string) => boolean;
  /** API keys (sk-live-…) carry no exp: their lifetime is the revocation list. Off for every other token. */
  allowMissingExp?: boolean;
}

export interface ResolvedKey {
  kid?: string;
  alg: SigningAlg;
  key: KeyObject;
}

/** Finds the key for a token from its header (kid, alg). Undefined: no key matches. */
export type KeyResolver = (header: JwtHeader) => Promise<ResolvedKey | undefined>;

export type VerifyResult =
  | { ok: true; header: JwtHeader; claims: JwtClaims; kid?: string; alg: SigningAlg }
  | { ok: false; reason: VerifyReason; message: string; header?: JwtHeader; claims?: JwtClaims };

function fail(
  reason: VerifyReason,
  extra: { header?: JwtHeader; claims?: JwtClaims; detail?: string } = {},
): VerifyResult {
  const message = extra.detail ? `${VERIFY_REASONS[reason]} ${extra.detail}` : VERIFY_REASONS[reason];
  return { ok: false, reason, message, header: extra.header, claims: extra.claims };
}

/** The key's type must be the one its algorithm is defined for, whatever the token's header claims. */
function keyFits({ alg, key }: ResolvedKey): boolean {
  if (alg === 'HS256') return key.type === 'secret';
  if (key.type !== 'public') return false;
  if (alg === 'ES256') return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  return key.asymmetricKeyType === 'ed25519';
}

/**
 * Checks the signature with the one algorithm the key is pinned to. ES256/EdDSA run on libuv's thread
 * pool (the callback form of `crypto.verify`), so a sandbox under load keeps its event loop free; HS256
 * compares in constant time.
 */
function signatureValid({ alg, key }: ResolvedKey, signingInput: string, signature: string): Promise<boolean> {
  const data = Buffer.from(signingInput, 'ascii');
  const sig = Buffer.from(signature, 'base64url');
  if (alg === 'HS256') {
    const mac = createHmac('sha256', key).update(data).digest();
    return Promise.resolve(mac.length === sig.length && timingSafeEqual(mac, sig));
  }
  if (alg === 'ES256' && sig.length !== 64) return Promise.resolve(false);
  const opts = alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  return new Promise((resolve) =>
    cryptoVerify(alg === 'ES256' ? 'sha256' : null, data, opts, sig, (err, ok) => resolve(!err && ok)),
  );
}

/** Verifies `raw` against the key `resolve` finds. Never throws for a bad token: the result says why. */
export async function verifyToken(
  raw: string,
  resolve: KeyResolver,
  expect: VerifyExpectations = {},
): Promise<VerifyResult> {
  let decoded;
  try {
    decoded = decodeToken(raw);
  } catch (err) {
    if (isKeydeckError(err) && err.code === 'JWT_TOO_LARGE') return fail('too_large');
    if (isKeydeckError(err) && err.code === 'JWT_INVALID_UTF8') return fail('invalid_utf8', { detail: err.message });
    return fail('malformed', { detail: isKeydeckError(err) ? err.message : undefined });
  }
  const { header, claims } = decoded;
  if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none')
    return fail('alg_none', { header, claims });
  if (header.crit !== undefined) return fail('crit_unsupported', { header, claims });
  // RFC 7797: `b64` only means something under `crit`; present without it, the token is refused too.
  if (header.b64 !== undefined) return fail('b64_unsupported', { header, claims });
  if (header.kid !== undefined && typeof header.kid !== 'string') return fail('invalid_kid', { header, claims });
  let key: ResolvedKey | undefined;
  try {
    key = await resolve(header);
  } catch (err) {
    return fail('no_key', { header, claims, detail: isKeydeckError(err) ? err.message : undefined });
  }
  if (!key) return fail('unknown_kid', { header, claims });
  if (!isSigningAlg(header.alg) || header.alg !== key.alg) {
    return fail('alg_mismatch', {
      header,
      claims,
      detail: `The key is ${key.alg}; the token says ${String(header.alg).slice(0, 20)}.`,
    });
  }
  if (!keyFits(key)) return fail('alg_mismatch', { header, claims, detail: `The key is not a ${key.alg} key.` });
  if (!(await signatureValid(key, decoded.signingInput, decoded.signature)))
    return fail('bad_signature', { header, claims });
  const typeError = claimTypeError(claims, expect.allowMissingExp);
  if (typeError) return fail(typeError, { header, claims });
  const now = (expect.now ?? Date.now()) / 1000;
  const timeError = claimTimeError(claims, now, expect.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE);
  if (timeError) return fail(timeError, { header, claims });
  if (expect.issuer !== undefined && claims.iss !== expect.issuer) return fail('wrong_iss', { header, claims });
  if (expect.audience !== undefined && !(audienceList(claims.aud) ?? []).includes(expect.audience))
    return fail('wrong_aud', { header, claims });
  if (expect.isRevoked && typeof claims.jti === 'string' && expect.isRevoked(claims.jti))
    return fail('revoked', { header, claims });
  if (expect.scope !== undefined && !tokenScopes(claims).includes(expect.scope))
    return fail('missing_scope', { header, claims });
  return { ok: true, header, claims, kid: typeof header.kid === 'string' ? header.kid : undefined, alg: key.alg };
}

/** A resolver for a pasted HMAC secret: it fits HS256 only. */
export function secretResolver(secret: string): KeyResolver {
  if (!secret) throw new KeydeckError('EMPTY_SECRET', 'Paste the secret to verify with.');
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return async () => ({ alg: 'HS256', key });
}

/** The algorithm a JWK fits: its `alg` when it names one, else what its key type implies. */
export function jwkAlg(jwk: Record<string, unknown>): SigningAlg | undefined {
  if (isSigningAlg(jwk.alg)) return jwk.alg;
  if (jwk.alg === 'Ed25519') return 'EdDSA';
  if (jwk.alg !== undefined) return undefined;
  if (jwk.kty === 'oct') return 'HS256';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  return undefined;
}

function importJwkKey(jwk: Record<string, unknown>): ResolvedKey | undefined {
  const alg = jwkAlg(jwk);
  if (!alg) return undefined;
  try {
    const key =
      jwk.kty === 'oct'
        ? createSecretKey(Buffer.from(String(jwk.k ?? ''), 'base64url'))
        : createPublicKey({ key: publicOnly(jwk) as import('node:crypto').JsonWebKey, format: 'jwk' });
    return { alg, key, kid: typeof jwk.kid === 'string' ? jwk.kid : undefined };
  } catch {
    return undefined;
  }
}

/** Never verify with a private JWK's private parts: drop `d` so a pasted private key acts as its public half. */
function publicOnly(jwk: Record<string, unknown>): Record<string, unknown> {
  const { d: _d, ...rest } = jwk;
  return rest;
}

/**
 * A resolver over a pasted JWK or JWKS (JSON text or object). A JWKS is searched by the token's kid;
 * a single key (or a one-key set) is used whatever the kid says.
 */
export function jwksResolver(input: string | Record<string, unknown>): KeyResolver {
  let parsed: unknown = input;
  if (typeof input === 'string') {
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new KeydeckError('INVALID_JWK', 'The key is not JSON (paste a JWK or a JWKS).');
    }
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new KeydeckError('INVALID_JWK', 'The key is not a JWK or a JWKS.');
  const obj = parsed as Record<string, unknown>;
  const list = Array.isArray(obj.keys) ? (obj.keys as Record<string, unknown>[]) : [obj];
  if (!list.length || !list.every((k) => typeof k === 'object' && k !== null && typeof k.kty === 'string')) {
    throw new KeydeckError('INVALID_JWK', 'The key is not a JWK or a JWKS (every key needs a kty).');
  }
  return async (header) => {
    const candidates = list.length === 1 ? list : list.filter((k) => k.kid === header.kid);
    const first = candidates[0];
    return first ? importJwkKey(first) : undefined;
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
export const MAX_JWKS_BYTES = 64 * 1024;

/** Fetches a JWKS from a loopback URL only (the workbench never reaches out to the network). */
export async function fetchLocalJwks(rawUrl: string, timeoutMs = 3000): Promise<Record<string, unknown>> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new KeydeckError('INVALID_URL', `"${rawUrl.slice(0, 80)}" is not a URL.`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new KeydeckError('INVALID_URL', 'A JWKS URL must be http(s) on localhost, 127.0.0.1 or [::1].');
  }
  if (url.username || url.password) throw new KeydeckError('INVALID_URL', 'A JWKS URL must not hold credentials.');
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (err) {
    throw new KeydeckError('JWKS_FETCH_FAILED', `Could not fetch the JWKS: ${(err as Error).message.slice(0, 120)}`);
  }
  if (!res.ok) throw new KeydeckError('JWKS_FETCH_FAILED', `The JWKS URL answered HTTP ${res.status}.`);
  const text = await res.text();
  if (text.length > MAX_JWKS_BYTES) throw new KeydeckError('JWKS_FETCH_FAILED', 'The JWKS is larger than 64 KiB.');
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new KeydeckError('JWKS_FETCH_FAILED', 'The JWKS URL did not return JSON.');
  }
}
