/**
 * Keydeck's core: everything but the Electron shell. Runs under plain Node; never imports 'electron'.
 */
import { Catalog } from './catalog.js';
import { CredentialService } from './credential-service.js';
import { doctor } from './doctor.js';
import { keydeckHome } from './paths.js';
import { SettingsService } from './settings.js';
import { UseLog } from './use-log.js';
import { DEFAULT_SERVICE, KeyringVault, type Vault } from './vault.js';
import { WorkspaceService } from './workspaces.js';

export interface CoreOptions {
  /** The catalog folder; defaults to `KEYDECK_HOME` or the OS user-data folder for Keydeck. */
  home?: string;
  /** The keychain service name (tests use their own). Defaults to `KEYDECK_SERVICE` or `keydeck`. */
  service?: string;
  vault?: Vault;
  /** The clock (ms since the epoch); defaults to `Date.now`. Tests inject one instead of sleeping. */
  now?: () => number;
}

export type Core = ReturnType<typeof createCore>;

export function createCore(opts: CoreOptions = {}) {
  const home = opts.home ?? keydeckHome();
  const vault = opts.vault ?? new KeyringVault(opts.service ?? process.env.KEYDECK_SERVICE ?? DEFAULT_SERVICE);
  const catalog = new Catalog({ dir: home });
  const useLog = new UseLog(home);
  const credentials = new CredentialService(catalog, vault, useLog, opts.now);
  return {
    home,
    vault,
    catalog,
    credentials,
    workspaces: new WorkspaceService(catalog),
    settings: new SettingsService(catalog),
    doctor: () => doctor(catalog, vault),
  };
}

export { Catalog } from './catalog.js';
export { KeyringVault } from './vault.js';
export type { Vault } from './vault.js';
export { formatCredential, renderCredential, authHeader, requestHeaders, envVars, effectiveBaseUrl } from './format.js';
export { JobRegistry } from './jobs/index.js';
export type { JobContext, JobEvent, JobListener, JobSnapshot, JobState } from './jobs/index.js';
export { splitCommand } from './command-line.js';
export { resolveUserPath } from './user-path.js';
export { saveProjectFile } from './project-file-save.js';
