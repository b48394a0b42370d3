/**
 * The eagerly built parts of a core (what `createCore` returns besides its lazy loaders), as a type of
 * their own: services loaded on demand (jwt, validation) take this, not `Core` from `index.ts`, so the
 * module graph has no cycle through the front door.
 */
import type { Catalog } from './catalog.js';
import type { CredentialService } from './credential-service.js';
import type { SettingsService } from './settings.js';
import type { Vault } from './vault.js';
import type { WorkspaceService } from './workspaces.js';

export interface CoreParts {
  home: string;
  vault: Vault;
  catalog: Catalog;
  credentials: CredentialService;
  workspaces: WorkspaceService;
  settings: SettingsService;
}
