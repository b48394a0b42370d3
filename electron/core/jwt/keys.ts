/**
 * A workspace's JWT signing keys. HS256 keys come from a realtime credential's own secret (read from its
 * keychain entry when needed) or are generated; ES256 and EdDSA key pairs are generated with jose. The
 * private half of a generated key lives in the keychain under `signing/<kid>`; the catalog's
 * `signingKeys` array holds only the kid, algorithm and public JWK.
 */
import { createPublicKey, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { KeydeckError } from '../../../shared/errors.js';
import type { CatalogData, SigningKey } from '../../../shared/domain.js';
import type { Catalog } from '../catalog.js';
import { signingAccount } from '../envelope.js';
import type { CredentialService } from '../credential-service.js';
import { setVerified, type Vault } from '../vault.js';
import { resolveWorkspace } from '../workspaces.js';
import type { SigningAlg } from './token.js';

/** The parts of the core the key store needs (so tests and the app pass the real core). */
export interface KeyStoreDeps {
  catalog: Catalog;
  vault: Vault;
  credentials: CredentialService;
}

/** What signs: an HMAC secret or a private CryptoKey, always with its kid and pinned algorithm. */
export interface SigningMaterial {
  kid: string;
  alg: SigningAlg;
  workspaceId: string;
  /** HS256: the secret bytes. ES256/EdDSA: the private key. */
  key: Uint8Array | CryptoKey;
}

/** What verifies: the public key (or HMAC secret) of a kid, with the one algorithm it may be used with. */
export interface VerificationKey {
  kid: string;
  alg: SigningAlg;
  key: KeyObject;
}

interface StoredPrivate {
  keydeckSigningKey: 1;
  kid: string;
  alg: SigningAlg;
  workspaceId: string;
  jwk: JWK;
}

export { signingAccount };

/** The kid of the HS256 key that is a realtime credential's secret: one per credential version. */
export function credentialKid(credentialId: string, version: number): string {
  return `rt-${credentialId.replace(/-/g, '').slice(0, 12)}-v${version}`;
}

function publicJwkOf(key: SigningKey): JWK | undefined {
  if (!key.publicJwk) return undefined;
  return { ...(key.publicJwk as JWK), kid: key.kid, alg: key.alg, use: 'sig' };
}

export class SigningKeyStore {
  private readonly signers = new Map<string, SigningMaterial>();
  private readonly verifiers = new Map<string, VerificationKey>();

  constructor(private readonly deps: KeyStoreDeps) {}

  private data(): CatalogData {
    return this.deps.catalog.read();
  }

  /** The workspace's signing keys (metadata and public halves only). */
  list(workspace?: string): SigningKey[] {
    const data = this.data();
    const ws = resolveWorkspace(data, workspace);
    return data.signingKeys.filter((k) => k.workspaceId === ws.id);
  }

  /** The recorded metadata of signing key `kid` (any workspace), or undefined. */
  meta(kid: string): SigningKey | undefined {
    return this.data().signingKeys.find((k) => k.kid === kid);
  }

  /** The public keys as a JWKS (RFC 7517). HS256 keys are secret and never appear here. */
  jwks(workspace?: string): { keys: JWK[] } {
    return { keys: this.list(workspace).flatMap((k) => publicJwkOf(k) ?? []) };
  }

  /**
   * The workspace's generated key of `alg`, created (inside the catalog lock, so two processes do not
   * both create one) on first use.
   */
  async ensure(alg: SigningAlg, workspace?: string): Promise<SigningKey> {
    const existing = this.list(workspace).find((k) => k.alg === alg && k.source === 'generated');
    if (existing) return existing;
    return this.create(alg, workspace, true);
  }

  /** Generates a new key of `alg` in the workspace. `reuse` returns an existing one found under the lock. */
  async create(alg: SigningAlg, workspace?: string, reuse = false): Promise<SigningKey> {
    let written: string | undefined;
    try {
      return await this.deps.catalog.mutate(async (data) => {
        const ws = resolveWorkspace(data, workspace);
        const found = data.signingKeys.find(
          (k) => k.workspaceId === ws.id && k.alg === alg && k.source === 'generated',
        );
        if (reuse && found) return found;
        const { kid, privateJwk, publicJwk } = await generate(alg);
        const stored: StoredPrivate = { keydeckSigningKey: 1, kid, alg, workspaceId: ws.id, jwk: privateJwk };
        const sealed = JSON.stringify(stored);
        written = signingAccount(kid);
        await setVerified(this.deps.vault, written, sealed, 'the signing key that was written');
        const meta: SigningKey = {
          kid,
          workspaceId: ws.id,
          alg,
          createdAt: new Date().toISOString(),
          source: 'generated',
          ...(publicJwk ? { publicJwk: publicJwk as Record<string, unknown> } : {}),
        };
        data.signingKeys.push(meta);
        return meta;
      });
    } catch (err) {
      if (written) await this.deps.vault.delete(written).catch(() => undefined);
      throw err;
    }
  }

  /**
   * The HS256 signing material of a realtime credential: its active secret, registered in the catalog
   * under a kid of its own (so local verification finds it). Reading it is a recorded use.
   */
  async fromCredential(nameOrId: string, workspace?: string, action = 'jwt:mint'): Promise<SigningMaterial> {
    const cred = this.deps.credentials.get(nameOrId, workspace);
    if (cred.kind !== 'realtime') {
      throw new KeydeckError(
        'NOT_REALTIME_KEY',
        `"${cred.name}" is a ${cred.kind} key; session tokens are minted for realtime-only keys.`,
      );
    }
    const use = await this.deps.credentials.readSecret(cred.id, { workspace: cred.workspaceId, action });
    const kid = credentialKid(cred.id, use.version);
    if (!this.data().signingKeys.some((k) => k.kid === kid)) {
      await this.deps.catalog.mutate((data) => {
        if (data.signingKeys.some((k) => k.kid === kid)) return;
        data.signingKeys.push({
          kid,
          workspaceId: cred.workspaceId,
          alg: 'HS256',
          createdAt: new Date().toISOString(),
          source: 'credential',
          credentialId: cred.id,
        });
      });
    }
    const material: SigningMaterial = {
      kid,
      alg: 'HS256',
      workspaceId: cred.workspaceId,
      key: new Uint8Array(Buffer.from(use.secret, 'utf8')),
    };
    this.verifiers.set(kid, { kid, alg: 'HS256', key: createSecretKey(Buffer.from(material.key as Uint8Array)) });
    return material;
  }

  /** The private material of a generated key (cached for the life of this store). */
  async signer(kid: string): Promise<SigningMaterial> {
    const cached = this.signers.get(kid);
    if (cached) return cached;
    const meta = this.meta(kid);
    if (!meta || meta.source !== 'generated') {
      throw new KeydeckError('SIGNING_KEY_NOT_FOUND', `No generated signing key with kid "${kid.slice(0, 80)}".`);
    }
    const stored = await this.readPrivate(kid);
    const key =
      meta.alg === 'HS256'
        ? new Uint8Array(Buffer.from(stored.jwk.k ?? '', 'base64url'))
        : ((await importJWK(stored.jwk, meta.alg)) as CryptoKey);
    const material: SigningMaterial = { kid, alg: meta.alg, workspaceId: meta.workspaceId, key };
    this.signers.set(kid, material);
    return material;
  }

  private async readPrivate(kid: string): Promise<StoredPrivate> {
    const raw = await this.deps.vault.get(signingAccount(kid));
    if (!raw) {
      throw new KeydeckError(
        'SECRET_MISSING',
        `The keychain no longer holds the private half of signing key "${kid}". Create a new key.`,
      );
    }
    try {
      const stored = JSON.parse(raw) as StoredPrivate;
      if (stored.keydeckSigningKey === 1 && stored.kid === kid) return stored;
    } catch {
      // fall through
    }
    throw new KeydeckError('SECRET_MISSING', `The keychain entry for signing key "${kid}" is damaged.`);
  }

  /**
   * The key that verifies tokens carrying `kid` in the workspace, or undefined when the kid is not
   * one of the workspace's keys. Public keys come from the catalog; HS256 secrets from the keychain.
   */
  async verifier(kid: string, workspaceId?: string): Promise<VerificationKey | undefined> {
    const cached = this.verifiers.get(kid);
    const meta = this.data().signingKeys.find((k) => k.kid === kid && (!workspaceId || k.workspaceId === workspaceId));
    if (!meta) return undefined;
    let key: KeyObject;
    if (meta.source === 'credential') {
      // A credential's key verifies only while that version of the credential is usable.
      const cred = this.data().credentials.find((c) => c.id === meta.credentialId);
      const version = Number(/-v(\d+)$/.exec(kid)?.[1]);
      const usable = cred?.versions.find((v) => v.version === version);
      if (!cred || !usable || usable.status === 'retired') return undefined;
      if (usable.retiringUntil && Date.parse(usable.retiringUntil) <= Date.now()) return undefined;
      if (cached) return cached;
      key = createSecretKey(Buffer.from(await this.deps.credentials.readVersion(cred, version), 'utf8'));
    } else if (cached) {
      return cached;
    } else if (meta.alg === 'HS256') {
      key = createSecretKey(Buffer.from((await this.readPrivate(kid)).jwk.k ?? '', 'base64url'));
    } else if (meta.publicJwk) {
      // Re-imported from SPKI DER: OpenSSL verifies with it measurably faster than with a JWK import.
      const fromJwk = createPublicKey({ key: meta.publicJwk as JsonWebKeyInput['key'], format: 'jwk' });
      key = createPublicKey({ key: fromJwk.export({ format: 'der', type: 'spki' }), format: 'der', type: 'spki' });
    } else {
      return undefined;
    }
    const v: VerificationKey = { kid, alg: meta.alg, key };
    this.verifiers.set(kid, v);
    return v;
  }

  /** Removes a generated key: its keychain entry and its catalog record. */
  async remove(kid: string): Promise<void> {
    await this.deps.catalog.mutate((data) => {
      const i = data.signingKeys.findIndex((k) => k.kid === kid);
      if (i < 0) throw new KeydeckError('SIGNING_KEY_NOT_FOUND', `No signing key with kid "${kid.slice(0, 80)}".`);
      data.signingKeys.splice(i, 1);
    });
    await this.deps.vault.delete(signingAccount(kid)).catch(() => false);
    this.signers.delete(kid);
    this.verifiers.delete(kid);
  }
}

type JsonWebKeyInput = { key: import('node:crypto').JsonWebKey; format: 'jwk' };

async function generate(alg: SigningAlg): Promise<{ kid: string; privateJwk: JWK; publicJwk?: JWK }> {
  if (alg === 'HS256') {
    const k = randomBytes(32).toString('base64url');
    const kid = `hs256-${randomBytes(8).toString('hex')}`;
    return { kid, privateJwk: { kty: 'oct', k, alg } };
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    crv: alg === 'EdDSA' ? 'Ed25519' : undefined,
  });
  const publicJwk = await exportJWK(publicKey);
  const kid = `${alg.toLowerCase()}-${(await calculateJwkThumbprint(publicJwk)).slice(0, 16)}`;
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), alg }, publicJwk };
}
