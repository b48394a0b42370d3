/**
 * Which keychain accounts the trash still owns. Its own module: reconcile needs it, and the trash service
 * (trash.ts) needs the credential service, which needs reconcile.
 */
import type { CatalogData, Credential } from '../../shared/domain.js';
import { accountFor } from './envelope.js';

/** A credential's keychain accounts, one per version. */
export function accountsOf(c: Credential): string[] {
  return c.versions.map((v) => accountFor(c.kind, c.id, v.version));
}

/** Every keychain account that trashed credentials still own (reconcile must neither adopt nor clean them). */
export function trashedAccounts(data: CatalogData): string[] {
  return (data.trash ?? []).flatMap((t) => accountsOf(t.credential));
}
