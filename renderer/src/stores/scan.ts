/**
 * "Where are my keys?": the scan form, the running job (started in main, polled here for progress),
 * its report and the pre-commit hook. Findings name files, credentials and fingerprints, never a secret.
 */
import { create } from 'zustand';
import type { ScanJob } from '../../../shared/ipc/work.js';
import { api, toUiError, type UiError } from '../api.js';
import { toast } from './toasts.js';

export const POLL_MS = 150;

export interface ScanState {
  readonly path: string;
  readonly git: boolean;
  readonly includeIgnored: boolean;
  readonly job?: ScanJob;
  readonly starting: boolean;
  readonly error?: UiError;
  readonly hook?: { text: string; install: string };
  setPath(path: string): void;
  setOption(key: 'git' | 'includeIgnored', on: boolean): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
  loadHook(): Promise<void>;
  copyHook(): Promise<void>;
}

let pollTimer: ReturnType<typeof setTimeout> | undefined;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The state before anything has loaded: the store starts from it, and tests start from it. */
export function getEmptyState(): Pick<ScanState, 'path' | 'git' | 'includeIgnored' | 'starting'> {
  return {
    path: '',
    git: false,
    includeIgnored: false,
    starting: false,
  };
}

export const useScan = create<ScanState>()((set, get) => {
  const poll = async (jobId: string) => {
    pollTimer = undefined;
    let job: ScanJob;
    try {
      job = await api().work.scan.status({ jobId });
    } catch (err) {
      set({ error: toUiError(err) });
      return;
    }
    if (get().job?.id !== jobId) return; // a newer scan replaced this one
    set({ job });
    if (job.state === 'running') {
      pollTimer = setTimeout(() => void poll(jobId), POLL_MS);
      return;
    }
    if (job.state === 'failed' && job.error) {
      set({ error: job.error });
      toast.error('The scan failed', job.error);
    } else if (job.state === 'cancelled') {
      toast.info('Scan cancelled');
    } else if (job.report) {
      const n = job.report.findingsTotal;
      if (n)
        toast.error('Keys found', {
          code: 'LEAK',
          message: `${plural(n, 'place')} ${n === 1 ? 'holds' : 'hold'} one of your stored keys.`,
        });
      else toast.success('Nothing found', `None of your keys appear in ${plural(job.report.files, 'file')}.`);
    }
  };

  return {
    ...getEmptyState(),
    setPath(path) {
      set({ path, error: undefined });
    },
    setOption(key, on) {
      set({ [key]: on } as Pick<ScanState, typeof key>);
    },
    async start() {
      const { path, git, includeIgnored } = get();
      if (!path.trim()) {
        set({ error: { code: 'INVALID_INPUT', message: 'Give the folder to scan, like ~/projects/app.' } });
        return;
      }
      if (pollTimer) clearTimeout(pollTimer);
      set({ starting: true, error: undefined });
      try {
        const { jobId } = await api().work.scan.start({ path: path.trim(), git, includeIgnored });
        set({
          starting: false,
          job: {
            id: jobId,
            path: path.trim(),
            git,
            state: 'running',
            progress: { phase: 'reading-keychain', files: 0, bytes: 0, findings: 0 },
            startedAt: new Date().toISOString(),
          },
        });
        await poll(jobId);
      } catch (err) {
        set({ starting: false, error: toUiError(err) });
      }
    },
    async cancel() {
      const job = get().job;
      if (!job || job.state !== 'running') return;
      try {
        await api().work.scan.cancel({ jobId: job.id });
      } catch (err) {
        toast.error('Could not cancel the scan', toUiError(err));
      }
    },
    async loadHook() {
      if (get().hook) return;
      try {
        set({ hook: await api().work.scan.hook() });
      } catch (err) {
        toast.error('Could not load the pre-commit hook', toUiError(err));
      }
    },
    async copyHook() {
      try {
        const r = await api().work.scan.copyHook();
        toast.success('Pre-commit hook copied', `The clipboard clears in ${r.clearAfterSeconds}s.`);
      } catch (err) {
        toast.error('Could not copy the hook', toUiError(err));
      }
    },
  };
});
