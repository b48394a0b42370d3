/**
 * The realtime sandbox screen: the server's status (it runs in main), its event log and the connection
 * tester's last result. Main pushes each new log line on `sandbox:event` (nothing polls); the log so far
 * is read once when the screen connects (with `since`, so only lines not yet seen).
 */
import { create } from 'zustand';
import type {
  ConnectionTestView,
  SandboxEventView,
  SandboxRecordingView,
  SandboxStatus,
} from '../../../shared/ipc/jwt.js';
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
  /** Recordings of this app session (recorded by the sandbox or added by the user). */
  readonly recordings: readonly SandboxRecordingView[];
  readonly recordingError?: UiError;
  loadRecordings(): Promise<void>;
  /** Adds a recording file (checked by the core in main first). */
  addRecording(file: string): Promise<void>;
  /** Starts the sandbox serving a recording as the server's side (the CLI's `sandbox replay`). */
  replay(file: string): Promise<void>;
  /** Reads the status and the log lines not seen yet, once. */
  refresh(): Promise<void>;
  /** Listens for pushed lines and reads what was missed; returns the function that stops listening. */
  connect(): () => void;
  start(form: StartForm): Promise<void>;
  stop(): Promise<void>;
  runTest(form: TestForm): Promise<void>;
  /** Copies the running sandbox's WebSocket, JWKS or token URL (through main's clipboard). */
  copyUrl(what: 'ws' | 'jwks' | 'token'): Promise<void>;
  clearLog(): void;
}

/** Adds lines to the log: each `seq` once, in order, the last KEEP kept. */
function merge(log: readonly SandboxEventView[], more: readonly SandboxEventView[]): readonly SandboxEventView[] {
  const seen = new Set(log.map((e) => e.seq));
  const fresh = more.filter((e) => !seen.has(e.seq));
  if (!fresh.length) return log;
  return [...log, ...fresh].sort((a, b) => a.seq - b.seq).slice(-KEEP);
}

/** The state before anything has loaded: the store starts from it, and tests start from it. */
export function getEmptyState(): Pick<
  SandboxState,
  'status' | 'events' | 'since' | 'starting' | 'testing' | 'recordings'
> {
  return {
    recordings: [],
    status: { running: false, connections: 0 },
    events: [],
    since: 0,
    starting: false,
    testing: false,
  };
}

export const useSandbox = create<SandboxState>()((set, get) => ({
  ...getEmptyState(),

  async refresh() {
    try {
      const r = await api().jwt.sandbox.events({ since: get().since });
      set({ events: merge(get().events, r.events), since: Math.max(get().since, r.next), status: r.status });
    } catch {
      // The next pushed line or the next screen visit brings the log up to date.
    }
  },

  connect() {
    const off = api().jwt.sandbox.onEvent(({ event, status }) => {
      if (!event) set({ status });
      else set({ status, events: merge(get().events, [event]), since: Math.max(get().since, event.seq) });
    });
    void get().refresh();
    return off;
  },

  async start(form) {
    set({ starting: true });
    try {
      const status = await api().jwt.sandbox.start({ ...form, workspace: useApp.getState().activeId });
      set({ status, starting: false, startError: undefined });
      toast.success('Sandbox running', status.url);
      await get().refresh();
    } catch (err) {
      set({ starting: false, startError: toUiError(err) });
    }
  },

  async loadRecordings() {
    try {
      const r = await api().jwt.sandbox.recordings();
      set({ recordings: r.recordings });
    } catch (err) {
      set({ recordingError: toUiError(err) });
    }
  },

  async addRecording(file) {
    try {
      const r = await api().jwt.sandbox.addRecording({ file });
      set({ recordings: r.recordings, recordingError: undefined });
    } catch (err) {
      set({ recordingError: toUiError(err) });
    }
  },

  async replay(file) {
    if (get().status.running) await get().stop();
    await get().start({ port: 0, replay: file });
    const error = get().startError;
    set({ recordingError: error });
  },

  async stop() {
    try {
      await api().jwt.sandbox.stop();
      await get().refresh();
      await get().loadRecordings();
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
      await get().refresh();
    } catch (err) {
      set({ test: undefined, testError: toUiError(err), testing: false });
    }
  },

  async copyUrl(what) {
    try {
      const r = await api().jwt.sandbox.copy({ what });
      toast.success(`Copied the ${what === 'ws' ? 'WebSocket' : what === 'jwks' ? 'JWKS' : 'token'} URL`, r.url);
    } catch (err) {
      toast.error('Could not copy', toUiError(err));
    }
  },

  clearLog() {
    set({ events: [] });
  },
}));
