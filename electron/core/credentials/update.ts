import { KeydeckError } from '../../../shared/errors.js';
import type { Credential, UpdateInput } from '../../../shared/domain.js';
import { accountFor, openEnvelope, sealEnvelope } from '../envelope.js';
import {
  assertByokFree,
  assertPublicHasOrigin,
  assertUniqueName,
  checkBaseUrl,
  checkExpiry,
  checkKindProvider,
  checkOrigins,
  checkWritePermissions,
  cleanList,
  normalizeName,
} from '../rules.js';
import { InputIssues } from '../input-issues.js';
import { deletedMeanwhile, parseInput, type CredentialContext } from './context.js';

/** Edits a credential's metadata (never its kind); a rename reaches the keychain envelopes too. */
export async function updateCredential(
  ctx: CredentialContext,
  nameOrId: string,
  patch: UpdateInput,
  workspace?: string,
): Promise<Credential> {
  const { updateInputSchema } = await import('../../../shared/domain.js'); // zod: on writes only
  const p = parseInput(updateInputSchema, patch);
  const target = ctx.get(nameOrId, workspace);
  const renamed = await ctx.catalog.mutate((data) => {
    const cred = data.credentials.find((c) => c.id === target.id);
    if (!cred) throw deletedMeanwhile(target.name);
    if (p.kind !== undefined && p.kind !== cred.kind) {
      throw new KeydeckError(
        'KIND_IMMUTABLE',
        cred.kind === 'realtime'
          ? "A realtime-only key's type is fixed at creation. Create a new key of the kind you need."
          : "A credential's kind is fixed at creation. Create a new credential of the kind you need.",
      );
    }
    const next: Credential = { ...cred };
    // Every check runs, so one refusal names every problem (the edit form shows each beside its field).
    const issues = new InputIssues();
    if (p.name !== undefined) {
      const name = issues.take('name', () => normalizeName(p.name!));
      if (name) {
        next.name = name;
        issues.take('name', () => assertUniqueName(data, cred.workspaceId, name, cred.id));
      }
    }
    if (p.provider !== undefined) {
      issues.take('provider', () => checkKindProvider(cred.kind, p.provider!));
      next.provider = p.provider;
    }
    issues.take('provider', () => assertByokFree(data, cred.workspaceId, next.kind, next.provider, cred.id));
    if (p.audience !== undefined) next.audience = p.audience;
    if (p.allowedOrigins !== undefined) {
      const origins = issues.take('allowedOrigins', () => checkOrigins(p.allowedOrigins!));
      if (origins) next.allowedOrigins = origins;
    }
    issues.take('allowedOrigins', () => assertPublicHasOrigin(next.audience, next.allowedOrigins));
    if (p.authScheme !== undefined) next.authScheme = p.authScheme;
    if (p.envVar !== undefined) next.envVar = p.envVar;
    if (p.baseUrl !== undefined) {
      if (!p.baseUrl.trim()) delete next.baseUrl;
      else {
        const url = issues.take('baseUrl', () => checkBaseUrl(p.baseUrl!));
        if (url) next.baseUrl = url;
      }
    }
    const list = (field: string, v: string[] | undefined, what: string) =>
      v === undefined ? undefined : issues.take(field, () => cleanList(v, what));
    const scopes = list('scopes', p.scopes, 'scope');
    if (scopes) next.scopes = scopes;
    if (p.writePermissions !== undefined) {
      const w = issues.take('writePermissions', () =>
        checkWritePermissions(next.kind, next.provider, p.writePermissions!),
      );
      if (w) next.writePermissions = w;
    }
    const assistants = list('allowedAssistants', p.allowedAssistants, 'assistant id');
    if (assistants) next.allowedAssistants = assistants;
    const tags = list('tags', p.tags, 'tag');
    if (tags) next.tags = tags;
    if (p.note !== undefined) next.note = p.note.trim();
    if (p.expiresAt !== undefined) {
      const e = issues.take('expiresAt', () => checkExpiry(p.expiresAt));
      if (e) next.expiresAt = e;
      else delete next.expiresAt;
    }
    issues.throwIfAny();
    next.updatedAt = new Date(ctx.now()).toISOString();
    Object.assign(cred, next);
    return next.name !== target.name ? { ...cred } : undefined;
  });
  if (renamed) await refreshEnvelopes(ctx, renamed);
  return ctx.get(target.id, workspace ?? undefined);
}

/** After a rename, the envelopes learn the new name, so a rebuild from the keychain is faithful. */
async function refreshEnvelopes(ctx: CredentialContext, cred: Credential): Promise<void> {
  const ws = ctx.catalog.read().workspaces.find((w) => w.id === cred.workspaceId);
  for (const v of cred.versions) {
    const account = accountFor(cred.kind, cred.id, v.version);
    const env = openEnvelope((await ctx.vault.get(account).catch(() => null)) ?? '');
    if (!env) continue;
    await ctx.vault.set(account, sealEnvelope(cred, ws?.name ?? '', v.version, env.secret)).catch(() => undefined);
  }
}
