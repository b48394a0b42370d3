import { randomUUID } from 'node:crypto';
import { KeydeckError } from '../../../shared/errors.js';
import type { CreateInput, Credential, Notice } from '../../../shared/domain.js';
import { PROVIDER_DESCRIPTORS, envVarFromName, type ProviderId } from '../../../shared/providers.js';
import { checkKeyFormat } from '../../../shared/provider-format.js';
import { displayPrefix, fingerprint } from '../display.js';
import { accountFor, sealEnvelope } from '../envelope.js';
import {
  assertByokFree,
  assertPublicHasOrigin,
  assertUniqueName,
  checkBaseUrl,
  checkExpiry,
  checkKindProvider,
  checkOrigins,
  checkSendableSecret,
  checkWritePermissions,
  cleanList,
  defaultEnvVar,
  defaultProvider,
  normalizeName,
} from '../rules.js';
import { prepareSecret, toBasicCredential } from '../secret-input.js';
import type { IntentDraft } from '../intents.js';
import { setVerified } from '../vault.js';
import { resolveWorkspace } from '../workspaces.js';
import { InputIssues } from '../input-issues.js';
import { parseInput, type CredentialContext } from './context.js';

/**
 * Checks and normalises a pasted secret: size and whitespace, Basic encoding, then the provider's
 * offline format rule. Values that cannot work are refused; unusual ones (a new key shape, a key that
 * looks like another provider's) pass with a notice.
 */
export function prepare(provider: ProviderId, authScheme: string, raw: string): { value: string; notices: Notice[] } {
  const { value: trimmed, notices } = prepareSecret(raw, { json: provider === 'google-vertex' });
  let value = trimmed;
  if (authScheme === 'basic') {
    const basic = toBasicCredential(trimmed);
    if (basic.encoded)
      notices.push({ code: 'BASIC_ENCODED', message: 'key:secret was encoded as a Base64 Basic credential.' });
    value = basic.credential;
  }
  const check = checkKeyFormat(provider, value, { authScheme });
  const firstError = check.errors[0];
  if (firstError) throw new KeydeckError('INVALID_SECRET', firstError.message);
  checkSendableSecret(provider, value);
  for (const w of check.warnings) notices.push({ code: `FORMAT_${w.code}`, message: w.message });
  return { value, notices };
}

/**
 * Writes one secret version (read back to verify) under a recorded write intent, then commits. The
 * intent is forgotten once the catalog holds the result, or once the write was undone; if the process
 * dies in between, the next start of any command finishes or undoes it (credentials/recover.ts).
 */
export async function writeThenCommit<T>(
  ctx: CredentialContext,
  draft: IntentDraft,
  account: string,
  sealed: string,
  commit: () => Promise<T>,
): Promise<T> {
  const intent = await ctx.intents.record(draft);
  try {
    await setVerified(ctx.vault, account, sealed, 'the secret that was written; nothing was saved');
    const out = await commit();
    ctx.intents.done(intent);
    return out;
  } catch (err) {
    const undone = await ctx.vault.delete(account).then(
      () => true,
      () => false,
    );
    if (undone) ctx.intents.done(intent);
    throw err;
  }
}

/** Adds a credential: every rule first, then the secret (written and read back), then the metadata. */
export async function createCredential(
  ctx: CredentialContext,
  input: CreateInput,
  rawSecret: string,
): Promise<{ credential: Credential; notices: Notice[] }> {
  // The schemas (zod) load on first write only: reading commands never pay for them.
  const { createInputSchema } = await import('../../../shared/domain.js');
  const inp = parseInput(createInputSchema, input);
  // Every check runs, so one refusal names every problem (a form shows each beside its field).
  const issues = new InputIssues();
  const name = issues.take('name', () => normalizeName(inp.name)) ?? '';
  const kind = inp.kind;
  const provider: ProviderId = inp.provider ?? defaultProvider(kind);
  issues.take('provider', () => checkKindProvider(kind, provider));
  const desc = PROVIDER_DESCRIPTORS[provider];
  const audience = inp.audience ?? 'secret';
  const authScheme = inp.authScheme ?? desc.authScheme;
  const checkedOrigins = issues.take('allowedOrigins', () => checkOrigins(inp.allowedOrigins));
  const allowedOrigins = checkedOrigins ?? [];
  if (checkedOrigins) issues.take('allowedOrigins', () => assertPublicHasOrigin(audience, allowedOrigins));
  const writePermissions =
    issues.take('writePermissions', () => checkWritePermissions(kind, provider, inp.writePermissions)) ?? [];
  const baseUrl = inp.baseUrl ? issues.take('baseUrl', () => checkBaseUrl(inp.baseUrl!)) : undefined;
  const expiresAt = issues.take('expiresAt', () => checkExpiry(inp.expiresAt));
  const scopes = issues.take('scopes', () => cleanList(inp.scopes, 'scope')) ?? [];
  const allowedAssistants =
    issues.take('allowedAssistants', () => cleanList(inp.allowedAssistants, 'assistant id')) ?? [];
  const tags = issues.take('tags', () => cleanList(inp.tags, 'tag')) ?? [];
  const prepared = issues.take('secret', () => prepare(provider, authScheme, rawSecret));
  // Checked on the current catalog first, so a refused name costs no keychain write; checked again
  // under the lock, where the metadata is committed.
  const before = ctx.catalog.read();
  const ws = resolveWorkspace(before, inp.workspace);
  if (name) issues.take('name', () => assertUniqueName(before, ws.id, name));
  issues.take('provider', () => assertByokFree(before, ws.id, kind, provider));
  issues.throwIfAny();
  const { value, notices } = prepared!;
  const envVar = inp.envVar ?? (provider === 'custom' ? envVarFromName(name) : defaultEnvVar(kind, provider));

  const now = new Date(ctx.now()).toISOString();
  const id = randomUUID();
  const fp = fingerprint(value);
  const prefix = displayPrefix(value);
  const account = accountFor(kind, id, 1);
  const cred: Credential = {
    id,
    name,
    workspaceId: ws.id,
    kind,
    audience,
    provider,
    authScheme,
    envVar,
    ...(baseUrl ? { baseUrl } : {}),
    scopes,
    writePermissions,
    allowedOrigins,
    allowedAssistants,
    tags,
    note: inp.note?.trim() ?? '',
    createdAt: now,
    updatedAt: now,
    ...(expiresAt ? { expiresAt } : {}),
    displayPrefix: prefix,
    fingerprint: fp,
    versions: [{ version: 1, status: 'active', createdAt: now, displayPrefix: prefix, fingerprint: fp }],
    state: 'ok',
  };
  // The secret is written and verified before the catalog lock; the lock covers reload + commit only.
  const sealed = sealEnvelope(cred, ws.name, 1, value);
  const credential = await writeThenCommit(
    ctx,
    { op: 'add', credential: cred, writes: [{ account, fingerprint: fp }] },
    account,
    sealed,
    () =>
      ctx.catalog.mutate((data) => {
        if (!data.workspaces.some((w) => w.id === ws.id))
          throw new KeydeckError('WORKSPACE_NOT_FOUND', `The workspace "${ws.name}" was deleted meanwhile.`);
        assertUniqueName(data, ws.id, name);
        assertByokFree(data, ws.id, kind, provider);
        data.credentials.push(cred);
        return cred;
      }),
  );
  return { credential: { ...credential }, notices };
}
