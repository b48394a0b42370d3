import { randomUUID } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';
import { quoteArg } from '../../shared/echo.js';
import type { CatalogData, Workspace } from '../../shared/domain.js';
import type { Catalog } from './catalog.js';
import { signingAccount } from './envelope.js';
import { normalizeName } from './rules.js';

/** The workspace a command means: the named one (by name or id), else the active one. */
export function resolveWorkspace(data: CatalogData, nameOrId?: string): Workspace {
  if (nameOrId === undefined) {
    const active = data.workspaces.find((w) => w.id === data.activeWorkspaceId) ?? data.workspaces[0];
    if (!active)
      throw new KeydeckError(
        'WORKSPACE_NOT_FOUND',
        'There is no workspace. Create one with `keydeck workspace add NAME`.',
      );
    return active;
  }
  const n = nameOrId.normalize('NFC').trim();
  const ws = data.workspaces.find((w) => w.name === n) ?? data.workspaces.find((w) => w.id === n);
  if (!ws) {
    const names = data.workspaces.map((w) => `"${w.name}"`).join(', ');
    throw new KeydeckError('WORKSPACE_NOT_FOUND', `No workspace named ${quoteArg(n)}. Workspaces: ${names}.`);
  }
  return ws;
}

export class WorkspaceService {
  constructor(private readonly catalog: Catalog) {}

  list(): { workspaces: Workspace[]; activeId: string } {
    const data = this.catalog.read();
    return { workspaces: data.workspaces, activeId: resolveWorkspace(data).id };
  }

  active(): Workspace {
    return resolveWorkspace(this.catalog.read());
  }

  /** The workspace a command means: the named one (by name or id), else the active one. */
  resolve(nameOrId?: string): Workspace {
    return resolveWorkspace(this.catalog.read(), nameOrId);
  }

  async add(rawName: string): Promise<Workspace> {
    const name = normalizeName(rawName, 'Workspace name');
    return this.catalog.mutate((data) => {
      if (data.workspaces.some((w) => w.name === name)) {
        throw new KeydeckError('DUPLICATE_NAME', `A workspace named "${name}" already exists.`);
      }
      const ws: Workspace = { id: randomUUID(), name, createdAt: new Date().toISOString() };
      data.workspaces.push(ws);
      return ws;
    });
  }

  /**
   * Removes an empty workspace. One that still holds credentials is refused (delete or move them first:
   * nothing is lost by accident); its JWT signing keys and revocations go with it, their keychain
   * entries through a tombstone that `CredentialService.clearTombstones` completes.
   */
  async remove(nameOrId: string): Promise<{ removed: Workspace; active: Workspace }> {
    return this.catalog.mutate((data) => {
      const ws = resolveWorkspace(data, nameOrId);
      const held = data.credentials.filter((c) => c.workspaceId === ws.id).length;
      if (held) {
        throw new KeydeckError(
          'WORKSPACE_NOT_EMPTY',
          `Workspace "${ws.name}" still holds ${held} credential(s). Delete them (or export a backup) first.`,
        );
      }
      if (data.workspaces.length === 1) {
        throw new KeydeckError('INVALID_INPUT', `"${ws.name}" is the only workspace; Keydeck needs one.`);
      }
      const generated = data.signingKeys.filter((k) => k.workspaceId === ws.id && k.source === 'generated');
      if (generated.length) {
        data.tombstones.push({
          credentialId: `workspace:${ws.id}`,
          accounts: generated.map((k) => signingAccount(k.kid)),
          deletedAt: new Date().toISOString(),
        });
      }
      data.signingKeys = data.signingKeys.filter((k) => k.workspaceId !== ws.id);
      data.revocations = data.revocations.filter((r) => r.workspaceId !== ws.id);
      data.workspaces = data.workspaces.filter((w) => w.id !== ws.id);
      if (data.activeWorkspaceId === ws.id) data.activeWorkspaceId = data.workspaces[0]!.id;
      return { removed: ws, active: resolveWorkspace(data) };
    });
  }

  async use(nameOrId: string): Promise<Workspace> {
    return this.catalog.mutate((data) => {
      const ws = resolveWorkspace(data, nameOrId);
      data.activeWorkspaceId = ws.id;
      return ws;
    });
  }
}
