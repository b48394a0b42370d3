/**
 * This machine's side of each team link, in the catalog (`teamLinks`, shared/domain.ts): which store a
 * workspace is linked to, and for each shared credential what this machine last saw in sync (the
 * file's git blob and the credential's signature), which is how `status` tells "local newer" from
 * "team newer" from "conflict". It also keeps the "exposed: rotate" marks. No secret is in it. Written
 * only here, through catalog.mutate (under the catalog lock), so the recovery copy keeps the link too.
 *
 * Keydeck before this kept the links in `<home>/team/links.json`: the first open moves them into the
 * catalog (a link the catalog already has wins) and removes the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogData, TeamLinkData } from '../../../shared/domain.js';
import type { Catalog } from '../catalog.js';

export type TeamLink = Omit<TeamLinkData, 'workspaceId'>;
export type SharedBase = TeamLink['shared'][string];
export type Exposure = TeamLink['exposed'][string];

/** The file of earlier versions, moved into the catalog on first open. */
export function legacyLinksPath(home: string): string {
  return path.join(home, 'team', 'links.json');
}

/** A workspace's link as the catalog holds it (a copy, to change and save). */
export function linkOf(data: CatalogData, workspaceId: string): TeamLink | undefined {
  const l = data.teamLinks?.find((x) => x.workspaceId === workspaceId);
  if (!l) return undefined;
  const { workspaceId: _w, ...link } = l;
  return structuredClone(link);
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** A mark as the catalog schema accepts it (marks also come from team files, written by anyone). */
export function cleanExposure(e: { version: number; member: string; at: string }): Exposure | undefined {
  if (!Number.isInteger(e.version) || e.version < 1 || !ISO.test(e.at) || Number.isNaN(Date.parse(e.at)))
    return undefined;
  return { version: e.version, member: e.member.slice(0, 256), at: e.at };
}

export class TeamState {
  private migrated = false;

  constructor(
    private readonly catalog: Catalog,
    private readonly home: string,
  ) {}

  /** Moves an old `team/links.json` into the catalog, once per process (then removes the file). */
  async migrate(): Promise<void> {
    if (this.migrated) return;
    const file = legacyLinksPath(this.home);
    let old: Record<string, TeamLink> | undefined;
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { links?: Record<string, TeamLink> };
      if (data && typeof data.links === 'object' && data.links) old = data.links;
    } catch (err) {
      // No file: nothing to move. A damaged one holds nothing usable (the store still has everything).
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.migrated = true;
        return;
      }
    }
    if (old) {
      const links = old;
      await this.catalog.mutate((draft) => {
        const list = (draft.teamLinks ??= []);
        for (const [workspaceId, l] of Object.entries(links)) {
          if (list.some((x) => x.workspaceId === workspaceId)) continue;
          if (!draft.workspaces.some((w) => w.id === workspaceId)) continue;
          if (typeof l?.store !== 'string' || typeof l.folder !== 'string') continue;
          const exposed: TeamLink['exposed'] = {};
          for (const [id, e] of Object.entries(l.exposed ?? {})) {
            const c = cleanExposure(e);
            if (c) exposed[id] = c;
          }
          list.push({
            workspaceId,
            store: l.store,
            folder: l.folder,
            head: typeof l.head === 'string' ? l.head : '',
            ...(typeof l.branch === 'string' ? { branch: l.branch } : {}),
            ...(typeof l.remote === 'boolean' ? { remote: l.remote } : {}),
            shared: l.shared ?? {},
            exposed,
          });
        }
      });
    }
    fs.rmSync(file, { force: true });
    this.migrated = true;
  }

  async link(workspaceId: string): Promise<TeamLink | undefined> {
    await this.migrate();
    return linkOf(this.catalog.read(), workspaceId);
  }

  /** Saves (or with undefined, drops) a workspace's link, under the catalog lock. */
  async save(workspaceId: string, link: TeamLink | undefined): Promise<void> {
    await this.migrate();
    await this.catalog.mutate((draft) => {
      const rest = (draft.teamLinks ?? []).filter((x) => x.workspaceId !== workspaceId);
      draft.teamLinks = link ? [...rest, { workspaceId, ...structuredClone(link) }] : rest;
    });
  }
}
