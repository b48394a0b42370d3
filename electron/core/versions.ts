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
