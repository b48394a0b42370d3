/**
 * Applies an env-file import plan: creates the credentials through the credential service (every rule
 * applies), rewrites the file with `keydeck://` references in place (same lines, comments kept, same
 * mode) in one atomic write whose temp file holds only references (no plaintext copy or backup is left),
 * then scans the folder's git history for the imported values and marks each one found "leaked: rotate".
 *
 * Stopping half-way is safe: credentials created before a failure stay, and planning again finds them
 * (the same value is already stored → a reference), so nothing is created twice.
 */
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import type { Credential } from '../../../shared/domain.js';
import type { EnvImportLeak, EnvImportPlan, EnvImportResult } from '../../../shared/migrate.js';
import { writeFileAtomic } from '../atomic-write.js';
import type { CoreParts } from '../core-parts.js';
import type { TrustService } from '../trust/index.js';
import { activeVersion } from '../versions.js';
import { needlesFor, scanWithNeedles, type NeedleInfo, type Needles } from '../scan/index.js';
import { rewriteLayout } from './env-spans.js';
import { envVarFor, readEntries, readEnvFile } from './plan.js';

/** What applying needs of a core: its parts and the trust service (to allow the rewritten file). */
export type MigrateCore = CoreParts & { trust: Pick<TrustService, 'allow'> };

export interface ApplyOptions {
  /** Runs after the credentials are created and before the file is rewritten (tests stop here). */
  beforeRewrite?: () => void;
  /** Skip the git history scan. */
  noHistory?: boolean;
}

async function historyLeaks(
  plan: EnvImportPlan,
  stored: { variable: string; credential: Credential; value: string }[],
): Promise<{ leaks: EnvImportLeak[]; scanned: boolean; note?: string }> {
  if (!plan.git) return { leaks: [], scanned: false, note: 'the file is not in a git repository' };
  const needles: Needles = { bytes: [], info: [], unreadable: [] };
  const seen = new Set<string>();
  for (const s of stored) {
    const v = activeVersion(s.credential);
    needlesFor(
      s.value,
      {
        credentialId: s.credential.id,
        name: s.credential.name,
        workspaceId: s.credential.workspaceId,
        version: v.version,
        status: v.status,
        fingerprint: v.fingerprint,
      },
      (bytes: Buffer, info: NeedleInfo) => {
        const key = bytes.toString('latin1');
        if (seen.has(key)) return;
        seen.add(key);
        needles.bytes.push(bytes);
        needles.info.push(info);
      },
    );
  }
  const report = await scanWithNeedles(path.dirname(plan.file), needles, { git: true });
  // The first finding per credential is the oldest commit that introduced it (history is read oldest first).
  const leaks: EnvImportLeak[] = [];
  for (const f of report.findings) {
    if (!f.commit || leaks.some((l) => l.credentialId === f.credentialId)) continue;
    for (const s of stored.filter((x) => x.credential.id === f.credentialId)) {
      leaks.push({
        variable: s.variable,
        credential: s.credential.name,
        credentialId: s.credential.id,
        commit: f.commit,
        path: f.file,
      });
    }
  }
  return { leaks, scanned: true };
}

/** Applies `plan` to its file (see the module comment). */
export async function applyEnvImport(
  core: MigrateCore,
  plan: EnvImportPlan,
  opts: ApplyOptions = {},
): Promise<EnvImportResult> {
  const src = readEnvFile(plan.file);
  if (src.hash !== plan.fileHash) {
    throw new KeydeckError(
      'ENV_CHANGED',
      `${plan.file} changed since the preview; nothing was imported. Preview it again.`,
    );
  }
  const { entries, layout } = readEntries(src.file, src.text);
  const values = new Map(entries.map((e) => [e.key, e.value]));
  const result: EnvImportResult = {
    file: plan.file,
    created: [],
    referenced: [],
    left: [],
    leaks: [],
    historyScanned: false,
    allowed: false,
  };
  const stored: { variable: string; credential: Credential; value: string }[] = [];
  const replace = new Map<string, string>();
  const made = new Map<string, Credential>();
  for (const item of plan.items) {
    const value = values.get(item.variable);
    if (item.action === 'leave' || value === undefined) {
      result.left.push(item.variable);
      continue;
    }
    let cred: Credential;
    if (item.action === 'create') {
      const provider = item.provider ?? 'custom';
      const envVar = envVarFor(item.variable);
      const { credential } = await core.credentials.create(
        {
          name: item.credential!,
          workspace: item.workspace ?? plan.workspace,
          kind: item.kind ?? 'standard',
          provider,
          ...(envVar ? { envVar } : {}),
          note: `Imported from ${plan.file} (${item.variable}).`,
        },
        value,
      );
      cred = credential;
      made.set(credential.name, credential);
      result.created.push({ variable: item.variable, credential: credential.name });
    } else {
      cred = made.get(item.credential!) ?? core.credentials.get(item.credential!, item.workspace);
      result.referenced.push({ variable: item.variable, credential: cred.name });
    }
    replace.set(item.variable, item.reference!);
    stored.push({ variable: item.variable, credential: cred, value: value.trim() });
  }
  if (!replace.size) return result;
  opts.beforeRewrite?.();
  writeFileAtomic(src.file, rewriteLayout(layout, replace), src.mode);
  // The user asked for this file's references: it is allowed for `keydeck run` as it now is (issue 16 §5).
  try {
    await core.trust.allow(src.file);
    result.allowed = true;
  } catch (err) {
    result.allowedNote = (err as Error).message;
  }
  if (!opts.noHistory) {
    try {
      const h = await historyLeaks(plan, stored);
      result.leaks = h.leaks;
      result.historyScanned = h.scanned;
      if (h.note) result.historyNote = h.note;
    } catch (err) {
      result.historyNote = `the git history could not be scanned: ${(err as Error).message}`;
    }
    for (const l of result.leaks) {
      if (result.leaks.find((x) => x.credentialId === l.credentialId) !== l) continue;
      await core.credentials.markLeaked(l.credentialId, { commit: l.commit, file: l.path });
    }
  }
  return result;
}
