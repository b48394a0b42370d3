import { randomUUID } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';
import { echoable, quoteArg } from '../../shared/echo.js';
import {
  createInputSchema,
  updateInputSchema,
  type CopyFormat,
  type CreateInput,
  type Credential,
  type ListQuery,
  type Notice,
  type UpdateInput,
} from '../../shared/domain.js';
import { PROVIDER_DESCRIPTORS, envVarFromName, type ProviderId } from '../../shared/providers.js';
import type { Catalog } from './catalog.js';
import { displayPrefix, fingerprint } from './display.js';
import { accountFor, openEnvelope, sealEnvelope } from './envelope.js';
import { reconcile, type ReconcileOptions, type ReconcileReport } from './reconcile.js';
import { activateVersion, activeVersion, effectiveVersions } from './versions.js';
import { renderCredential } from './format.js';
import {
  assertByokFree,
  assertPublicHasOrigin,
  assertUniqueName,
  checkBaseUrl,
  checkExpiry,
  checkKindProvider,
  checkWritePermissions,
  checkOrigins,
  checkSendableSecret,
  cleanList,
  defaultEnvVar,
  defaultProvider,
  lookup,
  normalizeName,
} from './rules.js';
import { prepareSecret, toBasicCredential } from './secret-input.js';
import { checkKeyFormat } from '../../shared/provider-format.js';
import type { UseLog } from './use-log.js';
import { readAllSecrets, setVerified, type Vault } from './vault.js';
import { InputIssues } from './input-issues.js';
import type { SchemaIssue } from '../../shared/input-words.js';
import { resolveWorkspace } from './workspaces.js';

export interface SecretUse {
  credential: Credential;
  version: number;
  secret: string;
}

function parseInput<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  input: unknown,
): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = new InputIssues();
  issues.schema(r.error.issues as SchemaIssue[]);
  issues.throwIfAny();
  throw new KeydeckError('INVALID_INPUT', 'The input is not valid.');
}

function matches(c: Credential, q: ListQuery, text: string | undefined): boolean {
  if (q.kind && c.kind !== q.kind) return false;
  if (q.provider && c.provider !== q.provider) return false;
  if (q.audience && c.audience !== q.audience) return false;
  if (q.tag && !c.tags.includes(q.tag)) return false;
  if (!text) return true;
  if (c.name.toLowerCase().includes(text)) return true;
  if (c.provider.includes(text) || c.kind === text || c.envVar.toLowerCase().includes(text)) return true;
  if (c.displayPrefix.toLowerCase().includes(text) || c.fingerprint.includes(text)) return true;
  if (c.versions.some((v) => v.fingerprint.includes(text) || v.displayPrefix.toLowerCase().includes(text))) return true;
  return c.tags.some((t) => t.toLowerCase().includes(text));
}

/** Keydeck's credential ids (random UUIDs), which the app passes instead of names. */
const ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The credential service. Metadata lives in the catalog, secrets in the vault; every write follows
 * the same order so a failure at any step leaves the two consistent: write the secret, read it back,
 * then commit the metadata (undoing the secret if the commit fails). Deletes go through a tombstone.
 */
export class CredentialService {
  constructor(
    private readonly catalog: Catalog,
    private readonly vault: Vault,
    private readonly useLog: UseLog,
    /** The clock (ms since the epoch); tests inject one instead of sleeping through an overlap window. */
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens the vault for use: finishes pending deletes and rebuilds a damaged catalog. */
  async open(): Promise<Notice[]> {
    const data = this.catalog.read();
    if (this.catalog.needsRebuild) {
      this.catalog.needsRebuild = false;
      const report = await this.reconcile({ adopt: true });
      const notices = this.catalog.takeNotices();
      notices.push({
        code: 'CATALOG_REBUILT',
        message: `Rebuilt ${report.adopted.length} secret version(s) from the keychain.`,
      });
      return notices;
    }
    if (data.tombstones.length) await this.clearTombstones();
    return this.catalog.takeNotices();
  }

  // ---- reading metadata: never touches the keychain ----

  list(q: ListQuery = {}): Credential[] {
    const data = this.catalog.read();
    const wsId = q.allWorkspaces ? undefined : resolveWorkspace(data, q.workspace).id;
    const text = q.text?.normalize('NFC').trim().toLowerCase() || undefined;
    const out: Credential[] = [];
    for (const c of data.credentials) {
      if (wsId && c.workspaceId !== wsId) continue;
      if (matches(c, q, text)) out.push(c);
    }
    return out;
  }

  /** Finds a credential by name (NFC) or id within a workspace. */
  get(nameOrId: string, workspace?: string): Credential {
    const data = this.catalog.read();
    const ws = resolveWorkspace(data, workspace);
    const found = lookup(data, ws.id, nameOrId);
    if (!found) {
      throw new KeydeckError(
        'CREDENTIAL_NOT_FOUND',
        echoable(nameOrId)
          ? `No credential named ${quoteArg(nameOrId)} in workspace "${ws.name}".`
          : ID_SHAPE.test(nameOrId)
            ? `No credential with that id in workspace "${ws.name}": it may have been deleted.`
            : `No credential by that name in workspace "${ws.name}" (the argument is not repeated: it looks like a secret; secrets are never given as arguments).`,
      );
    }
    return { ...found, versions: effectiveVersions(found.versions, this.now()) };
  }

  // ---- writes ----

  /**
   * Checks and normalises a pasted secret: size and whitespace, Basic encoding, then the provider's
   * offline format rule. Values that cannot work are refused; unusual ones (a new key shape, a key that
   * looks like another provider's) pass with a notice.
   */
  private prepare(provider: ProviderId, authScheme: string, raw: string): { value: string; notices: Notice[] } {
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

  /** Writes a secret version and reads it back; a mismatch is undone and reported. */
  private async writeVerified(account: string, sealed: string): Promise<void> {
    try {
      await setVerified(this.vault, account, sealed, 'the secret that was written; nothing was saved');
    } catch (err) {
      await this.vault.delete(account).catch(() => undefined);
      throw err;
    }
  }

  async create(input: CreateInput, rawSecret: string): Promise<{ credential: Credential; notices: Notice[] }> {
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
    const prepared = issues.take('secret', () => this.prepare(provider, authScheme, rawSecret));
    const before = this.catalog.read();
    const ws = resolveWorkspace(before, inp.workspace);
    if (name) issues.take('name', () => assertUniqueName(before, ws.id, name));
    issues.take('provider', () => assertByokFree(before, ws.id, kind, provider));
    issues.throwIfAny();
    const { value, notices } = prepared!;
    const envVar = inp.envVar ?? (provider === 'custom' ? envVarFromName(name) : defaultEnvVar(kind, provider));

    const now = new Date(this.now()).toISOString();
    const id = randomUUID();
    const fp = fingerprint(value);
    const prefix = displayPrefix(value);
    const account = accountFor(kind, id, 1);
    // The name and the BYOK slot were checked on the current catalog above, so a refused name costs no
    // keychain write; they are checked again under the lock, where the metadata is committed.
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
    await this.writeVerified(account, sealEnvelope(cred, ws.name, 1, value));
    try {
      const credential = await this.catalog.mutate((data) => {
        if (!data.workspaces.some((w) => w.id === ws.id))
          throw new KeydeckError('WORKSPACE_NOT_FOUND', `The workspace "${ws.name}" was deleted meanwhile.`);
        assertUniqueName(data, ws.id, name);
        assertByokFree(data, ws.id, kind, provider);
        data.credentials.push(cred);
        return cred;
      });
      return { credential: { ...credential }, notices };
    } catch (err) {
      await this.vault.delete(account).catch(() => undefined);
      throw err;
    }
  }

  async update(nameOrId: string, patch: UpdateInput, workspace?: string): Promise<Credential> {
    const p = parseInput(updateInputSchema, patch);
    const target = this.get(nameOrId, workspace);
    const renamed = await this.catalog.mutate((data) => {
      const cred = data.credentials.find((c) => c.id === target.id);
      if (!cred)
        throw new KeydeckError('CREDENTIAL_NOT_FOUND', `The credential "${target.name}" was deleted meanwhile.`);
      if (p.kind !== undefined && p.kind !== cred.kind) {
        throw new KeydeckError(
          'KIND_IMMUTABLE',
          cred.kind === 'realtime'
            ? "A realtime-only key's type is fixed at creation. Create a new key of the kind you need."
            : "A credential's kind is fixed at creation. Create a new credential of the kind you need.",
        );
      }
      const next: Credential = { ...cred };
      if (p.name !== undefined) {
        next.name = normalizeName(p.name);
        assertUniqueName(data, cred.workspaceId, next.name, cred.id);
      }
      if (p.provider !== undefined) {
        checkKindProvider(cred.kind, p.provider);
        next.provider = p.provider;
      }
      assertByokFree(data, cred.workspaceId, next.kind, next.provider, cred.id);
      if (p.audience !== undefined) next.audience = p.audience;
      if (p.allowedOrigins !== undefined) next.allowedOrigins = checkOrigins(p.allowedOrigins);
      assertPublicHasOrigin(next.audience, next.allowedOrigins);
      if (p.authScheme !== undefined) next.authScheme = p.authScheme;
      if (p.envVar !== undefined) next.envVar = p.envVar;
      if (p.baseUrl !== undefined) {
        if (p.baseUrl.trim()) next.baseUrl = checkBaseUrl(p.baseUrl);
        else delete next.baseUrl;
      }
      if (p.scopes !== undefined) next.scopes = cleanList(p.scopes, 'scope');
      if (p.writePermissions !== undefined) {
        next.writePermissions = checkWritePermissions(next.kind, next.provider, p.writePermissions);
      }
      if (p.allowedAssistants !== undefined) next.allowedAssistants = cleanList(p.allowedAssistants, 'assistant id');
      if (p.tags !== undefined) next.tags = cleanList(p.tags, 'tag');
      if (p.note !== undefined) next.note = p.note.trim();
      if (p.expiresAt !== undefined) {
        const e = checkExpiry(p.expiresAt);
        if (e) next.expiresAt = e;
        else delete next.expiresAt;
      }
      next.updatedAt = new Date(this.now()).toISOString();
      Object.assign(cred, next);
      return next.name !== target.name ? { ...cred } : undefined;
    });
    if (renamed) await this.refreshEnvelopes(renamed);
    return this.get(target.id, workspace ?? undefined);
  }

  /** After a rename, the envelopes learn the new name, so a rebuild from the keychain is faithful. */
  private async refreshEnvelopes(cred: Credential): Promise<void> {
    const ws = this.catalog.read().workspaces.find((w) => w.id === cred.workspaceId);
    for (const v of cred.versions) {
      const account = accountFor(cred.kind, cred.id, v.version);
      const env = openEnvelope((await this.vault.get(account).catch(() => null)) ?? '');
      if (!env) continue;
      await this.vault.set(account, sealEnvelope(cred, ws?.name ?? '', v.version, env.secret)).catch(() => undefined);
    }
  }

  async rotate(
    nameOrId: string,
    rawSecret: string,
    workspace?: string,
  ): Promise<{ credential: Credential; notices: Notice[] }> {
    const target = this.get(nameOrId, workspace);
    const { value, notices } = this.prepare(target.provider, target.authScheme, rawSecret);
    const fp = fingerprint(value);
    if (target.versions.some((v) => v.fingerprint === fp && v.status !== 'retired')) {
      throw new KeydeckError(
        'INVALID_SECRET',
        'The new secret is the same as a version already in use. Paste the new key.',
      );
    }
    // One rotation of a credential at a time (across processes), since the next version's keychain
    // account is written before the catalog lock is taken.
    return this.catalog.withKeyLock(`rotate-${target.id}`, async () => {
      const current = this.get(target.id, target.workspaceId);
      const ws = this.catalog.read().workspaces.find((w) => w.id === current.workspaceId);
      const version = Math.max(...current.versions.map((v) => v.version)) + 1;
      const account = accountFor(current.kind, current.id, version);
      await this.writeVerified(account, sealEnvelope(current, ws?.name ?? '', version, value));
      try {
        const cred = await this.catalog.mutate((data) => {
          const cred = data.credentials.find((c) => c.id === target.id);
          if (!cred)
            throw new KeydeckError('CREDENTIAL_NOT_FOUND', `The credential "${target.name}" was deleted meanwhile.`);
          if (cred.versions.some((v) => v.version >= version)) {
            throw new KeydeckError('CONFLICT', `"${cred.name}" changed meanwhile. Try the rotation again.`);
          }
          activateVersion(
            cred,
            { version, displayPrefix: displayPrefix(value), fingerprint: fp },
            new Date(this.now()),
            data.settings.rotationOverlapHours,
          );
          return { ...cred };
        });
        return { credential: cred, notices };
      } catch (err) {
        await this.vault.delete(account).catch(() => undefined);
        throw err;
      }
    });
  }

  /** Ends a version's use. Its secret stays in the keychain (leak scans look for retired keys too). */
  async retire(nameOrId: string, version: number, workspace?: string): Promise<Credential> {
    const target = this.get(nameOrId, workspace);
    return this.catalog.mutate((data) => {
      const cred = data.credentials.find((c) => c.id === target.id);
      if (!cred)
        throw new KeydeckError('CREDENTIAL_NOT_FOUND', `The credential "${target.name}" was deleted meanwhile.`);
      cred.versions = effectiveVersions(cred.versions, this.now());
      const v = cred.versions.find((x) => x.version === version);
      if (!v) {
        throw new KeydeckError(
          'VERSION_NOT_FOUND',
          `"${cred.name}" has no version ${version} (it has ${cred.versions.map((x) => x.version).join(', ')}).`,
        );
      }
      if (v.status === 'active') {
        throw new KeydeckError(
          'INVALID_INPUT',
          `Version ${version} is the active one. Rotate first, then retire the old version.`,
        );
      }
      if (v.status !== 'retired') {
        v.status = 'retired';
        v.retiredAt = new Date(this.now()).toISOString();
        delete v.retiringUntil;
      }
      cred.updatedAt = new Date(this.now()).toISOString();
      return { ...cred };
    });
  }

  /** Deletes a credential: the catalog drops it with a tombstone, then the keychain entries go. */
  async delete(nameOrId: string, workspace?: string): Promise<void> {
    const target = this.get(nameOrId, workspace);
    await this.catalog.mutate((data) => {
      const idx = data.credentials.findIndex((c) => c.id === target.id);
      if (idx < 0)
        throw new KeydeckError('CREDENTIAL_NOT_FOUND', `The credential "${target.name}" was deleted meanwhile.`);
      const cred = data.credentials[idx]!;
      data.credentials.splice(idx, 1);
      data.tombstones.push({
        credentialId: cred.id,
        accounts: cred.versions.map((v) => accountFor(cred.kind, cred.id, v.version)),
        deletedAt: new Date(this.now()).toISOString(),
      });
    });
    await this.clearTombstones();
  }

  /** Deletes the keychain entries that tombstones name, then the tombstones themselves. */
  async clearTombstones(): Promise<number> {
    const pending = this.catalog.read().tombstones;
    const done: string[] = [];
    for (const t of pending) {
      try {
        for (const account of t.accounts) await this.vault.delete(account);
        done.push(t.credentialId);
      } catch {
        // keep the tombstone; the next start retries
      }
    }
    if (done.length) {
      await this.catalog.mutate((data) => {
        data.tombstones = data.tombstones.filter((t) => !done.includes(t.credentialId));
      });
    }
    return done.length;
  }

  // ---- using secrets ----

  /**
   * Reads a secret for one use and records the use (never the value). The active version by default;
   * a retiring version while its overlap lasts; never a retired one.
   */
  async readSecret(
    nameOrId: string,
    opts: { workspace?: string; version?: number; action?: string } = {},
  ): Promise<SecretUse> {
    const cred = this.get(nameOrId, opts.workspace);
    const v = opts.version === undefined ? activeVersion(cred) : cred.versions.find((x) => x.version === opts.version);
    if (!v) throw new KeydeckError('VERSION_NOT_FOUND', `"${cred.name}" has no version ${opts.version}.`);
    if (v.status === 'retired') {
      throw new KeydeckError(
        'VERSION_RETIRED',
        `Version ${v.version} of "${cred.name}" is retired and can no longer be used.`,
      );
    }
    const secret = await this.readVersion(cred, v.version);
    this.useLog.record({
      at: new Date(this.now()).toISOString(),
      credentialId: cred.id,
      name: cred.name,
      version: v.version,
      action: opts.action ?? 'read',
    });
    return { credential: cred, version: v.version, secret };
  }

  /** A version's secret, whatever its status (for scans and backups). Flags a missing secret. */
  async readVersion(cred: Credential, version: number): Promise<string> {
    const value = await this.vault.get(accountFor(cred.kind, cred.id, version));
    const env = value === null ? undefined : openEnvelope(value);
    if (!env) {
      await this.markMissing(cred.id);
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
  async readVersions(
    versions: readonly { cred: Credential; version: number }[],
  ): Promise<({ secret: string } | { error: Error })[]> {
    const all = await readAllSecrets(this.vault).catch(() => new Map<string, string>());
    const out: ({ secret: string } | { error: Error })[] = [];
    for (const { cred, version } of versions) {
      const value = all.get(accountFor(cred.kind, cred.id, version));
      const env = value === undefined ? undefined : openEnvelope(value);
      if (env) {
        out.push({ secret: env.secret });
        continue;
      }
      try {
        out.push({ secret: await this.readVersion(cred, version) });
      } catch (err) {
        out.push({ error: err as Error });
      }
    }
    return out;
  }

  private async markMissing(id: string): Promise<void> {
    await this.catalog
      .mutate((data) => {
        const c = data.credentials.find((x) => x.id === id);
        if (c) c.state = 'missing-secret';
      })
      .catch(() => undefined);
  }

  async format(
    nameOrId: string,
    format: CopyFormat,
    opts: { workspace?: string; action?: string } = {},
  ): Promise<{ text: string; credential: Credential }> {
    const use = await this.readSecret(nameOrId, {
      workspace: opts.workspace,
      action: opts.action ?? `format:${format}`,
    });
    return { text: await renderCredential(use.credential, use.secret, format), credential: use.credential };
  }

  useLogEntries(limit?: number) {
    return this.useLog.read(limit);
  }

  /** See `reconcile.ts`: brings catalog and keychain back in line. */
  async reconcile(opts: ReconcileOptions = {}): Promise<ReconcileReport> {
    return reconcile({ catalog: this.catalog, vault: this.vault, clearTombstones: () => this.clearTombstones() }, opts);
  }
}
