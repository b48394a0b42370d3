/**
 * The registered claims' rules (RFC 7519 §4.1), checked after the signature: types first, then time.
 * Each refusal has its own reason. At least as strict as a mainstream verifier (PyJWT, jose): a
 * NumericDate is a finite number within a range a Date can show, `iat` may not lie in the future,
 * `aud` is a string or a list of strings, `iss`/`sub`/`jti` are strings.
 */
import type { JwtClaims } from './token.js';

/** 9999-12-31T23:59:59Z: the last second an ISO date can show; anything later is refused, not guessed. */
export const MAX_NUMERIC_DATE = 253_402_300_799;

export const CLAIM_REASONS = {
  missing_exp: 'The token has no exp claim.',
  invalid_exp: 'The exp claim is not a NumericDate (a finite number of seconds from 1970 to 9999).',
  invalid_nbf: 'The nbf claim is not a NumericDate (a finite number of seconds from 1970 to 9999).',
  invalid_iat: 'The iat claim is not a NumericDate (a finite number of seconds from 1970 to 9999).',
  invalid_aud: 'The aud claim is neither a string nor a list of strings.',
  invalid_iss: 'The iss claim is not a string.',
  invalid_sub: 'The sub claim is not a string.',
  invalid_jti: 'The jti claim is not a string.',
  expired: 'The token has expired.',
  not_yet_valid: 'The token is not valid yet (nbf).',
  issued_in_future: 'The token was issued in the future (iat).',
} as const;
export type ClaimReason = keyof typeof CLAIM_REASONS;

/** A NumericDate Keydeck can compare and show: a finite, non-negative number up to year 9999. */
export function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_NUMERIC_DATE;
}

/** The audiences of a well-typed `aud` (a string or a non-empty list of strings); undefined when ill-typed. */
export function audienceList(aud: unknown): string[] | undefined {
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string')) return aud as string[];
  return undefined;
}

/** Type checks of the registered claims, whatever the caller expects. Undefined: all well-typed. */
export function claimTypeError(claims: JwtClaims, allowMissingExp = false): ClaimReason | undefined {
  if (claims.exp === undefined) {
    if (!allowMissingExp) return 'missing_exp';
  } else if (!isNumericDate(claims.exp)) return 'invalid_exp';
  if (claims.nbf !== undefined && !isNumericDate(claims.nbf)) return 'invalid_nbf';
  if (claims.iat !== undefined && !isNumericDate(claims.iat)) return 'invalid_iat';
  if (claims.aud !== undefined && !audienceList(claims.aud)) return 'invalid_aud';
  if (claims.iss !== undefined && typeof claims.iss !== 'string') return 'invalid_iss';
  if (claims.sub !== undefined && typeof claims.sub !== 'string') return 'invalid_sub';
  if (claims.jti !== undefined && typeof claims.jti !== 'string') return 'invalid_jti';
  return undefined;
}

/**
 * Time checks on well-typed claims, `nowSec` and `tolSec` in seconds. Expired when `now ≥ exp + tol`
 * (RFC 7519: now must be *before* exp), comparing whole seconds of `exp` as PyJWT does so a fraction
 * never buys an extra second; `nbf` and `iat` may not be later than `now + tol`.
 */
export function claimTimeError(claims: JwtClaims, nowSec: number, tolSec: number): ClaimReason | undefined {
  if (typeof claims.exp === 'number' && nowSec >= Math.floor(claims.exp) + tolSec) return 'expired';
  if (typeof claims.nbf === 'number' && claims.nbf > nowSec + tolSec) return 'not_yet_valid';
  if (typeof claims.iat === 'number' && claims.iat > nowSec + tolSec) return 'issued_in_future';
  return undefined;
}
