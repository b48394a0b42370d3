/**
 * Minting: the "realtime session" template (sub, aud, scope, iat, nbf, jti, exp) and custom claims.
 * ES256 and EdDSA sign with jose; HS256 signs with node:crypto's HMAC directly (jose's WebCrypto path
 * costs ~100 µs a token; the budget is 50 µs), and every HS256 token is checked by jose in tests.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';
import { KeydeckError } from '../../../shared/errors.js';
import { parseLifetime } from './lifetime.js';
import type { SigningMaterial } from './keys.js';
import type { JwtClaims } from './token.js';

export const DEFAULT_AUDIENCE = 'realtime';
export const DEFAULT_SCOPE = 'realtime';
export const DEFAULT_TTL = '10m';
/** Custom claims JSON larger than this is refused (the whole token must stay under 16 KiB). */
export const MAX_CLAIMS_BYTES = 8 * 1024;

/** Claims the templates own: a custom claim may not set them (use --ttl for the lifetime). */
const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

export type Template = 'realtime-session' | 'custom';

export interface MintInput {
  template?: Template;
  /** `sub`: the realtime credential (or user) the token is for. */
  subject: string;
  audience?: string | string[];
  scope?: string;
  issuer?: string;
  /** Relative lifetime (`90s`, `15m`, `2h`) or seconds. Default 10 minutes. */
  ttl?: string | number;
  /** Extra claims, already validated (see `parseClaimsJson` / `parseClaimPairs`). */
  claims?: JwtClaims;
  /** Clock for tests and benches (ms since the epoch). */
  now?: number;
}

export interface Minted {
  token: string;
  header: { alg: string; kid: string; typ: 'JWT' };
  claims: JwtClaims;
  expiresAt: string;
}

/** Checks extra claims: a JSON object whose registered claims have the right types and no time claims. */
export function checkClaims(value: unknown): JwtClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KeydeckError('INVALID_CLAIMS', 'Custom claims must be a JSON object, like {"room":"demo"}.');
  }
  const claims = value as JwtClaims;
  for (const t of TIME_CLAIMS) {
    if (t in claims) {
      throw new KeydeckError('INVALID_CLAIMS', `"${t}" is set from the lifetime; remove it from the custom claims.`);
    }
  }
  for (const k of ['sub', 'iss', 'jti', 'scope'] as const) {
    if (k in claims && typeof claims[k] !== 'string') {
      throw new KeydeckError('INVALID_CLAIMS', `"${k}" must be a string.`);
    }
  }
  if ('aud' in claims) {
    const aud = claims.aud;
    const ok =
      typeof aud === 'string' || (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string'));
    if (!ok) throw new KeydeckError('INVALID_CLAIMS', '"aud" must be a string or a list of strings.');
  }
  if (JSON.stringify(claims).length > MAX_CLAIMS_BYTES) {
    throw new KeydeckError('INVALID_CLAIMS', `Custom claims are larger than ${MAX_CLAIMS_BYTES / 1024} KiB.`);
  }
  return claims;
}

/** Parses custom claims typed as JSON text; the message says where the JSON broke, never echoing it whole. */
export function parseClaimsJson(text: string): JwtClaims {
  if (text.length > MAX_CLAIMS_BYTES) {
    throw new KeydeckError('INVALID_CLAIMS', `Custom claims are larger than ${MAX_CLAIMS_BYTES / 1024} KiB.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 120) : 'invalid JSON';
    throw new KeydeckError('INVALID_CLAIMS', `Custom claims are not valid JSON: ${why}`);
  }
  return checkClaims(value);
}

/** `--claim k=v` pairs: a value that parses as JSON (`42`, `true`, `["a"]`) keeps its type, else a string. */
export function parseClaimPairs(pairs: readonly string[]): JwtClaims {
  const out: JwtClaims = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new KeydeckError('INVALID_CLAIMS', `"${pair.slice(0, 60)}" is not key=value.`);
    const key = pair.slice(0, i).trim();
    const raw = pair.slice(i + 1);
    let value: unknown = raw;
    if (/^(-?\d|true$|false$|null$|\[|\{|")/.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    out[key] = value;
  }
  return checkClaims(out);
}

/** The claims a template produces at `now`. */
export function buildClaims(input: MintInput): JwtClaims {
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  const ttl = parseLifetime(input.ttl ?? DEFAULT_TTL);
  const extra = input.claims ? checkClaims(input.claims) : {};
  if (!input.subject) throw new KeydeckError('INVALID_CLAIMS', 'A token needs a subject.');
  const base: JwtClaims =
    (input.template ?? 'realtime-session') === 'realtime-session'
      ? {
          sub: input.subject,
          aud: input.audience ?? DEFAULT_AUDIENCE,
          scope: input.scope ?? DEFAULT_SCOPE,
        }
      : {
          sub: input.subject,
          ...(input.audience !== undefined ? { aud: input.audience } : {}),
          ...(input.scope !== undefined ? { scope: input.scope } : {}),
        };
  return {
    ...(input.issuer ? { iss: input.issuer } : {}),
    ...base,
    ...extra,
    iat: now,
    nbf: now,
    exp: now + ttl,
    jti: typeof extra.jti === 'string' ? extra.jti : randomUUID(),
  };
}

const b64json = (v: unknown): string => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

/** Signs `claims` with `material`, putting its kid and algorithm in the header. */
export async function signClaims(claims: JwtClaims, material: SigningMaterial): Promise<string> {
  const header = { alg: material.alg, kid: material.kid, typ: 'JWT' as const };
  if (material.alg === 'HS256') {
    const input = `${b64json(header)}.${b64json(claims)}`;
    const sig = createHmac('sha256', material.key as Uint8Array)
      .update(input)
      .digest('base64url');
    return `${input}.${sig}`;
  }
  return new SignJWT(claims).setProtectedHeader(header).sign(material.key as CryptoKey);
}

/** Builds and signs a token in one step. */
export async function mint(input: MintInput, material: SigningMaterial): Promise<Minted> {
  const claims = buildClaims(input);
  const token = await signClaims(claims, material);
  return {
    token,
    header: { alg: material.alg, kid: material.kid, typ: 'JWT' },
    claims,
    expiresAt: new Date((claims.exp as number) * 1000).toISOString(),
  };
}

export interface CopyForms {
  raw: string;
  header: string;
  /** The WebSocket URL with `?token=`, for browsers that cannot set an Authorization header. */
  url?: string;
}

/** The three ways the workbench copies a token. */
export function copyForms(token: string, wsUrl?: string): CopyForms {
  const forms: CopyForms = { raw: token, header: `Authorization: Bearer ${token}` };
  if (wsUrl) {
    let url: URL;
    try {
      url = new URL(wsUrl);
    } catch {
      throw new KeydeckError('INVALID_URL', `"${wsUrl.slice(0, 80)}" is not a URL.`);
    }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
      throw new KeydeckError('INVALID_URL', 'A realtime URL must use ws:// or wss://.');
    }
    url.searchParams.set('token', token);
    forms.url = url.toString();
  }
  return forms;
}
