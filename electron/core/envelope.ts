import type { Credential, Kind } from '../../shared/domain.js';

/**
 * A keychain entry's account names the credential's kind, id and version (so the keychain's own label
 * reads `keyring:byok/<id>/v2@keydeck`); the stored value is a small JSON envelope that carries the
 * secret plus the metadata needed to rebuild the catalog from the keychain alone.
 */
export function accountFor(kind: Kind, id: string, version: number): string {
  return `${kind}/${id}/v${version}`;
}

/** Where a generated JWT signing key's private half lives in the keychain. */
export function signingAccount(kid: string): string {
  return `signing/${kid}`;
}

export function parseAccount(account: string): { kind: Kind; id: string; version: number } | undefined {
  const m = /^(standard|realtime|byok)\/([A-Za-z0-9-]{1,64})\/v(\d{1,6})$/.exec(account);
  if (!m) return undefined;
  return { kind: m[1] as Kind, id: m[2]!, version: Number(m[3]) };
}

export interface Envelope {
  keydeck: 1;
  secret: string;
  id: string;
  version: number;
  name: string;
  kind: Kind;
  workspaceId: string;
  workspaceName: string;
  provider: string;
  audience: string;
  authScheme: string;
  envVar: string;
  allowedOrigins?: string[];
  createdAt: string;
}

export function sealEnvelope(cred: Credential, workspaceName: string, version: number, secret: string): string {
  const env: Envelope = {
    keydeck: 1,
    secret,
    id: cred.id,
    version,
    name: cred.name,
    kind: cred.kind,
    workspaceId: cred.workspaceId,
    workspaceName,
    provider: cred.provider,
    audience: cred.audience,
    authScheme: cred.authScheme,
    envVar: cred.envVar,
    allowedOrigins: cred.allowedOrigins,
    createdAt: new Date().toISOString(),
  };
  return JSON.stringify(env);
}

export function openEnvelope(value: string): Envelope | undefined {
  if (!value.startsWith('{"keydeck":1')) return undefined;
  try {
    const env = JSON.parse(value) as Envelope;
    return typeof env.secret === 'string' && typeof env.id === 'string' ? env : undefined;
  } catch {
    return undefined;
  }
}
