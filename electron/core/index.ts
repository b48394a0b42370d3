/**
 * Keydeck's core: everything but the Electron shell. Runs under plain Node; never imports 'electron'.
 */
import { teamMarks } from '../../shared/team.js';
import { Catalog } from './catalog.js';
import { wiring } from './core-parts.js';
import { CredentialService } from './credential-service.js';
import { doctor } from './doctor.js';
import { keydeckHome } from './paths.js';
import { PreferencesService } from './preferences.js';
import { SettingsService } from './settings.js';
import { TrashService } from './trash.js';
import { TrustService } from './trust/index.js';
import { UseLog } from './use-log.js';
import { DEFAULT_SERVICE, KeyringVault, type KeychainAccess, type Vault } from './vault.js';
import { WorkspaceService } from './workspaces.js';

export interface CoreOptions {
  /** The catalog folder; defaults to `KEYDECK_HOME` or the OS user-data folder for Keydeck. */
  home?: string;
  /** The keychain service name (tests use their own). Defaults to `KEYDECK_SERVICE` or `keydeck`. */
  service?: string;
  vault?: Vault;
  /**
   * How the default vault reaches the keychain: `pool` (the default: a worker thread, nothing stalls
   * this one) or `direct` for a short-lived process (the CLI): its first few reads on this thread, so
   * a one-shot read starts no worker. See `KeychainAccess` in ./vault.ts.
   */
  keychain?: KeychainAccess;
  /** The clock (ms since the epoch); defaults to `Date.now`. Tests inject one instead of sleeping. */
  now?: () => number;
}

export type Core = ReturnType<typeof createCore>;

/** A loader that imports its modules on first use and hands the same promise to every later caller. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/**
 * The heavier services, loaded when first used: a command or a window that never mints a token never
 * loads jose, one that never backs up never loads age. Each resolves to the service's module.
 */
function loaders() {
  return {
    jwt: lazy(() => import('./jwt/index.js')),
    backup: lazy(() => import('./backup/index.js')),
    sandbox: lazy(() => import('./sandbox/index.js')),
    validation: lazy(() => import('./validation/index.js')),
    scan: lazy(() => import('./scan/index.js')),
    exec: lazy(() => import('./exec/index.js')),
    /** `import-env` and the app's .env import (issue 16 §4). */
    migrate: lazy(() => import('./migrate/index.js')),
    clipboard: lazy(() => import('./clipboard-cli.js')),
    /** The team vault on git + age (issue 13). */
    team: lazy(() => import('./team/index.js')),
    /** References, env files, `run` and `inject` (issue 16 §1–3). */
    refs: lazy(() => import('./refs/index.js')),
  };
}

/**
 * A core: services only. The catalog and the keychain stay inside (the services read and write them;
 * services loaded on demand reach them through the private wiring of `core-parts.ts`), so no caller
 * writes the catalog around a service's rules.
 */
export function createCore(opts: CoreOptions = {}) {
  const home = opts.home ?? keydeckHome();
  const vault =
    opts.vault ?? new KeyringVault(opts.service ?? process.env.KEYDECK_SERVICE ?? DEFAULT_SERVICE, opts.keychain);
  const catalog = new Catalog({ dir: home });
  const useLog = new UseLog(home);
  const credentials = new CredentialService(catalog, vault, useLog, opts.now);
  const preferences = new PreferencesService(catalog, opts.now);
  return {
    home,
    credentials,
    workspaces: new WorkspaceService(catalog),
    settings: new SettingsService(catalog),
    /** Favourites, recents and the global shortcut (issue 11 §2). */
    preferences,
    /** Delete to trash, undo, empty (issue 11 §3). */
    trash: new TrashService(catalog, vault, credentials, opts.now),
    /** Trusted project and env files: allow, deny, list, require (issue 16 §5). */
    trust: new TrustService(catalog, opts.now),
    doctor: () => doctor(catalog, vault),
    /** Each credential shared with a team store, and whether it is exposed (shared/team.ts); cheap, no git. */
    teamMarks: () => teamMarks(catalog.read()),
    load: loaders(),
    ...wiring({ catalog, vault }),
  };
}

export { formatCredential, renderCredential, authHeader, requestHeaders, envVars, effectiveBaseUrl } from './format.js';
export { JobRegistry } from './jobs/index.js';
export type { JobContext, JobEvent, JobListener, JobSnapshot, JobState } from './jobs/index.js';
export { splitCommand } from './command-line.js';
export { resolveUserPath } from './user-path.js';
export { saveProjectFile } from './exec/project-file-save.js';
export type { JwtService, VerifySource } from './jwt/index.js';
export type {
  SandboxEvent,
  SandboxServer,
  WsSession,
  ScriptOutcome,
  ClientCredential,
  ConnectAuth,
  Connection,
} from './sandbox/index.js';
export type { ScanProgress, ScanReport } from './scan/index.js';
export type { EnvImportPlan, EnvImportResult } from './migrate/index.js';
export type { BackupDocument } from './backup/index.js';
export { reconcileNotices } from './reconcile.js';
export { keydeckHome } from './paths.js';
export type { TrashView } from './trash.js';
export type { TrustRequest, TrustService, TrustState } from './trust/index.js';
export type { ValidateOutcome } from './validation/index.js';
export type { CoreParts } from './core-parts.js';
export type { StatusItem, SyncReport, TeamService } from './team/index.js';
