/**
 * Handlers for the channels of `shared/ipc/work.ts`: mapping only, over the core (no Electron), so the
 * e2e bridge runs them too. Validation of payloads happens before, in `dispatch`; the rules (paths a
 * user may type, the command tokenizer, where a `.keydeck` may be written) live in core.
 *
 * A scan is a job in the core's registry: `scan:start` answers its first state, every progress step
 * and the end (with the report) are pushed on `scan:progress` to the window that started it, and
 * `scan:cancel` aborts it. The backup channels are served by `./backup.ts`. Nothing answered here holds
 * a secret.
 */
import fs from 'node:fs';
import { KeydeckError } from '../../../shared/errors.js';
import {
  MAX_SCAN_FINDINGS,
  type ScanJob,
  type ScanProgressInfo,
  type ProjectTrust,
  type ScanSummary,
  type workContract,
} from '../../../shared/ipc/work.js';
import type { envImportContract } from '../../../shared/ipc/env-import.js';
import type { ScanReport } from '../../core/index.js';
import type { TrustState } from '../../core/index.js';
import { resolveUserPath, splitCommand, type JobSnapshot } from '../../core/index.js';
import { NO_SENDER, type FeatureDeps, type FeatureHandlers } from '../ipc-types.js';
import type { BackupChannel } from './backup.js';

export { resolveUserPath, splitCommand };

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

/** A folder's `.keydeck` trust state as the renderer sees it. */
function trustView(t: TrustState | undefined): ProjectTrust {
  if (!t) return { file: null, state: 'none', credentials: [] };
  return {
    file: t.path,
    state: t.state,
    credentials: t.asks.credentials,
    sha256: t.sha256,
    ...(t.asks.workspace !== undefined ? { workspace: t.asks.workspace } : {}),
    ...(t.record ? { allowedAt: t.record.allowedAt } : {}),
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

/** A folder the user typed or picked, resolved (`~/…` too); it must exist. */
function projectFolder(folder: string): string {
  const dir = resolveUserPath(folder, 'folder path');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new KeydeckError('PATH_NOT_FOUND', `The folder ${folder} does not exist.`, 'folder');
  }
  return dir;
}

export function workHandlers(deps: FeatureDeps): FeatureHandlers<Exclude<keyof typeof workContract, BackupChannel>> {
  const { core, clipboard, jobs } = deps;

  /** The credentials as the core names them (each must exist in the workspace), and that workspace. */
  const projectCredentials = (credentials: string[], workspace?: string) => {
    const ws = core.workspaces.resolve(workspace);
    const env = credentials.map((n) => {
      const c = core.credentials.get(n, ws.id);
      return { name: c.name, envVar: c.envVar };
    });
    return { ws, env, names: env.map((e) => e.name) };
  };

  const project = async (req: { credentials: string[]; workspace?: string; command: string }) => {
    const { ws, env, names } = projectCredentials(req.credentials, req.workspace);
    const { execCommandLine, projectFileText } = await core.load.exec();
    return {
      command: execCommandLine({ credentials: names, workspace: ws.name, command: splitCommand(req.command) }),
      projectFile: projectFileText(names, ws.name),
      env,
    };
  };

  return {
    'scan:start': async ({ path: target, git, includeIgnored }, ctx = NO_SENDER) => {
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
          const r = await (
            await core.load.scan()
          ).scan(core.credentials, root, {
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
      text: (await core.load.scan()).preCommitHook(),
      install: 'keydeck scan --hook > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit',
    }),

    'scan:copy-hook': async () => {
      const seconds = core.settings.get().clipboardClearSeconds;
      await clipboard.copy((await core.load.scan()).preCommitHook(), seconds);
      return { clearAfterSeconds: seconds };
    },

    'projects:command': async (req) => project(req),
    'projects:copy': async ({ what, ...req }) => {
      const p = await project(req);
      const seconds = core.settings.get().clipboardClearSeconds;
      await clipboard.copy(what === 'command' ? p.command : p.projectFile, seconds);
      return { what, clearAfterSeconds: seconds };
    },

    'projects:save-file': async ({ credentials, workspace, folder, overwrite }) => {
      const { ws, names } = projectCredentials(credentials, workspace);
      // The user's own act: the file written is recorded as allowed (issue 16 §5).
      const saved = await core.trust.saveProjectFile({ folder, names, workspace: ws.name, overwrite });
      return { path: saved.path, bytes: saved.bytes, replaced: saved.replaced, credentials: names };
    },

    'projects:trust': async ({ folder }) => trustView(core.trust.folderState(projectFolder(folder))),
    'projects:allow': async ({ folder, sha256 }) => {
      const dir = projectFolder(folder);
      const now = core.trust.folderState(dir);
      if (!now) throw new KeydeckError('PATH_NOT_FOUND', `There is no .keydeck file in ${folder}.`, 'folder');
      await core.trust.allow(now.path, undefined, { expectSha256: sha256 });
      return trustView(core.trust.folderState(dir));
    },
    'projects:deny': async ({ folder }) => {
      const dir = projectFolder(folder);
      const now = core.trust.folderState(dir);
      if (now) await core.trust.deny(now.path);
      return trustView(core.trust.folderState(dir));
    },
  };
}

/**
 * The `.env` import (shared/ipc/env-import.ts) over core's migrate module, the same calls as
 * `keydeck import-env`. The preview holds no value; applying plans the file again from disk and refuses
 * it unless it is byte for byte the file previewed, so the renderer never sends (or sees) a value.
 */
export function envImportHandlers(deps: FeatureDeps): FeatureHandlers<keyof typeof envImportContract> {
  const { core } = deps;
  const plan = async (target: string, workspace?: string) =>
    (await core.load.migrate()).planEnvImport(
      core,
      resolveUserPath(target, 'file path'),
      workspace ? { workspace } : {},
    );
  return {
    'env-import:preview': ({ path: target, workspace }) => plan(target, workspace),
    'env-import:apply': async ({ path: target, workspace, fileHash }) => {
      const p = await plan(target, workspace);
      if (p.fileHash !== fileHash) {
        throw new KeydeckError(
          'ENV_CHANGED',
          `${p.file} changed since the preview; nothing was imported. Preview it again.`,
        );
      }
      return (await core.load.migrate()).applyEnvImport(core, p);
    },
  };
}
