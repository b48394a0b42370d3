/**
 * Verified tokens, so a client that reconnects with the same token does not pay for a signature check
 * again (issue 12, speed). Keyed by the whole token; bounded (oldest first out); an entry lives no longer
 * than its token's `exp` (a token without one is never kept). A hit is re-checked for what can change
 * while the token is held (time claims against the sandbox clock, revocation); the sandbox clears the
 * cache on every catalog change, so a deleted key or signing key never lets a cached token in.
 */
import { claimTimeError } from '../jwt/claims.js';
import { DEFAULT_CLOCK_TOLERANCE } from '../jwt/verify.js';
import type { JwtClaims } from '../jwt/token.js';

export const TOKEN_CACHE_ENTRIES = 1024;

export class VerifiedTokenCache {
  private readonly entries = new Map<string, JwtClaims>();

  constructor(private readonly max = TOKEN_CACHE_ENTRIES) {}

  get size(): number {
    return this.entries.size;
  }

  /** The claims of a token verified before and still good at `nowMs`; undefined otherwise (and forgotten). */
  get(token: string, nowMs: number, isRevoked: (jti: string) => boolean): JwtClaims | undefined {
    const claims = this.entries.get(token);
    if (!claims) return undefined;
    const revoked = typeof claims.jti === 'string' && isRevoked(claims.jti);
    if (revoked || claimTimeError(claims, Math.floor(nowMs / 1000), DEFAULT_CLOCK_TOLERANCE)) {
      this.entries.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Keeps a token that passed the full check (only one that expires). */
  set(token: string, claims: JwtClaims): void {
    if (typeof claims.exp !== 'number') return;
    this.entries.delete(token);
    this.entries.set(token, claims);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
