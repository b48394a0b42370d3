import { accountFor } from '../envelope.js';
import { deletedMeanwhile, type CredentialContext } from './context.js';

/** Deletes a credential: the catalog drops it with a tombstone, then the keychain entries go. */
export async function deleteCredential(ctx: CredentialContext, nameOrId: string, workspace?: string): Promise<void> {
  const target = ctx.get(nameOrId, workspace);
  await ctx.catalog.mutate((data) => {
    const idx = data.credentials.findIndex((c) => c.id === target.id);
    if (idx < 0) throw deletedMeanwhile(target.name);
    const cred = data.credentials[idx]!;
    data.credentials.splice(idx, 1);
    data.tombstones.push({
      credentialId: cred.id,
      accounts: cred.versions.map((v) => accountFor(cred.kind, cred.id, v.version)),
      deletedAt: new Date(ctx.now()).toISOString(),
    });
  });
  await clearTombstones(ctx);
}

/** Deletes the keychain entries that tombstones name, then the tombstones themselves. */
export async function clearTombstones(ctx: Pick<CredentialContext, 'catalog' | 'vault'>): Promise<number> {
  const pending = ctx.catalog.read().tombstones;
  const done: string[] = [];
  for (const t of pending) {
    try {
      for (const account of t.accounts) await ctx.vault.delete(account);
      done.push(t.credentialId);
    } catch {
      // keep the tombstone; the next start retries
    }
  }
  if (done.length) {
    await ctx.catalog.mutate((data) => {
      data.tombstones = data.tombstones.filter((t) => !done.includes(t.credentialId));
    });
  }
  return done.length;
}
