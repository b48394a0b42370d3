import { KeydeckError } from '../../../shared/errors.js';
import type { Credential } from '../../../shared/domain.js';
import { accountFor, openEnvelope } from '../envelope.js';
import { readAllSecrets } from '../vault.js';
import { activeVersion } from '../versions.js';
import type { CredentialContext } from './context.js';

export interface SecretUse {
  credential: Credential;
  version: number;
  secret: string;
}

/**
 * Reads a secret for one use and records the use (never the value). The active version by default;
 * a retiring version while its overlap lasts; never a retired one.
 */
export async function readSecret(
  ctx: CredentialContext,
  nameOrId: string,
  opts: { workspace?: string; version?: number; action?: string } = {},
): Promise<SecretUse> {
  const cred = ctx.get(nameOrId, opts.workspace);
  const v = opts.version === undefined ? activeVersion(cred) : cred.versions.find((x) => x.version === opts.version);
  if (!v) throw new KeydeckError('VERSION_NOT_FOUND', `"${cred.name}" has no version ${opts.version}.`);
  if (v.status === 'retired') {
    throw new KeydeckError(
      'VERSION_RETIRED',
      `Version ${v.version} of "${cred.name}" is retired and can no longer be used.`,
    );
  }
  const secret = await readVersion(ctx, cred, v.version);
  ctx.useLog.record({
    at: new Date(ctx.now()).toISOString(),
    credentialId: cred.id,
    name: cred.name,
    version: v.version,
    action: opts.action ?? 'read',
  });
  return { credential: cred, version: v.version, secret };
}

/**
 * Several secrets for one use each (`keydeck run` with an env file of references): the same checks and
 * recorded uses as readSecret, but one keychain search for all of them instead of one read each. Each
 * result is the use or the error that one credential met (a caller resolving all or nothing lists them).
 */
export async function readSecretsForUse(
  ctx: CredentialContext,
  reqs: readonly { nameOrId: string; workspace?: string }[],
  action = 'read',
): Promise<(SecretUse | { error: Error })[]> {
  const picked = reqs.map((r): { cred: Credential; version: number } | { error: Error } => {
    try {
      const cred = ctx.get(r.nameOrId, r.workspace);
      return { cred, version: activeVersion(cred).version };
    } catch (err) {
      return { error: err as Error };
    }
  });
  const wanted = picked.filter((p): p is { cred: Credential; version: number } => !('error' in p));
  const read = wanted.length ? await readVersions(ctx, wanted) : [];
  let next = 0;
  return picked.map((p) => {
    if ('error' in p) return p;
    const got = read[next++]!;
    if ('error' in got) return got;
    ctx.useLog.record({
      at: new Date(ctx.now()).toISOString(),
      credentialId: p.cred.id,
      name: p.cred.name,
      version: p.version,
      action,
    });
    return { credential: p.cred, version: p.version, secret: got.secret };
  });
}

/** A version's secret, whatever its status (for scans and backups). Flags a missing secret. */
export async function readVersion(ctx: CredentialContext, cred: Credential, version: number): Promise<string> {
  const value = await ctx.vault.get(accountFor(cred.kind, cred.id, version));
  const env = value === null ? undefined : openEnvelope(value);
  if (!env) {
    await markMissing(ctx, cred.id);
    throw new KeydeckError(
      'SECRET_MISSING',
      `The keychain no longer holds version ${version} of "${cred.name}". Rotate it with the current key, or delete it.`,
    );
  }
  return env.secret;
}

/**
 * Reads many versions with one keychain search instead of one read each (scan, export). A version the
 * search did not return is read alone, so it is reported (and marked missing) exactly as readVersion
 * does; if the search itself fails, every version is read alone.
 */
export async function readVersions(
  ctx: CredentialContext,
  versions: readonly { cred: Credential; version: number }[],
): Promise<({ secret: string } | { error: Error })[]> {
  const all = await readAllSecrets(ctx.vault).catch(() => new Map<string, string>());
  const out: ({ secret: string } | { error: Error })[] = [];
  for (const { cred, version } of versions) {
    const value = all.get(accountFor(cred.kind, cred.id, version));
    const env = value === undefined ? undefined : openEnvelope(value);
    if (env) {
      out.push({ secret: env.secret });
      continue;
    }
    try {
      out.push({ secret: await readVersion(ctx, cred, version) });
    } catch (err) {
      out.push({ error: err as Error });
    }
  }
  return out;
}

async function markMissing(ctx: CredentialContext, id: string): Promise<void> {
  await ctx.catalog
    .mutate((data) => {
      const c = data.credentials.find((x) => x.id === id);
      if (c) c.state = 'missing-secret';
    })
    .catch(() => undefined);
}
