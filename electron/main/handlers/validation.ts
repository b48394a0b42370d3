/**
 * Handlers for the channels of `shared/ipc/validation.ts`: pure functions over the core (no Electron), so
 * the e2e bridge runs them too. Validation of payloads happens before, in `dispatch`.
 *
 * "Validate all" is a job: IPC is request/response, so `validation:start-all` starts it and returns its
 * progress (with an id), and the renderer polls `validation:progress`. One job per workspace runs at a
 * time (starting again returns the running one); finished jobs are kept briefly for the last poll.
 */
import { randomUUID } from 'node:crypto';
import type { validationContract, ValidateAllProgress } from '../../../shared/ipc/validation.js';
import { KeydeckError, toErrorPayload } from '../../../shared/errors.js';
import { routerCheckCredential, validateAll, validateCredential, validateOnSave } from '../../core/validation/index.js';
import { resolveWorkspace } from '../../core/workspaces.js';
import type { FeatureHandlers, HandlerDeps } from '../ipc-handlers.js';

/** Finished jobs kept for polling. */
const KEEP_FINISHED = 16;

export function validationHandlers(deps: HandlerDeps): FeatureHandlers<keyof typeof validationContract> {
  const { core } = deps;
  const jobs = new Map<string, ValidateAllProgress & { workspaceId: string }>();

  const snapshot = (job: ValidateAllProgress & { workspaceId: string }): ValidateAllProgress => {
    const { workspaceId: _ws, ...rest } = job;
    return { ...rest, counts: { ...rest.counts } };
  };

  const prune = () => {
    const finished = [...jobs.values()].filter((j) => j.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(j.jobId);
  };

  return {
    'validation:run': async ({ id, workspace, baseUrl, timeoutSeconds }) =>
      validateCredential(core, id, {
        workspace,
        baseUrl,
        ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
      }),

    'validation:after-save': async ({ id, workspace }) => {
      const cred = core.credentials.get(id, workspace);
      const result = await validateOnSave(core, cred);
      return result ? { credential: { ...core.credentials.get(cred.id, cred.workspaceId) }, result } : {};
    },

    'validation:router-check': async ({ id, workspace, inworld }) => {
      const { credential, result } = await routerCheckCredential(core, id, { workspace, inworld });
      return { ...result, credential };
    },

    'validation:start-all': async ({ workspace, concurrency }) => {
      // Resolves the workspace first so a bad name fails here, not inside the job.
      const workspaceId = resolveWorkspace(core.catalog.read(), workspace).id;
      const running = [...jobs.values()].find((j) => j.state === 'running' && j.workspaceId === workspaceId);
      if (running) return snapshot(running);
      const job: ValidateAllProgress & { workspaceId: string } = {
        jobId: randomUUID(),
        workspaceId,
        state: 'running',
        done: 0,
        total: core.credentials.list({ workspace }).length,
        counts: {},
        startedAt: new Date().toISOString(),
      };
      jobs.set(job.jobId, job);
      prune();
      void validateAll(core, {
        workspace,
        concurrency: concurrency ?? 8,
        onProgress(done, total, last) {
          job.done = done;
          job.total = total;
          const key = last.result?.status ?? 'error';
          job.counts[key] = (job.counts[key] ?? 0) + 1;
        },
      }).then(
        () => {
          job.state = 'done';
          job.finishedAt = new Date().toISOString();
        },
        (err: unknown) => {
          job.state = 'failed';
          job.error = toErrorPayload(err);
          job.finishedAt = new Date().toISOString();
        },
      );
      return snapshot(job);
    },

    'validation:progress': async ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw new KeydeckError('INVALID_INPUT', 'No such validation job (it finished long ago or never ran).');
      return snapshot(job);
    },
  };
}
