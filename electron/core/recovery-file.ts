import fs from 'node:fs';
import path from 'node:path';
import type { CatalogData } from '../../shared/domain.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import { CATALOG_FILE, parseCatalog, serializeCatalog } from './catalog-file.js';
import { CATALOG_NAME } from './paths.js';

/**
 * The catalog's recovery copy (issue 15 §9): what a rebuild from the keychain alone cannot know, kept
 * beside the catalog in a file of its own, so a torn `catalog.json` does not take the security state
 * with it. It holds workspaces (empty ones too), settings, JWT signing-key metadata, revocations and
 * each credential's metadata and versions (tags, notes, base URLs, expiry, `retiring` overlaps), never
 * a secret, as the catalog does; results that a new probe gives back (validation, router check) are
 * left out, so a probe does not rewrite it.
 *
 * Catalog.commit writes it (atomically, under the catalog lock) before the catalog itself whenever
 * this view changed, so it is never behind a catalog on disk: a revocation that was acknowledged is
 * in both files. A rebuild (Catalog after moving a damaged file aside) starts from it, then adopts
 * what the keychain holds beyond it (see CredentialService.open).
 */
export const RECOVERY_FILE = `${CATALOG_NAME}.recovery.json`;

export function recoveryPath(dir: string): string {
  return path.join(dir, RECOVERY_FILE);
}

/** The recovery copy's bytes for a catalog. */
export function recoveryView(data: CatalogData): string {
  return serializeCatalog({
    ...data,
    tombstones: [],
    credentials: data.credentials.map(({ validation: _v, routerCheck: _r, ...c }) => ({ ...c, state: 'ok' as const })),
  });
}

/**
 * Writes the recovery copy unless it already holds `view`; returns what the file now holds. Call it
 * under the catalog lock (temp files of killed writers are removed on the way).
 */
export function writeRecovery(dir: string, view: string, last: string | undefined): string {
  if (view === last) return view;
  removeStaleTemps(recoveryPath(dir));
  writeFileAtomic(recoveryPath(dir), view, CATALOG_FILE.mode);
  return view;
}

/** The recovery copy, validated as a catalog, or undefined (none, or damaged too). */
export function readRecovery(dir: string): CatalogData | undefined {
  try {
    return parseCatalog(fs.readFileSync(recoveryPath(dir)), recoveryPath(dir));
  } catch {
    return undefined;
  }
}
