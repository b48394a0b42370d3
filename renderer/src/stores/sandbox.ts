/**
 * The realtime sandbox screen: the server's status (it runs in main), its event log (polled with
 * `since`, so each poll brings only new events) and the connection tester's last result.
 */
import { create } from 'zustand';
import type { ConnectionTestView, SandboxEventView, SandboxStatus } from '../../../shared/ipc/jwt.js';
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import { api, toUiError, type UiError } from '../api.js';
import { useApp } from './app.js';
import { toast } from './toasts.js';

export type StartForm = Omit<IpcRequest<'sandbox:start'>, 'workspace'>;
export type TestForm = Omit<IpcRequest<'sandbox:test'>, 'workspace'>;

/** Events the screen keeps (the server keeps its own 500). */
const KEEP = 500;

export interface SandboxState {
  readonly status: SandboxStatus;
  readonly events: readonly SandboxEventView[];
  /** The last seq seen. */
  readonly since: number;
  readonly starting: boolean;
  readonly startError?: UiError;
  readonly testing: boolean;
  readonly test?: ConnectionTestView;
  readonly testError?: UiError;
  poll(): Promise<void>;
  start(form: StartForm): Promise<void>;
  stop(): Promise<void>;
  runTest(form: TestForm): Promise<void>;
  clearLog(): void;
}

/** The state before anything has loaded: the store starts from it, and tests start from it. */
export function getEmptyState(): Pick<SandboxState, 'status' | 'events' | 'since' | 'starting' | 'testing'> {
  return {
    status: { running: false, connections: 0 },
    events: [],
    since: 0,
    starting: false,
    testing: false,
  };
}

export const useSandbox = create<SandboxState>()((set, get) => ({
  ...getEmptyState(),

  async poll() {
    try {
      const r = await api().jwt.sandbox.events({ since: get().since });
      // Polls overlap (the timer and an action's own refresh): keep each event once, by seq.
      const seen = get().since;
      const fresh = r.events.filter((e) => e.seq > seen);
      const events = fresh.length ? [...get().events, ...fresh].slice(-KEEP) : get().events;
      set({ events, since: Math.max(seen, r.next), status: r.status });
    } catch {
      // A failed poll is retried on the next tick.
    }
  },

  async start(form) {
    set({ starting: true });
    try {
      const status = await api().jwt.sandbox.start({ ...form, workspace: useApp.getState().activeId });
      set({ status, starting: false, startError: undefined });
      toast.success('Sandbox running', status.url);
      await get().poll();
    } catch (err) {
      set({ starting: false, startError: toUiError(err) });
    }
  },

  async stop() {
    try {
      await api().jwt.sandbox.stop();
      await get().poll();
      toast.info('Sandbox stopped');
    } catch (err) {
      toast.error('Could not stop the sandbox', toUiError(err));
    }
  },

  async runTest(form) {
    set({ testing: true });
    try {
      const test = await api().jwt.sandbox.test({ ...form, workspace: useApp.getState().activeId });
      set({ test, testError: undefined, testing: false });
      await get().poll();
    } catch (err) {
      set({ test: undefined, testError: toUiError(err), testing: false });
    }
  },

  clearLog() {
    set({ events: [] });
  },
}));
