/**
 * "Where are my keys?": the scan form, the running job (started in main, its progress and report pushed
 * here on `scan:progress`; nothing polls), its report and the pre-commit hook. Findings name files,
 * credentials and fingerprints, never a secret.
 */
import { create } from 'zustand';
import type { ScanJob } from '../../../shared/ipc/work.js';
import { api, toUiError, type UiError } from '../api.js';
import { toast } from './toasts.js';

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

/** The subscription of the scan being watched (one at a time). */
let unsubscribe: (() => void) | undefined;

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
  const stop = () => {
    unsubscribe?.();
    unsubscribe = undefined;
  };

  /** Applies a pushed state of the current scan; at its end, stops listening and tells the user. */
  const apply = (job: ScanJob) => {
    if (get().job?.id !== job.id) return; // another scan (or a newer one replaced this)
    set({ job });
    if (job.state === 'running') return;
    stop();
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
      stop();
      set({ starting: true, error: undefined });
      // Listen before starting: main may push the first steps before `start` answers. Until the id is
      // known, the latest state of each job is kept; then the current one's is applied.
      const early = new Map<string, ScanJob>();
      try {
        unsubscribe = api().work.scan.onProgress((job) => {
          if (get().starting) early.set(job.id, job);
          else apply(job);
        });
        const job = await api().work.scan.start({ path: path.trim(), git, includeIgnored });
        set({ starting: false, job });
        apply(early.get(job.id) ?? job);
      } catch (err) {
        stop();
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
