import { KeydeckError } from '../../../shared/errors.js';
import type { CatalogData, Notice } from '../../../shared/domain.js';
import { fingerprint } from '../display.js';
import { openEnvelope, parseAccount } from '../envelope.js';
import type { WriteIntent } from '../intents.js';
import { assertByokFree, assertUniqueName } from '../rules.js';
import { activateVersion } from '../versions.js';
import { trashedAccounts } from '../trash-accounts.js';
import type { CredentialContext } from './context.js';

/** Whether the catalog points at a keychain account (a credential's version, in the trash too, a signing key, a tombstone). */
export function referenced(data: CatalogData, account: string): boolean {
  if (account.startsWith('signing/')) return data.signingKeys.some((k) => `signing/${k.kid}` === account);
  if (data.tombstones.some((t) => t.accounts.includes(account))) return true;
  if (trashedAccounts(data).includes(account)) return true;
  const p = parseAccount(account);
  if (!p) return false;
  const c = data.credentials.find((x) => x.id === p.id);
  return !!c && c.kind === p.kind && c.versions.some((v) => v.version === p.version);
}

/** Whether the keychain holds, at `account`, the very secret the intent wrote (by fingerprint). */
async function holds(ctx: CredentialContext, account: string, fp: string): Promise<boolean> {
  const env = openEnvelope((await ctx.vault.get(account)) ?? '');
  return !!env && fingerprint(env.secret) === fp;
}

type Outcome = 'committed' | 'finished' | 'undone';

/**
 * Finishes or undoes the writes of operations whose process died (see intents.ts). Runs at the start of
 * every command and of the app, before anything reads a secret. An add or a rotation whose secret
 * reached the keychain intact is finished as it would have committed (the rules are checked again);
 * anything else, and every import, is undone: keychain entries the catalog does not point at are
 * deleted. One recovery at a time across processes; a rotation's own lock is held while its intent is
 * resolved, so a new rotation of the same credential cannot write the same version meanwhile.
 */
export async function recoverIntents(ctx: CredentialContext): Promise<Notice[]> {
  if (!ctx.intents.abandoned().length) return [];
  return ctx.catalog.withKeyLock('recover', async () => {
    const notices: Notice[] = [];
    for (const intent of ctx.intents.abandoned()) {
      const outcome =
        intent.op === 'rotate'
          ? await ctx.catalog.withKeyLock(`rotate-${intent.credentialId}`, () => resolve(ctx, intent))
          : await resolve(ctx, intent);
      ctx.intents.done(intent.id);
      if (outcome !== 'committed') notices.push(notice(intent, outcome));
    }
    return notices;
  });
}

function notice(intent: WriteIntent, outcome: Outcome): Notice {
  const what =
    intent.op === 'add'
      ? `adding "${intent.credential.name}"`
      : intent.op === 'rotate'
        ? 'a rotation'
        : `an import (${intent.writes.length} keychain entr${intent.writes.length === 1 ? 'y' : 'ies'})`;
  return {
    code: outcome === 'finished' ? 'INTERRUPTED_WRITE_FINISHED' : 'INTERRUPTED_WRITE_UNDONE',
    message:
      outcome === 'finished'
        ? `An interrupted write was finished: ${what}.`
        : `An interrupted write was undone: ${what}; run it again if it is still wanted.`,
  };
}

async function resolve(ctx: CredentialContext, intent: WriteIntent): Promise<Outcome> {
  const open = intent.writes.filter((w) => !referenced(ctx.catalog.read(), w.account));
  if (!open.length) return 'committed';
  if (intent.op !== 'import' && open.length === 1 && (await holds(ctx, open[0]!.account, open[0]!.fingerprint))) {
    try {
      await finish(ctx, intent);
      return 'finished';
    } catch (err) {
      if (!(err instanceof KeydeckError)) throw err;
      // the rules refuse it now (a name taken meanwhile, a deleted credential): undo instead
    }
  }
  // Under the catalog lock, so no import (which writes under it) can start pointing at an entry we delete.
  await ctx.catalog.mutate(async (data) => {
    for (const w of intent.writes) if (!referenced(data, w.account)) await ctx.vault.delete(w.account);
  });
  return 'undone';
}

async function finish(ctx: CredentialContext, intent: WriteIntent): Promise<void> {
  await ctx.catalog.mutate((data) => {
    if (intent.op === 'add') {
      const cred = intent.credential;
      if (data.credentials.some((c) => c.id === cred.id)) return;
      if (!data.workspaces.some((w) => w.id === cred.workspaceId))
        throw new KeydeckError('WORKSPACE_NOT_FOUND', 'its workspace was deleted');
      assertUniqueName(data, cred.workspaceId, cred.name);
      assertByokFree(data, cred.workspaceId, cred.kind, cred.provider);
      data.credentials.push(cred);
    } else if (intent.op === 'rotate') {
      const cred = data.credentials.find((c) => c.id === intent.credentialId);
      if (!cred) throw new KeydeckError('CREDENTIAL_NOT_FOUND', 'it was deleted');
      if (cred.versions.some((v) => v.version >= intent.next.version))
        throw new KeydeckError('CONFLICT', 'it was rotated meanwhile');
      activateVersion(cred, intent.next, new Date(ctx.now()), data.settings.rotationOverlapHours);
    }
  });
}
