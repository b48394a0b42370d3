/**
 * The JWT workbench as one object, for the CLI and the app's JWT screen: keys, minting, API keys,
 * revocation, decode and verify. Construct it over the real core: `new JwtService(core)`.
 */
import { KeydeckError } from '../../../shared/errors.js';
import type { Revocation, SigningKey } from '../../../shared/domain.js';
import type { Catalog } from '../catalog.js';
import { wiringOf, type CoreParts as Core } from '../core-parts.js';
import { resolveWorkspace } from '../workspaces.js';
import { apiKeyPrefix, issueApiKey, verifyApiKey, type IssuedApiKey } from './api-keys.js';
import { hs256Export, type Hs256Export } from './hs256-export.js';
import { SigningKeyStore, type SigningMaterial } from './keys.js';
import { isNumericDate } from './claims.js';
import { describeRemaining } from './lifetime.js';
import { copyForms, mint, type CopyForms, type MintInput, type Minted, type Template } from './mint.js';
import { decodeToken, type JwtClaims, type JwtHeader, type SigningAlg } from './token.js';
import {
  fetchLocalJwks,
  jwksResolver,
  secretResolver,
  verifyToken,
  type KeyResolver,
  type VerifyExpectations,
  type VerifyResult,
} from './verify.js';

export interface MintRequest {
  /** The realtime credential the token is for; it becomes `sub`. */
  key: string;
  alg?: SigningAlg;
  /** Sign with this generated workspace key instead (its algorithm wins over `alg`). */
  kid?: string;
  template?: Template;
  ttl?: string | number;
  audience?: string;
  scope?: string;
  issuer?: string;
  claims?: JwtClaims;
  workspace?: string;
  /** Builds the `ws://…?token=` copy form. */
  wsUrl?: string;
  now?: number;
}

export interface MintResult extends Minted {
  alg: SigningAlg;
  kid: string;
  forms: CopyForms;
}

/** Where verification finds its key. */
export type VerifySource =
  | { kind: 'local' }
  | { kind: 'credential'; name: string }
  | { kind: 'secret'; secret: string }
  | { kind: 'jwk'; json: string }
  | { kind: 'jwks-url'; url: string };

export interface DecodedView {
  header: JwtHeader;
  claims: JwtClaims;
  /** Pretty-printed JSON for the two panes. */
  headerText: string;
  claimsText: string;
  expiresAt?: string;
  /** `expires in 9m 58s` / `expired 3s ago` / `no exp`. */
  countdown: string;
  /** For sk-live keys: the display prefix. */
  prefix?: string;
}

export class JwtService {
  readonly keys: SigningKeyStore;
  /** The catalog, for what this service owns: signing keys (through `keys`) and revocations. */
  private readonly catalog: Catalog;

  constructor(private readonly core: Core) {
    const { catalog, vault } = wiringOf(core);
    this.catalog = catalog;
    this.keys = new SigningKeyStore({ catalog, vault, credentials: core.credentials });
  }

  /** The id of the named (or active) workspace. */
  workspaceId(workspace?: string): string {
    return this.core.workspaces.resolve(workspace).id;
  }

  /** The material `alg` signs with for the credential: its own secret (HS256) or the workspace key. */
  async material(key: string, alg: SigningAlg, workspace?: string): Promise<SigningMaterial> {
    const cred = this.core.credentials.get(key, workspace);
    if (alg === 'HS256') return this.keys.fromCredential(cred.id, cred.workspaceId);
    if (cred.kind !== 'realtime') {
      throw new KeydeckError(
        'NOT_REALTIME_KEY',
        `"${cred.name}" is a ${cred.kind} key; tokens are minted for realtime-only keys.`,
      );
    }
    const meta = await this.keys.ensure(alg, cred.workspaceId);
    return this.keys.signer(meta.kid);
  }

  /** Mints a token for a realtime credential. */
  async mint(req: MintRequest): Promise<MintResult> {
    const cred = this.core.credentials.get(req.key, req.workspace);
    const material = req.kid
      ? await this.keys.signer(req.kid)
      : await this.material(cred.id, req.alg ?? 'ES256', cred.workspaceId);
    if (material.workspaceId !== cred.workspaceId) {
      throw new KeydeckError('SIGNING_KEY_NOT_FOUND', `Signing key "${req.kid}" belongs to another workspace.`);
    }
    if (cred.kind !== 'realtime') {
      throw new KeydeckError(
        'NOT_REALTIME_KEY',
        `"${cred.name}" is a ${cred.kind} key; tokens are minted for realtime-only keys.`,
      );
    }
    const alg = material.alg;
    const input: MintInput = {
      template: req.template,
      subject: cred.name,
      audience: req.audience,
      scope: req.scope,
      issuer: req.issuer,
      ttl: req.ttl,
      claims: req.claims,
      now: req.now,
    };
    const minted = await mint(input, material);
    return { ...minted, alg, kid: material.kid, forms: copyForms(minted.token, req.wsUrl) };
  }

  /** Header and claims, pretty-printed, with the expiry countdown. Throws JWT_MALFORMED / JWT_TOO_LARGE. */
  decode(token: string, now = Date.now()): DecodedView {
    const { header, claims } = decodeToken(token);
    // An exp no Date can show (1e30, 2^53+1, ≥ 8.64e12) is reported as such, never thrown as INTERNAL.
    const exp = isNumericDate(claims.exp) ? claims.exp : undefined;
    return {
      header,
      claims,
      headerText: JSON.stringify(header, null, 2),
      claimsText: JSON.stringify(claims, null, 2),
      ...(exp !== undefined ? { expiresAt: new Date(exp * 1000).toISOString() } : {}),
      countdown:
        exp !== undefined ? describeRemaining(exp, now) : claims.exp === undefined ? 'no exp' : 'exp is not a date',
      ...(token.trim().startsWith('sk-live-') ? { prefix: this.apiKeyPrefix(token.trim()) } : {}),
    };
  }

  private apiKeyPrefix(key: string): string | undefined {
    try {
      return apiKeyPrefix(key);
    } catch {
      return undefined;
    }
  }

  /** A resolver over the workspace's own keys, by kid. */
  localResolver(workspace?: string): KeyResolver {
    const wsId = this.workspaceId(workspace);
    return async (header) => (typeof header.kid === 'string' ? this.keys.verifier(header.kid, wsId) : undefined);
  }

  async resolver(source: VerifySource, workspace?: string): Promise<KeyResolver> {
    switch (source.kind) {
      case 'local':
        return this.localResolver(workspace);
      case 'credential': {
        const cred = this.core.credentials.get(source.name, workspace);
        const m = await this.keys.fromCredential(cred.id, cred.workspaceId, 'jwt:verify');
        return async () => this.keys.verifier(m.kid, cred.workspaceId);
      }
      case 'secret':
        return secretResolver(source.secret);
      case 'jwk':
        return jwksResolver(source.json);
      case 'jwks-url':
        return jwksResolver(await fetchLocalJwks(source.url));
    }
  }

  /** Verifies a pasted token; revocation is checked against the workspace's list. */
  async verify(
    token: string,
    source: VerifySource = { kind: 'local' },
    expect: VerifyExpectations & { workspace?: string } = {},
  ): Promise<VerifyResult> {
    const resolve = await this.resolver(source, expect.workspace);
    const wsId = this.workspaceId(expect.workspace);
    return verifyToken(token, resolve, { isRevoked: (jti) => this.isRevoked(jti, wsId), ...expect });
  }

  jwks(workspace?: string): { keys: Record<string, unknown>[] } {
    return this.keys.jwks(workspace) as { keys: Record<string, unknown>[] };
  }

  signingKeys(workspace?: string): SigningKey[] {
    return this.keys.list(workspace);
  }

  // ---- JWT-shaped API keys and revocation ----

  /** Issues an `sk-live-` key signed with the workspace's generated HS256 key (its "JWT_SECRET"). */
  async issueApiKey(userId: string, workspace?: string): Promise<IssuedApiKey> {
    const meta = await this.keys.ensure('HS256', workspace);
    return issueApiKey(userId, await this.keys.signer(meta.kid));
  }

  /**
   * The workspace's HS256 secret that signs its sk-live- keys, in the forms a backend verifies with
   * (created now if no key was issued yet, so a backend can be set up first). Callers confirm first.
   */
  async exportApiKeySecret(workspace?: string): Promise<Hs256Export> {
    const meta = await this.keys.ensure('HS256', workspace);
    const ws = this.core.workspaces.resolve(meta.workspaceId);
    return hs256Export(await this.keys.signer(meta.kid), ws.name);
  }

  async verifyApiKey(key: string, workspace?: string): Promise<VerifyResult> {
    const wsId = this.workspaceId(workspace);
    return verifyApiKey(key, this.localResolver(workspace), (jti) => this.isRevoked(jti, wsId));
  }

  revocations(workspace?: string): Revocation[] {
    const wsId = this.workspaceId(workspace);
    return this.catalog.read().revocations.filter((r) => r.workspaceId === wsId);
  }

  isRevoked(jti: string, workspaceId: string): boolean {
    return this.catalog.read().revocations.some((r) => r.jti === jti && r.workspaceId === workspaceId);
  }

  /** Revokes a token or API key by its jti (idempotent). */
  async revoke(
    jti: string,
    opts: { workspace?: string; reason?: string; credentialId?: string } = {},
  ): Promise<Revocation> {
    const id = jti.trim();
    if (!id || id.length > 256) throw new KeydeckError('INVALID_INPUT', 'A jti is 1 to 256 characters.');
    return this.catalog.mutate((data) => {
      const ws = resolveWorkspace(data, opts.workspace);
      const existing = data.revocations.find((r) => r.jti === id && r.workspaceId === ws.id);
      if (existing) return existing;
      const r: Revocation = {
        jti: id,
        workspaceId: ws.id,
        revokedAt: new Date().toISOString(),
        ...(opts.credentialId ? { credentialId: opts.credentialId } : {}),
        ...(opts.reason ? { reason: opts.reason.slice(0, 500) } : {}),
      };
      data.revocations.push(r);
      return r;
    });
  }

  async unrevoke(jti: string, workspace?: string): Promise<boolean> {
    return this.catalog.mutate((data) => {
      const ws = resolveWorkspace(data, workspace);
      const before = data.revocations.length;
      data.revocations = data.revocations.filter((r) => !(r.jti === jti && r.workspaceId === ws.id));
      return data.revocations.length < before;
    });
  }
}
