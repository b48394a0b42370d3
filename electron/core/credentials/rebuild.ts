import type { Notice } from '../../../shared/domain.js';
import type { ReconcileReport } from '../reconcile.js';

/**
 * What a rebuild of a damaged catalog restored and what it could not (issue 15 §9). The catalog starts
 * from its recovery copy (recovery-file.ts) when that is whole, then the keychain's entries beyond it
 * are adopted and secrets it lost are flagged; without a recovery copy, only what the keychain's
 * envelopes and signing-key entries hold comes back.
 */
export function rebuildNotices(report: ReconcileReport, from: 'recovery-file' | 'nothing' | undefined): Notice[] {
  const adopted = `${report.adopted.length} secret version(s)${
    report.signingKeysAdopted.length ? ` and ${report.signingKeysAdopted.length} JWT signing key(s)` : ''
  }`;
  const out: Notice[] = [
    from === 'recovery-file'
      ? {
          code: 'CATALOG_REBUILT',
          message: `Rebuilt the catalog from its recovery copy (workspaces, settings, JWT signing keys, revocations, each key's metadata and versions) and the keychain (${adopted} adopted beyond it).`,
        }
      : {
          code: 'CATALOG_REBUILT',
          message: `Rebuilt ${adopted} from the keychain. There was no whole recovery copy, so these could not be restored: revocations (revoked tokens verify again: revoke them again), tags, notes, base URLs, expiry dates, scopes, empty workspaces, settings, and overlaps (older versions come back retired).`,
        },
  ];
  if (report.missing.length) {
    out.push({
      code: 'REBUILD_INCOMPLETE',
      message: `The keychain no longer holds the secret of: ${report.missing.join(', ')} (kept, marked missing).`,
    });
  }
  const left = report.orphans.filter((o) => o.reason !== 'not a Keydeck entry');
  if (left.length) {
    out.push({
      code: 'REBUILD_INCOMPLETE',
      message: `${left.length} keychain entr${left.length === 1 ? 'y' : 'ies'} could not be restored: ${left.map((o) => o.reason).join('; ')}.`,
    });
  }
  return out;
}
