import { randomUUID } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';
import type { CatalogData, Workspace } from '../../shared/domain.js';
import type { Catalog } from './catalog.js';
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
    throw new KeydeckError('WORKSPACE_NOT_FOUND', `No workspace named "${n.slice(0, 80)}". Workspaces: ${names}.`);
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

  async use(nameOrId: string): Promise<Workspace> {
    return this.catalog.mutate((data) => {
      const ws = resolveWorkspace(data, nameOrId);
      data.activeWorkspaceId = ws.id;
      return ws;
    });
  }
}
