/**
 * Where a credential stands with its workspace's team store (issue 13), from the catalog's team links:
 * shared (and as which file), and "exposed: rotate" when a removed member could read it and it has not
 * been rotated past the version that member saw. The one home of that rule: the team service's status,
 * `keydeck list`/`show` and the app all ask here. Zod-free (types only from domain.ts).
 */
import type { CatalogData, Credential, TeamLinkData } from './domain.js';

export interface TeamMark {
  /** The file in the team store. */
  path: string;
  /** A removed member could read it: rotate it (git history keeps the old ciphertexts). */
  exposed?: { member: string; at: string; version: number };
}

/** The active version's number (the newest when none is marked active). */
export function activeVersionOf(c: Pick<Credential, 'versions'>): number {
  return (c.versions.find((v) => v.status === 'active') ?? c.versions[c.versions.length - 1]!).version;
}

/** Whether a removal mark still applies: no rotation since past the version the member saw. */
export function stillExposed(c: Pick<Credential, 'versions'>, mark: { version: number } | undefined): boolean {
  return !!mark && activeVersionOf(c) <= mark.version;
}

/** Each shared credential's mark, by credential id. */
export function teamMarks(
  data: Pick<CatalogData, 'credentials'> & { teamLinks?: TeamLinkData[] },
): Map<string, TeamMark> {
  const out = new Map<string, TeamMark>();
  if (!data.teamLinks?.length) return out;
  const byId = new Map(data.credentials.map((c) => [c.id, c]));
  for (const link of data.teamLinks) {
    for (const [id, base] of Object.entries(link.shared)) {
      const cred = byId.get(id);
      if (!cred) continue;
      const exp = link.exposed[id];
      out.set(id, { path: base.path, ...(exp && stillExposed(cred, exp) ? { exposed: exp } : {}) });
    }
  }
  return out;
}

/** The one-word team state a list shows: `shared`, `exposed: rotate`, or '' when not shared. */
export function teamLabel(mark: TeamMark | undefined): string {
  return !mark ? '' : mark.exposed ? 'shared, exposed: rotate' : 'shared';
}
