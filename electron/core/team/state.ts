/**
 * This machine's side of each team link, beside the catalog (`<home>/team/links.json`, mode 0600):
 * which store a workspace is linked to, and for each shared credential what this machine last saw in
 * sync (the file's git blob and the credential's signature), which is how `status` tells "local newer"
 * from "team newer" from "conflict". It also keeps the "exposed: rotate" marks. No secret is in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';

export interface SharedBase {
  /** Store-relative path of the file. */
  path: string;
  /** The file's git blob id when last in sync ('' when never synced: a file seen but not readable). */
  blob: string;
  /** The local credential's signature (entry.ts) when last in sync. */
  sig: string;
}

export interface Exposure {
  /** The active version when the member was removed: a rotation past it clears the mark. */
  version: number;
  member: string;
  at: string;
}

export interface TeamLink {
  /** The store's working tree on this machine. */
  store: string;
  /** The folder of this workspace inside the store (its name as a safe segment). */
  folder: string;
  /** The commit both sides had at the last sync ('' before the first). */
  head: string;
  /** The store's branch and whether it has a remote, remembered so a sync asks git only what changes. */
  branch?: string;
  remote?: boolean;
  shared: Record<string, SharedBase>;
  exposed: Record<string, Exposure>;
}

interface LinksFile {
  format: 1;
  links: Record<string, TeamLink>;
}

export class TeamState {
  readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, 'team', 'links.json');
  }

  read(): LinksFile {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as LinksFile;
      if (data && typeof data.links === 'object') return data;
    } catch {
      // A missing file is no link yet; a damaged one is treated the same (the store still has everything).
    }
    return { format: 1, links: {} };
  }

  link(workspaceId: string): TeamLink | undefined {
    return this.read().links[workspaceId];
  }

  save(workspaceId: string, link: TeamLink | undefined): void {
    const data = this.read();
    if (link) data.links[workspaceId] = link;
    else delete data.links[workspaceId];
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, JSON.stringify(data, null, 1), 0o600);
  }
}
