/**
 * Handlers for the backup channels of `shared/ipc/work.ts`: pure functions over the core (no Electron),
 * so the e2e bridge runs them too. Payloads are validated before, in `dispatch`.
 *
 * An import is two calls: `backup:preview` decrypts and plans (the passphrase is used for that one call
 * and dropped), main keeps the decrypted document for a few minutes under a random token, and
 * `backup:import` applies it with the user's choice of what to overwrite and, separately, whether the
 * backup's signing keys and revocations may merge. Nothing answered here holds a secret.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { KeydeckError } from '../../../shared/errors.js';
import type { BackupItem, BackupPreview, workContract } from '../../../shared/ipc/work.js';
import type { BackupDocument } from '../../core/index.js';
import { printable } from '../../../shared/rules.js';
import { resolveUserPath } from '../../core/index.js';
import type { FeatureHandlers, HandlerDeps } from '../ipc-types.js';
import { overLoaded } from './loaded.js';

/** The channels handled here. */
export type BackupChannel = Extract<keyof typeof workContract, `backup:${string}`>;

/** How long a decrypted backup waits for the user's confirmation. */
export const PREVIEW_TTL_MS = 10 * 60_000;
const MAX_BACKUP_BYTES = 256 * 1024 * 1024;

interface PendingImport {
  doc: BackupDocument;
  path: string;
  expires: number;
}

export function backupHandlers(deps: HandlerDeps): FeatureHandlers<BackupChannel> {
  const { core } = deps;
  const pending = new Map<string, PendingImport>();
  const prune = () => {
    const now = Date.now();
    for (const [t, p] of pending) if (p.expires < now) pending.delete(t);
  };

  // age and the backup code load with the first backup request.
  return overLoaded(core.load.backup, {
    'backup:export': async (backup, { output, workspace, passphrase, recipients, overwrite }) => {
      const file = resolveUserPath(output, 'output file path');
      const usePass = passphrase !== undefined;
      if (usePass === (recipients !== undefined && recipients.length > 0)) {
        throw new KeydeckError('INVALID_INPUT', 'Give either a passphrase or at least one age recipient.');
      }
      // The one overwrite rule (core), as the CLI: refused unless the user confirmed.
      backup.checkBackupTarget(file, { overwrite: !!overwrite });
      const res = await backup.exportBackup(core, {
        key: usePass ? { passphrase } : { recipients: recipients ?? [] },
        ...(workspace ? { workspace } : {}),
        ...(deps.scryptWorkFactor ? { scryptWorkFactor: deps.scryptWorkFactor } : {}),
      });
      const written = backup.writeBackupFile(file, res.bytes, { overwrite: !!overwrite });
      return {
        path: written.path,
        bytes: res.bytes.length,
        workspaces: res.workspaces,
        credentials: res.credentials,
        versions: res.versions,
        encryptedTo: usePass ? 'passphrase' : 'recipients',
        recipients: recipients?.length ?? 0,
        missing: res.missing,
        replaced: written.replaced,
      };
    },
    'backup:inspect': async (backup, { path: p }) => {
      const bytes = readBackupFile(p);
      return { ...backup.inspectBackup(bytes), bytes: bytes.length };
    },
    'backup:preview': async (backup, { path: p, passphrase, identityPath }) => {
      prune();
      const file = resolveUserPath(p, 'backup file path');
      const bytes = readBackupFile(p);
      let doc: BackupDocument;
      if (identityPath !== undefined) {
        const idFile = resolveUserPath(identityPath, 'identity file path');
        doc = await backup.openBackup(bytes, { identities: backup.readIdentityFile(idFile, identityPath) });
      } else {
        const { needs } = backup.inspectBackup(bytes);
        if (needs === 'identity') {
          throw new KeydeckError(
            'BACKUP_NEEDS_IDENTITY',
            'This backup is encrypted to age recipients: give the identity file (AGE-SECRET-KEY-1…) that opens it.',
          );
        }
        if (!passphrase) throw new KeydeckError('INVALID_INPUT', 'Enter the backup passphrase.');
        doc = await backup.openBackup(bytes, { passphrase });
      }
      const plan = backup.previewImport(core, doc);
      const wsName = (id: string) => printable(doc.workspaces.find((w) => w.id === id)?.name ?? '?');
      const preview: BackupPreview = {
        token: randomUUID(),
        path: file,
        createdAt: doc.createdAt,
        workspace: doc.workspace === null ? null : printable(doc.workspace),
        add: [],
        update: [],
        unchanged: [],
        refused: [],
        signingKeys: plan.signingKeys,
        revocations: doc.revocations.length,
      };
      for (const planned of plan.items) {
        const c = planned.credential;
        const item: BackupItem = {
          id: c.id,
          name: printable(c.name),
          workspace: wsName(c.workspaceId),
          versions: c.versions.length,
        };
        if (planned.what === 'refused') preview.refused!.push({ ...item, code: planned.code, reason: planned.reason });
        else preview[planned.what].push(item);
      }
      pending.set(preview.token, { doc, path: file, expires: Date.now() + PREVIEW_TTL_MS });
      return preview;
    },
    'backup:import': async (backup, { token, overwrite, acceptSigningKeys }) => {
      prune();
      const p = pending.get(token);
      if (!p) {
        throw new KeydeckError('NOT_FOUND', 'This import expired or was already applied: open the backup again.');
      }
      pending.delete(token);
      const allowed = new Set(overwrite);
      return backup.importBackup(core, p.doc, {
        overwrite: (c) => allowed.has(c.id),
        acceptSigningKeys: !!acceptSigningKeys,
      });
    },
    'backup:discard': async (_backup, { token }) => ({ discarded: pending.delete(token) }),
  });
}

function readBackupFile(p: string): Uint8Array {
  const file = resolveUserPath(p, 'backup file path');
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new KeydeckError('PATH_NOT_FOUND', `No such file: ${p}`);
  }
  if (st.isDirectory()) throw new KeydeckError('INVALID_INPUT', `${p} is a folder, not a backup file.`);
  if (st.size > MAX_BACKUP_BYTES) throw new KeydeckError('INVALID_INPUT', `${p} is too large to be a Keydeck backup.`);
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new KeydeckError('PATH_NOT_FOUND', `Cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
