/**
 * Signing keys in a backup: what the keychain holds under `signing/<kid>`, and how a backed-up key is
 * compared with one that is already here.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey } from 'node:crypto';
import type { SigningKey } from '../../../shared/domain.js';

/** What the keychain holds under `signing/<kid>` (see `electron/core/jwt/keys.ts`). */
export interface StoredSigningKey {
  keydeckSigningKey: 1;
  kid: string;
  alg: SigningKey['alg'];
  workspaceId: string;
  jwk: Record<string, unknown>;
}

export function parseStoredSigningKey(raw: string | null, kid: string): StoredSigningKey | undefined {
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as StoredSigningKey;
    if (s.keydeckSigningKey === 1 && s.kid === kid && s.jwk && typeof s.jwk === 'object') return s;
  } catch {
    // damaged: treated as absent
  }
  return undefined;
}

/** The private key material of a JWK, for comparing two keys (the public half follows from it). */
export function privateMaterial(jwk: Record<string, unknown>): string {
  return JSON.stringify([jwk.kty, jwk.crv, jwk.k, jwk.d]);
}

/**
 * Checks a backed-up private JWK against its key's metadata: the right type for the algorithm, and for
 * key pairs a public half equal to the catalog's public JWK. Returns why it does not fit, or undefined.
 */
export function privateKeyProblem(meta: SigningKey, jwk: Record<string, unknown>): string | undefined {
  try {
    if (meta.alg === 'HS256') {
      if (jwk.kty !== 'oct' || typeof jwk.k !== 'string' || Buffer.from(jwk.k, 'base64url').length < 32) {
        return 'its HS256 secret is missing or too short';
      }
      return undefined;
    }
    const priv = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    const pub = createPublicKey(priv).export({ format: 'jwk' });
    const want = meta.publicJwk ?? {};
    if (pub.x !== want.x || pub.y !== want.y || pub.crv !== want.crv) {
      return 'its private key does not match its public key';
    }
    return undefined;
  } catch {
    return 'its private key does not parse';
  }
}

/** A JSON value with object keys sorted, for comparing JWKs whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function sameSigningKeyMeta(a: SigningKey, b: SigningKey): boolean {
  return (
    a.kid === b.kid &&
    a.workspaceId === b.workspaceId &&
    a.alg === b.alg &&
    a.source === b.source &&
    (a.credentialId ?? '') === (b.credentialId ?? '') &&
    canonical(a.publicJwk ?? null) === canonical(b.publicJwk ?? null)
  );
}
