/**
 * Handlers for the channels of `shared/ipc/work.ts`: mapping only, over the core (no Electron), so the
 * e2e bridge runs them too. Validation of payloads happens before, in `dispatch`; the rules (paths a
 * user may type, the command tokenizer, where a `.keydeck` may be written) live in core.
 *
 * A scan is a job in the core's registry: `scan:start` answers its first state, every progress step
 * and the end (with the report) are pushed on `scan:progress` to the window that started it, and
 * `scan:cancel` aborts it. An import is two calls: `backup:preview`
 * decrypts and plans (the passphrase is used for that one call and dropped), main keeps the decrypted
 * document for a few minutes under a random token, and `backup:import` applies it with the user's choice
 * of what to overwrite. Nothing answered here holds a secret.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import type { Credential } from '../../../shared/domain.js';
import {
  MAX_SCAN_FINDINGS,
  type BackupItem,
  type BackupPreview,
  type ScanJob,
  type ScanProgressInfo,
  type ScanSummary,
  type workContract,
} from '../../../shared/ipc/work.js';
import {
  exportBackup,
  importBackup,
  inspectBackup,
  openBackup,
  readIdentityFile,
  type BackupDocument,
} from '../../core/backup.js';
import { execCommandLine, projectFileText } from '../../core/exec.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { splitCommand } from '../../core/command-line.js';
import type { JobSnapshot } from '../../core/jobs/index.js';
import { saveProjectFile } from '../../core/project-file-save.js';
import { preCommitHook, scan, type ScanReport } from '../../core/scan/index.js';
import { resolveUserPath } from '../../core/user-path.js';
import { resolveWorkspace } from '../../core/workspaces.js';
import type { FeatureDeps, FeatureHandlers } from '../ipc-types.js';

export { resolveUserPath, splitCommand };

/** How long a decrypted backup waits for the user's confirmation. */
export const PREVIEW_TTL_MS = 10 * 60_000;
const MAX_BACKUP_BYTES = 256 * 1024 * 1024;

interface ScanRun {
  path: string;
  git: boolean;
}

/** A scan job as the renderer sees it. */
function scanView(run: ScanRun, job: JobSnapshot<ScanProgressInfo, ScanSummary>): ScanJob {
  const progress = job.progress ?? { phase: 'reading-keychain', files: 0, bytes: 0, findings: 0 };
  return {
    id: job.id,
    path: run.path,
    git: run.git,
    state: job.state,
    progress: job.result ? { ...progress, phase: 'done', findings: job.result.findingsTotal } : progress,
    startedAt: job.startedAt,
    ...(job.result ? { report: job.result } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}

function summary(r: ScanReport): ScanSummary {
  return {
    root: r.root,
    mode: r.mode,
    findings: r.findings.slice(0, MAX_SCAN_FINDINGS),
    findingsTotal: r.findings.length,
    files: r.files,
    bytes: r.bytes,
    binarySkipped: r.binarySkipped,
    dirsSkipped: r.dirsSkipped,
    ...(r.commits !== undefined ? { commits: r.commits } : {}),
    problems: r.problems.slice(0, 200),
    unreadableSecrets: r.unreadableSecrets,
    secretsSearched: r.secretsSearched,
    durationMs: Math.round(r.durationMs),
  };
}

interface PendingImport {
  doc: BackupDocument;
  path: string;
  expires: number;
}

function sameCredential(a: Credential, b: Credential): boolean {
  const vs = (c: Credential) => c.versions.map((v) => `${v.version}:${v.status}:${v.fingerprint}`).join(',');
  return a.updatedAt === b.updatedAt && vs(a) === vs(b) && a.name === b.name;
}

export function workHandlers(deps: FeatureDeps): FeatureHandlers<keyof typeof workContract> {
  const { core, clipboard, jobs } = deps;
  const pending = new Map<string, PendingImport>();

  const prune = () => {
    const now = Date.now();
    for (const [t, p] of pending) if (p.expires < now) pending.delete(t);
  };

  /** The credentials as the core names them (each must exist in the workspace), and that workspace. */
  const projectCredentials = (credentials: string[], workspace?: string) => {
    const ws = resolveWorkspace(core.catalog.read(), workspace);
    const env = credentials.map((n) => {
      const c = core.credentials.get(n, ws.id);
      return { name: c.name, envVar: c.envVar };
    });
    return { ws, env, names: env.map((e) => e.name) };
  };

  const project = (req: { credentials: string[]; workspace?: string; command: string }) => {
    const { ws, env, names } = projectCredentials(req.credentials, req.workspace);
    return {
      command: execCommandLine({ credentials: names, workspace: ws.name, command: splitCommand(req.command) }),
      projectFile: projectFileText(names, ws.name),
      env,
    };
  };

  return {
    'scan:start': async ({ path: target, git, includeIgnored }, ctx) => {
      const root = resolveUserPath(target, 'folder path');
      if (!fs.existsSync(root)) throw new KeydeckError('PATH_NOT_FOUND', `No such file or folder: ${target}`, 'path');
      if (git && !fs.statSync(root).isDirectory()) {
        throw new KeydeckError(
          'NOT_A_GIT_REPO',
          `${target} is a file; the git history scan needs a repository folder.`,
          'path',
        );
      }
      const run: ScanRun = { path: root, git: !!git };
      // One scan at a time: a new one cancels the previous (`replace` on the one key).
      const snap = jobs.start<ScanProgressInfo, ScanSummary>(
        'scan',
        async (job) => {
          let last: ScanProgressInfo | undefined;
          const r = await scan(core.credentials, root, {
            git: !!git,
            includeIgnored: !!includeIgnored,
            signal: job.signal,
            onProgress: (p) => {
              // The final 'done' event carries no total: keep the last one for the summary.
              const total = p.total ?? last?.total;
              last = {
                phase: p.phase,
                files: p.files,
                bytes: p.bytes,
                findings: p.findings,
                ...(total !== undefined ? { total } : {}),
                ...(p.current !== undefined ? { current: p.current } : {}),
              };
              job.progress(last);
            },
          });
          return summary(r);
        },
        {
          key: 'scan',
          replace: true,
          progress: { phase: 'reading-keychain', files: 0, bytes: 0, findings: 0 },
          listener: (e) => ctx.emit('scan:progress', scanView(run, e.job)),
        },
      );
      return scanView(run, snap);
    },
    'scan:cancel': async ({ jobId }) => {
      if (!jobs.get(jobId)) {
        throw new KeydeckError('NOT_FOUND', 'No such scan (it finished long ago or never started).');
      }
      return { cancelled: jobs.cancel(jobId) };
    },
    'scan:hook': async () => ({
      text: preCommitHook(),
      install: 'keydeck scan --hook > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit',
    }),

    'scan:copy-hook': async () => {
      const seconds = core.settings.get().clipboardClearSeconds;
      await clipboard.copy(preCommitHook(), seconds);
      return { clearAfterSeconds: seconds };
    },

    'projects:command': async (req) => project(req),
    'projects:copy': async ({ what, ...req }) => {
      const p = project(req);
      const seconds = core.settings.get().clipboardClearSeconds;
      await clipboard.copy(what === 'command' ? p.command : p.projectFile, seconds);
      return { what, clearAfterSeconds: seconds };
    },

    'projects:save-file': async ({ credentials, workspace, folder, overwrite }) => {
      const { ws, names } = projectCredentials(credentials, workspace);
      return { ...saveProjectFile({ folder, names, workspace: ws.name, overwrite }), credentials: names };
    },

    'backup:export': async ({ output, workspace, passphrase, recipients, overwrite }) => {
      const file = resolveUserPath(output, 'output file path');
      const usePass = passphrase !== undefined;
      if (usePass === (recipients !== undefined && recipients.length > 0)) {
        throw new KeydeckError('INVALID_INPUT', 'Give either a passphrase or at least one age recipient.');
      }
      if (!fs.existsSync(path.dirname(file))) {
        throw new KeydeckError('PATH_NOT_FOUND', `The folder ${path.dirname(file)} does not exist.`);
      }
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
        throw new KeydeckError('INVALID_INPUT', `${file} is a folder: give a file name, like keydeck-backup.age.`);
      }
      if (fs.existsSync(file) && !overwrite) {
        throw new KeydeckError('FILE_EXISTS', `${file} already exists. Choose another name or allow overwriting.`);
      }
      const res = await exportBackup(core, {
        key: usePass ? { passphrase } : { recipients: recipients ?? [] },
        ...(workspace ? { workspace } : {}),
      });
      writeFileAtomic(file, res.bytes, 0o600);
      return {
        path: file,
        bytes: res.bytes.length,
        workspaces: res.workspaces,
        credentials: res.credentials,
        versions: res.versions,
        encryptedTo: usePass ? 'passphrase' : 'recipients',
        recipients: recipients?.length ?? 0,
        missing: res.missing,
      };
    },
    'backup:inspect': async ({ path: p }) => {
      const bytes = readBackupFile(p);
      return { ...inspectBackup(bytes), bytes: bytes.length };
    },
    'backup:preview': async ({ path: p, passphrase, identityPath }) => {
      prune();
      const file = resolveUserPath(p, 'backup file path');
      const bytes = readBackupFile(p);
      let doc: BackupDocument;
      if (identityPath !== undefined) {
        const idFile = resolveUserPath(identityPath, 'identity file path');
        doc = await openBackup(bytes, { identities: readIdentityFile(idFile, identityPath) });
      } else {
        const { needs } = inspectBackup(bytes);
        if (needs === 'identity') {
          throw new KeydeckError(
            'BACKUP_NEEDS_IDENTITY',
            'This backup is encrypted to age recipients: give the identity file (AGE-SECRET-KEY-1…) that opens it.',
          );
        }
        if (!passphrase) throw new KeydeckError('INVALID_INPUT', 'Enter the backup passphrase.');
        doc = await openBackup(bytes, { passphrase });
      }
      const data = core.catalog.read();
      const wsName = (id: string) => doc.workspaces.find((w) => w.id === id)?.name ?? '?';
      const item = (c: Credential): BackupItem => ({
        id: c.id,
        name: c.name,
        workspace: wsName(c.workspaceId),
        versions: c.versions.length,
      });
      const preview: BackupPreview = {
        token: randomUUID(),
        path: file,
        createdAt: doc.createdAt,
        workspace: doc.workspace,
        add: [],
        update: [],
        unchanged: [],
      };
      for (const c of doc.credentials) {
        const existing = data.credentials.find((x) => x.id === c.id);
        if (!existing) preview.add.push(item(c));
        else if (sameCredential(existing, c)) preview.unchanged.push(item(c));
        else preview.update.push(item(c));
      }
      pending.set(preview.token, { doc, path: file, expires: Date.now() + PREVIEW_TTL_MS });
      return preview;
    },
    'backup:import': async ({ token, overwrite }) => {
      prune();
      const p = pending.get(token);
      if (!p) {
        throw new KeydeckError('NOT_FOUND', 'This import expired or was already applied: open the backup again.');
      }
      pending.delete(token);
      const allowed = new Set(overwrite);
      const byName = new Map<string, string>();
      for (const c of p.doc.credentials) {
        const ws = p.doc.workspaces.find((w) => w.id === c.workspaceId)?.name ?? '?';
        byName.set(`${ws}\0${c.name}`, c.id);
      }
      return importBackup(core.catalog, core.vault, core.credentials, p.doc, (c) =>
        allowed.has(byName.get(`${c.workspace}\0${c.name}`) ?? ''),
      );
    },
    'backup:discard': async ({ token }) => ({ discarded: pending.delete(token) }),
  };
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
