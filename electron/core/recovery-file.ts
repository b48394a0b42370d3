import fs from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CatalogData } from '../../shared/domain.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import { CATALOG_FILE, parseCatalog, serializeCatalog } from './catalog-file.js';
import { CATALOG_NAME } from './paths.js';

/**
 * The catalog's recovery copy (issue 15 §9): what a rebuild from the keychain alone cannot know, kept
 * beside the catalog in a file of its own, so a torn `catalog.json` does not take the security state
 * with it. It holds workspaces (empty ones too), settings, JWT signing-key metadata, revocations, team
 * store links (which credentials are shared, which are exposed) and each credential's metadata and
 * versions (tags, notes, base URLs, expiry, `retiring` overlaps), never a secret, as the catalog does;
 * results that a new probe gives back (validation, router check) are left out, so a probe does not
 * rewrite it.
 *
 * Catalog.commit writes it (atomically, under the catalog lock) before the catalog itself whenever
 * the security state changed (securityDigest), so that state is never behind a catalog on disk: a
 * revocation that was acknowledged is in both files. A rebuild (Catalog after moving a damaged file aside) starts from it, then adopts
 * what the keychain holds beyond it (see CredentialService.open).
 */
export const RECOVERY_FILE = `${CATALOG_NAME}.recovery.json`;

export function recoveryPath(dir: string): string {
  return path.join(dir, RECOVERY_FILE);
}

/**
 * A digest of the security state: workspaces, settings, signing keys, revocations, and each
 * credential's versions and their statuses (so adds, rotations, retires and deletes count). The copy
 * is rewritten when this changes; an edit of a note or a tag alone does not rewrite it, so such
 * metadata comes back as of the last change of the security state ("where it can").
 */
export function securityDigest(data: CatalogData): string {
  const h = createHash('sha256');
  h.update(
    JSON.stringify([
      data.format,
      data.activeWorkspaceId,
      data.settings,
      data.workspaces.map((w) => [w.id, w.name]),
      data.signingKeys.map((k) => [k.kid, k.workspaceId, k.alg, k.source, k.credentialId ?? '']),
      data.revocations.map((r) => [r.jti, r.workspaceId]),
      // Team links: which store, which credentials are shared, which are exposed. The sync bases (blobs,
      // signatures, head) move on every sync and are left out; the copy carries them as of its last write.
      (data.teamLinks ?? []).map((l) => [l.workspaceId, l.store, l.folder, Object.keys(l.shared), l.exposed]),
    ]),
  );
  for (const c of data.credentials) {
    h.update(`\n${c.id} ${c.workspaceId} ${c.kind}`);
    for (const v of c.versions) h.update(` ${v.version}:${v.status}:${v.retiringUntil ?? ''}:${v.fingerprint}`);
  }
  return h.digest('hex').slice(0, 32);
}

const HEAD = /^\{"recoveryDigest":"([0-9a-f]{32})",/;

/** The digest the recovery copy on disk was written for (its first bytes), or undefined. */
function digestOnDisk(dir: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(recoveryPath(dir), 'r');
    const head = Buffer.alloc(64);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return HEAD.exec(head.subarray(0, n).toString('latin1'))?.[1];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes the recovery copy if the security state changed since the copy on disk was written (its
 * digest leads the file, so checking costs one small read). Call it under the catalog lock: temp files
 * of killed writers are removed on the way. Results a probe gives back (validation, router check) are
 * left out of the copy.
 */
export function writeRecovery(dir: string, data: CatalogData): void {
  const digest = securityDigest(data);
  if (digestOnDisk(dir) === digest) return;
  const view = serializeCatalog({
    ...data,
    tombstones: [],
    credentials: data.credentials.map(({ validation: _v, routerCheck: _r, ...c }) => ({ ...c, state: 'ok' as const })),
  });
  removeStaleTemps(recoveryPath(dir));
  writeFileAtomic(recoveryPath(dir), `{"recoveryDigest":"${digest}",${view.slice(1)}`, CATALOG_FILE.mode);
}

/** The recovery copy, validated as a catalog, or undefined (none, or damaged too). */
export function readRecovery(dir: string): CatalogData | undefined {
  try {
    return parseCatalog(fs.readFileSync(recoveryPath(dir)), recoveryPath(dir)).data;
  } catch {
    return undefined;
  }
}
