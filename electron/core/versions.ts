import type { Credential, SecretVersion } from '../../shared/domain.js';

/** A version whose overlap window has ended is retired, whatever the file says. */
export function effectiveVersions(versions: readonly SecretVersion[], now = Date.now()): SecretVersion[] {
  return versions.map((v) =>
    v.status === 'retiring' && v.retiringUntil && Date.parse(v.retiringUntil) <= now
      ? { ...v, status: 'retired' as const, retiredAt: v.retiringUntil }
      : v,
  );
}

/** The version in use: the active one (the newest, if a damaged catalog has none). */
export function activeVersion(cred: Credential): SecretVersion {
  return cred.versions.find((v) => v.status === 'active') ?? cred.versions[cred.versions.length - 1]!;
}

/**
 * Makes a new version the active one, as a rotation does: the active version starts its overlap
 * (`retiring` for `overlapHours`, or `retired` when the overlap is 0), the credential shows the new
 * version's prefix and fingerprint, and results about the old key (validation, router check, a leak
 * found in git history) are dropped.
 */
export function activateVersion(
  cred: Credential,
  next: { version: number; displayPrefix: string; fingerprint: string },
  now: Date,
  overlapHours: number,
): void {
  const at = now.toISOString();
  const until = new Date(now.getTime() + overlapHours * 3_600_000).toISOString();
  cred.versions = effectiveVersions(cred.versions, now.getTime()).map((v) =>
    v.status === 'active'
      ? overlapHours > 0
        ? { ...v, status: 'retiring' as const, retiringUntil: until }
        : { ...v, status: 'retired' as const, retiredAt: at }
      : v,
  );
  cred.versions.push({ ...next, status: 'active', createdAt: at });
  cred.displayPrefix = next.displayPrefix;
  cred.fingerprint = next.fingerprint;
  cred.rotatedAt = at;
  cred.updatedAt = at;
  cred.state = 'ok';
  delete cred.validation;
  delete cred.routerCheck;
  delete cred.leak;
}
