/**
 * Parsing a compact JWS without trusting it: shape, size, base64url and JSON checks that run before any
 * key is looked up. Shared by decode and verify (the minting path never parses tokens).
 */
import { KeydeckError } from '../../../shared/errors.js';

/** Tokens larger than this are refused unread (a header this size is an attack, not a session). */
export const MAX_TOKEN_BYTES = 16 * 1024;

export const SIGNING_ALGS = ['HS256', 'ES256', 'EdDSA'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];

export type JwtHeader = Record<string, unknown> & { alg?: unknown; kid?: unknown; typ?: unknown; crit?: unknown };
export type JwtClaims = Record<string, unknown>;

export interface DecodedToken {
  header: JwtHeader;
  claims: JwtClaims;
  signingInput: string;
  signature: string;
}

const B64URL = /^[A-Za-z0-9_-]*$/;
/** Refuses invalid UTF-8 instead of replacing it with U+FFFD (RFC 7519 §7.2 step 5); keeps a BOM as text. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function segment(part: string, what: string): JwtClaims {
  if (!B64URL.test(part) || part.length % 4 === 1) {
    throw new KeydeckError('JWT_MALFORMED', `The token's ${what} is not base64url.`);
  }
  let text: string;
  try {
    text = UTF8.decode(Buffer.from(part, 'base64url'));
  } catch {
    throw new KeydeckError('JWT_INVALID_UTF8', `The token's ${what} is not valid UTF-8.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeydeckError('JWT_MALFORMED', `The token's ${what} is not JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KeydeckError('JWT_MALFORMED', `The token's ${what} is not a JSON object.`);
  }
  return value as JwtClaims;
}

/** Strips a `Bearer ` prefix or an `sk-live-` API-key prefix and surrounding whitespace. */
export function bareToken(raw: string): string {
  let t = raw.trim();
  if (/^bearer\s+/i.test(t)) t = t.replace(/^bearer\s+/i, '');
  if (t.startsWith('sk-live-')) t = t.slice('sk-live-'.length);
  return t;
}

/** Decodes a compact JWS (three base64url segments). Throws `JWT_MALFORMED` / `JWT_INVALID_UTF8` / `JWT_TOO_LARGE`. */
export function decodeToken(raw: string): DecodedToken {
  const token = bareToken(raw);
  if (Buffer.byteLength(token, 'utf8') > MAX_TOKEN_BYTES) {
    throw new KeydeckError('JWT_TOO_LARGE', `The token is larger than ${MAX_TOKEN_BYTES / 1024} KiB.`);
  }
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new KeydeckError(
      'JWT_MALFORMED',
      `A JWT has 3 dot-separated segments; this has ${parts.length}${parts.length === 5 ? ' (an encrypted JWE?)' : ''}.`,
    );
  }
  const header = segment(parts[0]!, 'header') as JwtHeader;
  const claims = segment(parts[1]!, 'payload');
  if (!B64URL.test(parts[2]!) || parts[2]!.length % 4 === 1) {
    throw new KeydeckError('JWT_MALFORMED', "The token's signature is not base64url.");
  }
  return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: parts[2]! };
}

export function isSigningAlg(v: unknown): v is SigningAlg {
  return typeof v === 'string' && (SIGNING_ALGS as readonly string[]).includes(v);
}

/** The scopes a token grants: a space-separated `scope` string or an `scp` array. */
export function tokenScopes(claims: JwtClaims): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ').filter(Boolean);
  if (Array.isArray(claims.scp)) return claims.scp.filter((s): s is string => typeof s === 'string');
  return [];
}
