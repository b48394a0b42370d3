import { KeydeckError } from '../../../shared/errors.js';
import type { Credential, Notice } from '../../../shared/domain.js';
import { displayPrefix, fingerprint } from '../display.js';
import { accountFor, sealEnvelope } from '../envelope.js';
import { activateVersion, effectiveVersions } from '../versions.js';
import { deletedMeanwhile, type CredentialContext } from './context.js';
import { prepare, writeThenCommit } from './create.js';

/** A new secret version becomes the active one; the previous one keeps working for the overlap window. */
export async function rotateCredential(
  ctx: CredentialContext,
  nameOrId: string,
  rawSecret: string,
  workspace?: string,
): Promise<{ credential: Credential; notices: Notice[] }> {
  const target = ctx.get(nameOrId, workspace);
  const { value, notices } = prepare(target.provider, target.authScheme, rawSecret);
  const fp = fingerprint(value);
  if (target.versions.some((v) => v.fingerprint === fp && v.status !== 'retired')) {
    throw new KeydeckError(
      'INVALID_SECRET',
      'The new secret is the same as a version already in use. Paste the new key.',
    );
  }
  // One rotation of a credential at a time (across processes), since the next version's keychain
  // account is written before the catalog lock is taken.
  return ctx.catalog.withKeyLock(`rotate-${target.id}`, async () => {
    const current = ctx.get(target.id, target.workspaceId);
    const ws = ctx.catalog.read().workspaces.find((w) => w.id === current.workspaceId);
    const version = Math.max(...current.versions.map((v) => v.version)) + 1;
    const account = accountFor(current.kind, current.id, version);
    const next = { version, displayPrefix: displayPrefix(value), fingerprint: fp };
    const draft = { op: 'rotate' as const, credentialId: current.id, next, writes: [{ account, fingerprint: fp }] };
    const sealed = sealEnvelope(current, ws?.name ?? '', version, value);
    const cred = await writeThenCommit(ctx, draft, account, sealed, () =>
      ctx.catalog.mutate((data) => {
        const cred = data.credentials.find((c) => c.id === target.id);
        if (!cred) throw deletedMeanwhile(target.name);
        if (cred.versions.some((v) => v.version >= version)) {
          throw new KeydeckError('CONFLICT', `"${cred.name}" changed meanwhile. Try the rotation again.`);
        }
        activateVersion(cred, next, new Date(ctx.now()), data.settings.rotationOverlapHours);
        return { ...cred };
      }),
    );
    return { credential: cred, notices };
  });
}

/** Ends a version's use. Its secret stays in the keychain (leak scans look for retired keys too). */
export async function retireVersion(
  ctx: CredentialContext,
  nameOrId: string,
  version: number,
  workspace?: string,
): Promise<Credential> {
  const target = ctx.get(nameOrId, workspace);
  return ctx.catalog.mutate((data) => {
    const cred = data.credentials.find((c) => c.id === target.id);
    if (!cred) throw deletedMeanwhile(target.name);
    cred.versions = effectiveVersions(cred.versions, ctx.now());
    const v = cred.versions.find((x) => x.version === version);
    if (!v) {
      throw new KeydeckError(
        'VERSION_NOT_FOUND',
        `"${cred.name}" has no version ${version} (it has ${cred.versions.map((x) => x.version).join(', ')}).`,
      );
    }
    if (v.status === 'active') {
      throw new KeydeckError(
        'INVALID_INPUT',
        `Version ${version} is the active one. Rotate first, then retire the old version.`,
      );
    }
    if (v.status !== 'retired') {
      v.status = 'retired';
      v.retiredAt = new Date(ctx.now()).toISOString();
      delete v.retiringUntil;
    }
    cred.updatedAt = new Date(ctx.now()).toISOString();
    return { ...cred };
  });
}
