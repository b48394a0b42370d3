/**
 * Handlers for the channels of `shared/ipc/validation.ts`: pure functions over the core (no Electron), so
 * the e2e bridge runs them too. Validation of payloads happens before, in `dispatch`.
 *
 * "Validate all" is a job in the core's registry: `validation:start-all` starts it (one per workspace at
 * a time: starting again joins the running one) and answers its first progress; every later step and
 * its end are pushed on `validation:all-progress` to the window that asked. Nothing polls.
 */
import type { validationContract, ValidateAllProgress } from '../../../shared/ipc/validation.js';
import type { JobSnapshot } from '../../core/index.js';
import { NO_SENDER, type FeatureDeps, type FeatureHandlers } from '../ipc-types.js';

type Counts = ValidateAllProgress['counts'];
interface Progress {
  done: number;
  total: number;
  counts: Counts;
}

/** A job's snapshot as the renderer sees it. */
export function progressView(job: JobSnapshot<Progress, unknown>): ValidateAllProgress {
  const p = job.progress ?? { done: 0, total: 0, counts: {} };
  return {
    jobId: job.id,
    state: job.state,
    done: p.done,
    total: p.total,
    counts: { ...p.counts },
    startedAt: job.startedAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}

export function validationHandlers(deps: FeatureDeps): FeatureHandlers<keyof typeof validationContract> {
  const { core, jobs } = deps;

  return {
    'validation:run': async ({ id, workspace, baseUrl, timeoutSeconds }) =>
      (await core.load.validation()).validateCredential(core, id, {
        workspace,
        baseUrl,
        ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
      }),

    'validation:after-save': async ({ id, workspace }) => {
      const cred = core.credentials.get(id, workspace);
      const result = await (await core.load.validation()).validateOnSave(core, cred);
      return result ? { credential: { ...core.credentials.get(cred.id, cred.workspaceId) }, result } : {};
    },

    'validation:router-check': async ({ id, workspace, inworld }) => {
      const { credential, result } = await (
        await core.load.validation()
      ).routerCheckCredential(core, id, { workspace, inworld });
      return { ...result, credential };
    },

    'validation:start-all': async ({ workspace, concurrency }, ctx = NO_SENDER) => {
      // Resolves the workspace first so a bad name fails here, not inside the job.
      const workspaceId = core.workspaces.resolve(workspace).id;
      const total = core.credentials.list({ workspace }).length;
      const snap = jobs.start<Progress, unknown>(
        'validate-all',
        async (job) => {
          const counts: Counts = {};
          await (
            await core.load.validation()
          ).validateAll(core, {
            workspace,
            concurrency: concurrency ?? 8,
            signal: job.signal,
            onProgress(done, all, last) {
              const key = last.result?.status ?? 'error';
              counts[key] = (counts[key] ?? 0) + 1;
              job.progress({ done, total: all, counts: { ...counts } });
            },
          });
        },
        {
          key: workspaceId,
          progress: { done: 0, total, counts: {} },
          listener: (e) => ctx.emit('validation:all-progress', progressView(e.job)),
        },
      );
      return progressView(snap);
    },

    'validation:cancel-all': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
