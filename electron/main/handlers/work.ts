/**
 * Handlers for the channels of `shared/ipc/work.ts` but the backup ones (`./backup.ts`): pure functions
 * over the core (no Electron), so the e2e bridge runs them too. Validation of payloads happens before,
 * in `dispatch`.
 *
 * A scan is a job kept here (IPC is request/response): `scan:start` returns an id, `scan:status` is
 * polled for progress and the report, `scan:cancel` aborts it. Nothing answered here holds a secret.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import { MAX_SCAN_FINDINGS, type ScanJob, type workContract } from '../../../shared/ipc/work.js';
import { execCommandLine, PROJECT_FILE, projectFileText } from '../../core/exec.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { preCommitHook, scan } from '../../core/scan/index.js';
import { resolveWorkspace } from '../../core/workspaces.js';
import type { FeatureHandlers, HandlerDeps } from '../ipc-handlers.js';
import type { BackupChannel } from './backup.js';

const KEEP_FINISHED_JOBS = 4;

/** `~/x` → the home folder; anything else must be absolute (main's cwd means nothing to the user). */
export function resolveUserPath(p: string, what = 'path'): string {
  const t = p.trim();
  if (t === '~' || t.startsWith('~/')) return path.join(os.homedir(), t.slice(1));
  if (!path.isAbsolute(t)) {
    throw new KeydeckError('INVALID_INPUT', `Give the full ${what} (like /home/you/project or ~/project).`);
  }
  return path.resolve(t);
}

/** Splits a command line the way a shell would for simple cases: spaces, '…' and "…" quotes, \ escapes. */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) throw new KeydeckError('INVALID_INPUT', `The command has an unclosed ${quote} quote.`);
  if (has) out.push(cur);
  if (!out.length) throw new KeydeckError('INVALID_INPUT', 'Give the command to run, like npm run dev.');
  return out;
}

interface RunningJob {
  job: ScanJob;
  controller: AbortController;
}

export function workHandlers(deps: HandlerDeps): FeatureHandlers<Exclude<keyof typeof workContract, BackupChannel>> {
  const { core, clipboard } = deps;
  const jobs = new Map<string, RunningJob>();

  const prune = () => {
    const finished = [...jobs.values()].filter((j) => j.job.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_JOBS))) jobs.delete(j.job.id);
  };

  const jobFor = (id: string): RunningJob => {
    const j = jobs.get(id);
    if (!j) throw new KeydeckError('NOT_FOUND', 'No such scan (it finished long ago or never started).');
    return j;
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
    'scan:start': async ({ path: target, git, includeIgnored }) => {
      prune();
      const root = resolveUserPath(target, 'folder path');
      if (!fs.existsSync(root)) throw new KeydeckError('PATH_NOT_FOUND', `No such file or folder: ${target}`);
      if (git && !fs.statSync(root).isDirectory()) {
        throw new KeydeckError(
          'NOT_A_GIT_REPO',
          `${target} is a file; the git history scan needs a repository folder.`,
        );
      }
      // One scan at a time: a new one cancels the previous.
      for (const j of jobs.values()) if (j.job.state === 'running') j.controller.abort();
      const id = randomUUID();
      const controller = new AbortController();
      const job: ScanJob = {
        id,
        path: root,
        git: !!git,
        state: 'running',
        progress: { phase: 'reading-keychain', files: 0, bytes: 0, findings: 0 },
        startedAt: new Date().toISOString(),
      };
      jobs.set(id, { job, controller });
      void scan(core.credentials, root, {
        git: !!git,
        includeIgnored: !!includeIgnored,
        signal: controller.signal,
        onProgress: (p) => {
          job.progress = {
            phase: p.phase,
            files: p.files,
            bytes: p.bytes,
            findings: p.findings,
            // The final 'done' event carries no total: keep the last one for the summary.
            ...((p.total ?? job.progress.total) !== undefined ? { total: p.total ?? job.progress.total } : {}),
            ...(p.current !== undefined ? { current: p.current } : {}),
          };
        },
      }).then(
        (r) => {
          job.state = r.aborted || controller.signal.aborted ? 'cancelled' : 'done';
          job.report = {
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
          job.progress = { ...job.progress, phase: 'done', findings: r.findings.length };
        },
        (err: unknown) => {
          job.state = controller.signal.aborted ? 'cancelled' : 'failed';
          job.error =
            err instanceof KeydeckError
              ? { code: err.code, message: err.message }
              : { code: 'INTERNAL', message: 'The scan failed unexpectedly.' };
        },
      );
      return { jobId: id };
    },
    'scan:status': async ({ jobId }) => structuredClone(jobFor(jobId).job),
    'scan:cancel': async ({ jobId }) => {
      const j = jobFor(jobId);
      if (j.job.state !== 'running') return { cancelled: false };
      j.controller.abort();
      return { cancelled: true };
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
      const dir = resolveUserPath(folder, 'folder path');
      let st: fs.Stats;
      try {
        st = fs.statSync(dir);
      } catch {
        throw new KeydeckError('PATH_NOT_FOUND', `The folder ${folder} does not exist.`);
      }
      if (!st.isDirectory()) {
        throw new KeydeckError('INVALID_INPUT', `${folder} is a file: give the project folder that should hold it.`);
      }
      const { ws, names } = projectCredentials(credentials, workspace);
      // Names only, from the core's own formatter: the file never holds a secret.
      const text = projectFileText(names, ws.name);
      const file = path.join(dir, PROJECT_FILE);
      let existing: fs.Stats | undefined;
      try {
        existing = fs.lstatSync(file);
      } catch {
        existing = undefined;
      }
      if (existing?.isDirectory()) {
        throw new KeydeckError('INVALID_INPUT', `${file} is a folder, so no ${PROJECT_FILE} file can go there.`);
      }
      if (existing && !overwrite) {
        throw new KeydeckError('FILE_EXISTS', `${file} already exists. Replace it only if you mean to.`);
      }
      writeFileAtomic(file, text, 0o644);
      return { path: file, bytes: Buffer.byteLength(text), replaced: !!existing, credentials: names };
    },
  };
}
