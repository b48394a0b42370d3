/**
 * The trash (issue 11 §3, undo): deleting a credential moves its metadata into `catalog.trash` in one
 * atomic catalog write, and its keychain entries stay. Undo is `restore`, another single write, so the
 * app dying between delete and undo loses nothing. Emptying the trash (by hand, or for entries past their
 * `purgeAt`, TRASH_DAYS after the delete) goes through the existing tombstone path: the entries become
 * tombstones and `CredentialService.clearTombstones` deletes their keychain entries, retrying at the next
 * start if the keychain fails midway.
 */
import { KeydeckError } from '../../shared/errors.js';
import { echoable, quoteArg } from '../../shared/echo.js';
import { TRASH_DAYS } from '../../shared/constants.js';
import type { CatalogData, Credential, TrashEntry } from '../../shared/domain.js';
import type { TrashItem } from '../../shared/ipc/quick.js';
import type { Catalog } from './catalog.js';
import type { CredentialService } from './credential-service.js';
import { accountFor, openEnvelope, sealEnvelope } from './envelope.js';
import { assertByokFree, assertUniqueName, normalizeName } from './rules.js';
import type { Vault } from './vault.js';
import { resolveWorkspace } from './workspaces.js';
import { accountsOf } from './trash-accounts.js';

export { accountsOf, trashedAccounts } from './trash-accounts.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A trashed credential as the Trash view lists it (the IPC contract's type). */
export type TrashView = TrashItem;

export class TrashService {
  constructor(
    private readonly catalog: Catalog,
    private readonly vault: Vault,
    private readonly credentials: CredentialService,
    private readonly now: () => number = Date.now,
  ) {}

  /** The trash of a workspace (or every workspace), newest delete first. */
  list(opts: { workspace?: string; allWorkspaces?: boolean } = {}): TrashView[] {
    const data = this.catalog.read();
    const wsId = opts.allWorkspaces ? undefined : resolveWorkspace(data, opts.workspace).id;
    return (data.trash ?? [])
      .filter((t) => !wsId || t.credential.workspaceId === wsId)
      .map((t) => ({
        id: t.credential.id,
        name: t.credential.name,
        kind: t.credential.kind,
        provider: t.credential.provider,
        workspaceId: t.credential.workspaceId,
        versions: t.credential.versions.length,
        deletedAt: t.deletedAt,
        purgeAt: t.purgeAt,
        nameTaken: data.credentials.some(
          (c) => c.workspaceId === t.credential.workspaceId && c.name === t.credential.name,
        ),
      }))
      .sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
  }

  /** Moves a credential to the trash: one catalog write; the keychain is not touched. */
  async moveToTrash(nameOrId: string, workspace?: string): Promise<TrashView> {
    const target = this.credentials.get(nameOrId, workspace);
    const at = this.now();
    await this.catalog.mutate((data) => {
      const cred = data.credentials.find((c) => c.id === target.id);
      if (!cred)
        throw new KeydeckError('CREDENTIAL_NOT_FOUND', `The credential "${target.name}" was deleted meanwhile.`);
      data.credentials = data.credentials.filter((c) => c.id !== cred.id);
      const entry: TrashEntry = {
        credential: cred,
        deletedAt: new Date(at).toISOString(),
        purgeAt: new Date(at + TRASH_DAYS * DAY_MS).toISOString(),
      };
      data.trash = [...(data.trash ?? []).filter((t) => t.credential.id !== cred.id), entry];
    });
    return this.list({ allWorkspaces: true }).find((t) => t.id === target.id)!;
  }

  /**
   * Puts a trashed credential back. If its name was taken meanwhile, `newName` is required
   * (NAME_TAKEN, field `name`, says so); a BYOK slot taken meanwhile is refused as on create.
   */
  async restore(nameOrId: string, opts: { workspace?: string; newName?: string } = {}): Promise<Credential> {
    const newName = opts.newName === undefined ? undefined : normalizeName(opts.newName);
    const restored = await this.catalog.mutate((data) => {
      const entry = this.find(data, nameOrId, opts.workspace);
      const cred: Credential = { ...entry.credential };
      if (!data.workspaces.some((w) => w.id === cred.workspaceId)) {
        throw new KeydeckError('WORKSPACE_NOT_FOUND', `The workspace of "${cred.name}" no longer exists.`);
      }
      if (newName !== undefined) cred.name = newName;
      else if (data.credentials.some((c) => c.workspaceId === cred.workspaceId && c.name === cred.name)) {
        throw new KeydeckError(
          'NAME_TAKEN',
          `Another credential is now named "${cred.name}". Give the restored one a new name.`,
          'name',
        );
      }
      assertUniqueName(data, cred.workspaceId, cred.name);
      assertByokFree(data, cred.workspaceId, cred.kind, cred.provider);
      cred.updatedAt = new Date(this.now()).toISOString();
      data.trash = (data.trash ?? []).filter((t) => t.credential.id !== cred.id);
      data.credentials = [...data.credentials, cred];
      return { cred, renamed: cred.name !== entry.credential.name };
    });
    if (restored.renamed) await this.refreshEnvelopes(restored.cred);
    return this.credentials.get(restored.cred.id, restored.cred.workspaceId);
  }

  /**
   * Deletes trashed credentials for good: every entry (`all`), or only those past `purgeAt`. The keychain
   * is checked first, so a locked keychain fails with KEYCHAIN_UNAVAILABLE and the trash is kept whole;
   * then the entries become tombstones, cleared now (or, if the keychain fails midway, at the next start).
   */
  async empty(opts: { workspace?: string; allWorkspaces?: boolean; expiredOnly?: boolean } = {}): Promise<number> {
    const data = this.catalog.read();
    const wsId = opts.allWorkspaces ? undefined : resolveWorkspace(data, opts.workspace).id;
    const nowIso = new Date(this.now()).toISOString();
    const pick = (t: TrashEntry) =>
      (!wsId || t.credential.workspaceId === wsId) && (!opts.expiredOnly || t.purgeAt <= nowIso);
    const chosen = (data.trash ?? []).filter(pick);
    if (!chosen.length) return 0;
    // Any keychain call fails with KEYCHAIN_UNAVAILABLE while it is locked: fail before changing anything.
    await this.vault.get(accountsOf(chosen[0]!.credential)[0]!);
    const ids = new Set(chosen.map((t) => t.credential.id));
    await this.catalog.mutate((draft) => {
      const gone = (draft.trash ?? []).filter((t) => ids.has(t.credential.id));
      draft.trash = (draft.trash ?? []).filter((t) => !ids.has(t.credential.id));
      draft.tombstones = [
        ...draft.tombstones,
        ...gone.map((t) => ({ credentialId: t.credential.id, accounts: accountsOf(t.credential), deletedAt: nowIso })),
      ];
    });
    await this.credentials.clearTombstones();
    return ids.size;
  }

  /** Empties what has been in the trash longer than TRASH_DAYS (at start; never throws). */
  async purgeExpired(): Promise<number> {
    return this.empty({ allWorkspaces: true, expiredOnly: true }).catch(() => 0);
  }

  private find(data: CatalogData, nameOrId: string, workspace?: string): TrashEntry {
    const ws = resolveWorkspace(data, workspace);
    const n = nameOrId.normalize('NFC');
    const inWs = (data.trash ?? []).filter((t) => t.credential.workspaceId === ws.id);
    // The newest trashed credential of that name, else by id.
    const found =
      inWs.filter((t) => t.credential.name === n).sort((a, b) => b.deletedAt.localeCompare(a.deletedAt))[0] ??
      inWs.find((t) => t.credential.id === nameOrId);
    if (!found) {
      throw new KeydeckError(
        'CREDENTIAL_NOT_FOUND',
        `Nothing ${echoable(n) ? `named ${quoteArg(n)}` : 'by that name'} is in the trash of "${ws.name}".`,
      );
    }
    return found;
  }

  /** A renamed restore: the keychain envelopes learn the new name, so a rebuild from the keychain is faithful. */
  private async refreshEnvelopes(cred: Credential): Promise<void> {
    const ws = this.catalog.read().workspaces.find((w) => w.id === cred.workspaceId);
    for (const v of cred.versions) {
      const account = accountFor(cred.kind, cred.id, v.version);
      const env = openEnvelope((await this.vault.get(account).catch(() => null)) ?? '');
      if (env) await this.vault.set(account, sealEnvelope(cred, ws?.name ?? '', v.version, env.secret)).catch(() => 0);
    }
  }
}
