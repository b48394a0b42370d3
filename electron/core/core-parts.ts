/**
 * The eagerly built parts of a core (what `createCore` returns besides its lazy loaders), as a type of
 * their own: services loaded on demand (jwt, validation, backup) take this, not `Core` from `index.ts`,
 * so the module graph has no cycle through the front door.
 *
 * A core's catalog and keychain are not among its parts: callers get services, and only services write
 * the catalog. The services loaded on demand still need them, so each core carries them as private
 * wiring under a symbol that only this module hands out (`wiringOf`); `index.ts` does not re-export it,
 * and main and the CLI import core only through `index.ts` (a lint rule), so they cannot reach it.
 */
import type { Catalog } from './catalog.js';
import type { CredentialService } from './credential-service.js';
import type { SettingsService } from './settings.js';
import type { Vault } from './vault.js';
import type { WorkspaceService } from './workspaces.js';

/** What a core is built on: the one catalog file and the keychain. Core services only. */
export interface CoreWiring {
  catalog: Catalog;
  vault: Vault;
}

const WIRING: unique symbol = Symbol('keydeck.core.wiring');

export interface CoreParts {
  home: string;
  credentials: CredentialService;
  workspaces: WorkspaceService;
  settings: SettingsService;
  /** Private wiring (see the module comment): a symbol key, so `Object.keys(core)` lists services only. */
  readonly [WIRING]: CoreWiring;
}

/** The wiring as a property bag to spread into a core object (a spread copy keeps it). */
export function wiring(w: CoreWiring): { readonly [WIRING]: CoreWiring } {
  return { [WIRING]: w };
}

/** The catalog and keychain under a core: for core services that are built over a core. */
export function wiringOf(core: Pick<CoreParts, typeof WIRING>): CoreWiring {
  const w = core[WIRING];
  if (!w) throw new Error('Not a core made by createCore: it has no catalog or keychain.');
  return w;
}
