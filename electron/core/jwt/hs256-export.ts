/**
 * What a backend needs to verify the `sk-live-` API keys a workspace issues: the workspace's generated
 * HS256 secret (32 random bytes), in the forms a backend reads it. The same secret also signs keys, so
 * exporting it is a deliberate act: the CLI asks first, and says what it is for.
 */
import type { JWK } from 'jose';
import { KeydeckError } from '../../../shared/errors.js';
import { dotenvQuote } from '../env-lines.js';
import type { SigningMaterial } from './keys.js';

/** The env var the exported line sets; its name says the value is base64url, to be decoded before use. */
export const HS256_SECRET_ENV = 'KEYDECK_JWT_SECRET_B64URL';

export interface Hs256Export {
  kid: string;
  alg: 'HS256';
  workspace: string;
  /** The secret bytes, base64url without padding: a backend decodes it before use. */
  base64url: string;
  /** `KEYDECK_JWT_SECRET_B64URL=<base64url>`, one line for a `.env` file or a secret store. */
  envLine: string;
  /** An RFC 7517 `oct` key: `jose.importJWK(jwk)` and PyJWT's `jwt.PyJWK(jwk)` read it as it is. */
  jwk: JWK;
  /** One sentence: what it verifies, and that it can also sign. */
  purpose: string;
}

/** The export forms of HS256 signing material (a generated workspace key, never a credential's secret). */
export function hs256Export(material: SigningMaterial, workspace: string): Hs256Export {
  if (material.alg !== 'HS256' || !(material.key instanceof Uint8Array)) {
    throw new KeydeckError('INVALID_INPUT', 'Only an HS256 secret is exported; ES256 and EdDSA keys are in the JWKS.');
  }
  const base64url = Buffer.from(material.key).toString('base64url');
  return {
    kid: material.kid,
    alg: 'HS256',
    workspace,
    base64url,
    envLine: `${HS256_SECRET_ENV}=${dotenvQuote(base64url, HS256_SECRET_ENV)}`,
    jwk: { kty: 'oct', k: base64url, alg: 'HS256', kid: material.kid, use: 'sig' },
    purpose:
      `Verifies the sk-live- API keys of workspace "${workspace}": strip the "sk-live-" prefix, then check ` +
      `the rest as an HS256 JWT (header kid ${material.kid}) with the decoded bytes. Anyone who holds it ` +
      'can also issue keys that verify: keep it in your backend’s secret store, never in code or logs.',
  };
}
