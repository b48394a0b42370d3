/**
 * JWT-shaped API keys as InferexAI issues them: `sk-live-` + an HS256 JWT carrying the user id, a unique
 * `jti` and `iat`, identified in lists and logs by a prefix (`sk-live-a1b2c3d4`). They carry no `exp`:
 * a key lives until it is revoked, and the revocation list beats a valid signature.
 */
import { randomUUID } from 'node:crypto';
import { KeydeckError } from '../../../shared/errors.js';
import { displayPrefix } from '../display.js';
import type { SigningMaterial } from './keys.js';
import { signClaims } from './mint.js';
import { verifyToken, type KeyResolver, type VerifyResult } from './verify.js';

export const API_KEY_PREFIX = 'sk-live-';

export interface IssuedApiKey {
  /** The full key: show it, copy it, never log it. */
  key: string;
  /** `sk-live-` + 8 hex digits of the key's fingerprint: safe for lists and usage logs. */
  prefix: string;
  jti: string;
  userId: string;
  issuedAt: string;
}

export async function issueApiKey(userId: string, material: SigningMaterial, now = Date.now()): Promise<IssuedApiKey> {
  if (material.alg !== 'HS256') throw new KeydeckError('INVALID_INPUT', 'API keys are HS256 JWTs.');
  const uid = userId.trim();
  if (!uid || uid.length > 128) throw new KeydeckError('INVALID_INPUT', 'A user id is 1 to 128 characters.');
  const jti = randomUUID();
  const iat = Math.floor(now / 1000);
  const key = API_KEY_PREFIX + (await signClaims({ uid, jti, iat }, material));
  return { key, prefix: apiKeyPrefix(key), jti, userId: uid, issuedAt: new Date(iat * 1000).toISOString() };
}

/** The display prefix of an API key (the same rule the credential list uses for any `sk-live-` JWT). */
export function apiKeyPrefix(key: string): string {
  if (!key.startsWith(API_KEY_PREFIX)) throw new KeydeckError('INVALID_INPUT', 'An API key starts with sk-live-.');
  return displayPrefix(key);
}

/** Verifies an API key: HS256 pinned, signature first, then the revocation list. */
export async function verifyApiKey(
  key: string,
  resolve: KeyResolver,
  isRevoked: (jti: string) => boolean,
): Promise<VerifyResult> {
  if (!key.trim().startsWith(API_KEY_PREFIX)) {
    return { ok: false, reason: 'malformed', message: 'An API key starts with sk-live-.' };
  }
  const r = await verifyToken(key, resolve, { allowMissingExp: true, isRevoked });
  if (r.ok && (typeof r.claims.jti !== 'string' || typeof r.claims.uid !== 'string')) {
    return {
      ok: false,
      reason: 'malformed',
      message: 'An API key carries a user id and a jti.',
      header: r.header,
      claims: r.claims,
    };
  }
  if (r.ok && r.alg !== 'HS256') return { ok: false, reason: 'alg_mismatch', message: 'API keys are HS256.' };
  return r;
}
