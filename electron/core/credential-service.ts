import type {
  CopyFormat,
  CreateInput,
  Credential,
  CredentialLeak,
  ListQuery,
  Notice,
  UpdateInput,
} from '../../shared/domain.js';
import { KeydeckError } from '../../shared/errors.js';
import type { Catalog } from './catalog.js';
import { renderCredential } from './format.js';
import { reconcile, type ReconcileOptions, type ReconcileReport } from './reconcile.js';
import { rebuildNotices } from './credentials/rebuild.js';
import type { UseLog } from './use-log.js';
import type { Vault } from './vault.js';
import { IntentStore } from './intents.js';
import { recoverIntents } from './credentials/recover.js';
import type { CredentialContext } from './credentials/context.js';
import { createCredential } from './credentials/create.js';
import { findCredential, listCredentials } from './credentials/query.js';
import { readSecret, readSecretsForUse, readVersion, readVersions, type SecretUse } from './credentials/read.js';
import { clearTombstones, deleteCredential } from './credentials/remove.js';
import { retireVersion, rotateCredential } from './credentials/rotate.js';
import { updateCredential } from './credentials/update.js';
import { effectiveVersions } from './versions.js';

export type { SecretUse } from './credentials/read.js';

/**
 * The credential service. Metadata lives in the catalog, secrets in the vault; every write follows
 * the same order so a failure at any step leaves the two consistent: write the secret, read it back,
 * then commit the metadata (undoing the secret if the commit fails). Deletes go through a tombstone.
 * Each operation lives in ./credentials/ (create, update, rotate and retire, remove, read, query);
 * this class is their one front.
 */
export class CredentialService {
  private readonly ctx: CredentialContext;

  constructor(
    private readonly catalog: Catalog,
    private readonly vault: Vault,
    private readonly useLog: UseLog,
    /** The clock (ms since the epoch); tests inject one instead of sleeping through an overlap window. */
    private readonly now: () => number = Date.now,
  ) {
    this.ctx = {
      catalog,
      vault,
      useLog,
      now,
      intents: new IntentStore(catalog.dir),
      get: (nameOrId, workspace) => this.get(nameOrId, workspace),
    };
  }

  /**
   * Opens the vault for use (every command and the app's start): rebuilds a damaged catalog, finishes
   * or undoes writes whose process died (write intents), finishes pending deletes.
   */
  async open(): Promise<Notice[]> {
    await this.catalog.ready();
    const healed = await recoverIntents(this.ctx);
    // Only tombstones are looked at here: through the index (if any), no credential row is read.
    const { data } = this.catalog.lookupView([]);
    if (this.catalog.needsRebuild) {
      this.catalog.needsRebuild = false;
      const report = await this.reconcile({ adopt: true });
      return [...healed, ...this.catalog.takeNotices(), ...rebuildNotices(report, this.catalog.rebuiltFrom)];
    }
    if (data.tombstones.length) await this.clearTombstones();
    return [...healed, ...this.catalog.takeNotices()];
  }

  // ---- reading metadata: never touches the keychain ----

  list(q: ListQuery = {}): Credential[] {
    return listCredentials(this.catalog.read(), q);
  }

  /** Finds a credential by name (NFC) or id within a workspace. */
  get(nameOrId: string, workspace?: string): Credential {
    // Through the catalog's read index when it has one: the rows this lookup can match, not 10,000.
    const view = this.catalog.lookupView([nameOrId]);
    try {
      return findCredential(view.data, nameOrId, workspace, this.now());
    } catch (err) {
      if (!view.partial || (err as KeydeckError).code !== 'CREDENTIAL_NOT_FOUND') throw err;
      return findCredential(this.catalog.read(), nameOrId, workspace, this.now());
    }
  }

  /** The credential with this id in any workspace, or undefined (for labels: a lookup that may miss). */
  byId(id: string): Credential | undefined {
    const found = this.catalog.read().credentials.find((c) => c.id === id);
    return found && { ...found, versions: effectiveVersions(found.versions, this.now()) };
  }

  // ---- writes ----

  create(input: CreateInput, rawSecret: string): Promise<{ credential: Credential; notices: Notice[] }> {
    return createCredential(this.ctx, input, rawSecret);
  }

  update(nameOrId: string, patch: UpdateInput, workspace?: string): Promise<Credential> {
    return updateCredential(this.ctx, nameOrId, patch, workspace);
  }

  rotate(
    nameOrId: string,
    rawSecret: string,
    workspace?: string,
  ): Promise<{ credential: Credential; notices: Notice[] }> {
    return rotateCredential(this.ctx, nameOrId, rawSecret, workspace);
  }

  /**
   * Marks a credential "leaked: rotate": its active secret was found committed in a git history
   * (`import-env`). Rotating the credential clears the mark (versions.ts `activateVersion`).
   */
  markLeaked(id: string, leak: { commit: string; file: string }): Promise<Credential> {
    return this.catalog.mutate((data) => {
      const cred = data.credentials.find((c) => c.id === id);
      if (!cred) throw new KeydeckError('CREDENTIAL_NOT_FOUND', 'The credential was deleted meanwhile.');
      const mark: CredentialLeak = {
        commit: leak.commit,
        file: leak.file,
        foundAt: new Date(this.now()).toISOString(),
      };
      cred.leak = mark;
      return { ...cred };
    });
  }

  /** Ends a version's use. Its secret stays in the keychain (leak scans look for retired keys too). */
  retire(nameOrId: string, version: number, workspace?: string): Promise<Credential> {
    return retireVersion(this.ctx, nameOrId, version, workspace);
  }

  /** Deletes a credential: the catalog drops it with a tombstone, then the keychain entries go. */
  delete(nameOrId: string, workspace?: string): Promise<void> {
    return deleteCredential(this.ctx, nameOrId, workspace);
  }

  /** Deletes the keychain entries that tombstones name, then the tombstones themselves. */
  clearTombstones(): Promise<number> {
    return clearTombstones(this.ctx);
  }

  // ---- using secrets ----

  /**
   * Reads a secret for one use and records the use (never the value). The active version by default;
   * a retiring version while its overlap lasts; never a retired one.
   */
  readSecret(
    nameOrId: string,
    opts: { workspace?: string; version?: number; action?: string } = {},
  ): Promise<SecretUse> {
    return readSecret(this.ctx, nameOrId, opts);
  }

  /** Several secrets for one use each, from one keychain search (see credentials/read.ts). */
  readSecrets(
    reqs: readonly { nameOrId: string; workspace?: string }[],
    action?: string,
  ): Promise<(SecretUse | { error: Error })[]> {
    return readSecretsForUse(this.ctx, reqs, action);
  }

  /** A version's secret, whatever its status (for scans and backups). Flags a missing secret. */
  readVersion(cred: Credential, version: number): Promise<string> {
    return readVersion(this.ctx, cred, version);
  }

  /** Many versions' secrets from one keychain search (scan, export); see credentials/read.ts. */
  readVersions(
    versions: readonly { cred: Credential; version: number }[],
  ): Promise<({ secret: string } | { error: Error })[]> {
    return readVersions(this.ctx, versions);
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
    return reconcile(
      {
        catalog: this.catalog,
        vault: this.vault,
        clearTombstones: () => this.clearTombstones(),
        inFlight: () => this.ctx.intents.accountsInFlight(),
      },
      opts,
    );
  }
}
