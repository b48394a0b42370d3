/**
 * Validation in the app: validate one credential now, the BYOK router check, "validate all" (a job in
 * main whose progress main pushes on `validation:all-progress`; nothing polls), and validate-on-save
 * after a create or rotate. Results are metadata (status, HTTP status, time, scrubbed detail); no secret
 * ever reaches this store.
 *
 * Credentials changed here reach the credentials store through `credential-updates` (that store
 * imports this one, so this one never imports it back).
 */
import { create } from 'zustand';
import type { Credential, ValidationResult } from '../../../shared/domain.js';
import type { RouterCheckView, ValidateAllProgress } from '../../../shared/ipc/validation.js';
import { api, toUiError, type UiError } from '../api.js';
import { useApp } from './app.js';
import { credentialChanged, credentialsStale } from './credential-updates.js';
import { toast } from './toasts.js';

/** The concurrency the app asks for. */
export const VALIDATE_ALL_CONCURRENCY = 8;

export const STATUS_LABEL: Record<string, string> = {
  valid: 'Valid',
  invalid: 'Invalid key',
  forbidden: 'Forbidden',
  rate_limited: 'Rate limited',
  no_credit: 'No credit',
  unreachable: 'Unreachable',
  timeout: 'Timed out',
  unexpected: 'Unexpected reply',
  error: 'Not checked',
};

export type RouterCheckState = { view: RouterCheckView } | { error: UiError };

export interface ValidationState {
  /** Credential ids with a probe in flight. */
  readonly running: Readonly<Record<string, true>>;
  /** Why the last probe of a credential could not be made (secret missing, bad base URL…). */
  readonly errors: Readonly<Record<string, UiError>>;
  readonly routerRunning: Readonly<Record<string, true>>;
  readonly router: Readonly<Record<string, RouterCheckState>>;
  readonly job?: ValidateAllProgress;
  validate(id: string): Promise<void>;
  routerCheck(id: string): Promise<void>;
  validateAll(): Promise<void>;
  /** Called after a create or rotate succeeded; validates when the setting is on. */
  afterSave(cred: Credential): Promise<void>;
}

const workspace = () => useApp.getState().activeId;

/** One line for a result, for toasts and screen readers. */
export function describeResult(r: ValidationResult): string {
  const label = STATUS_LABEL[r.status] ?? r.status;
  return r.httpStatus !== undefined ? `${label} (HTTP ${r.httpStatus})` : label;
}

function announce(name: string, r: ValidationResult) {
  const title = `“${name}”: ${describeResult(r)}`;
  if (r.status === 'valid') toast.success(title, r.detail);
  else toast.error(title, { code: r.status.toUpperCase(), message: r.detail ?? describeResult(r) });
}

function without<T>(rec: Readonly<Record<string, T>>, id: string): Record<string, T> {
  const next = { ...rec };
  delete next[id];
  return next;
}

/** The subscription of the "validate all" being watched. */
let unsubscribe: (() => void) | undefined;

/** The state before anything has loaded: the store starts from it, and tests start from it. */
export function getEmptyState(): Pick<ValidationState, 'running' | 'errors' | 'routerRunning' | 'router'> {
  return {
    running: {},
    errors: {},
    routerRunning: {},
    router: {},
  };
}

export const useValidation = create<ValidationState>()((set, get) => ({
  ...getEmptyState(),
  async validate(id) {
    if (get().running[id]) return;
    set({ running: { ...get().running, [id]: true }, errors: without(get().errors, id) });
    try {
      const r = await api().validation.run({ id, workspace: workspace() });
      credentialChanged(r.credential);
      announce(r.credential.name, r.result);
    } catch (err) {
      const e = toUiError(err);
      set({ errors: { ...get().errors, [id]: e } });
      toast.error('Could not validate', e);
    } finally {
      set({ running: without(get().running, id) });
    }
  },
  async routerCheck(id) {
    if (get().routerRunning[id]) return;
    set({ routerRunning: { ...get().routerRunning, [id]: true } });
    try {
      const view = await api().validation.routerCheck({ id, workspace: workspace() });
      // The result is stored on the credential too, so the card shows it on later visits.
      credentialChanged(view.credential);
      set({ router: { ...get().router, [id]: { view } } });
      if (view.outcome === 'byok') toast.success('Router used your key (byok)', view.detail);
      else if (view.outcome === 'system') toast.info('Router fell back to Inworld’s key (system)', view.detail);
      else
        toast.error('Router check failed', { code: (view.callStatus ?? 'failed').toUpperCase(), message: view.detail });
    } catch (err) {
      const e = toUiError(err);
      set({ router: { ...get().router, [id]: { error: e } } });
      toast.error('Could not run the router check', e);
    } finally {
      set({ routerRunning: without(get().routerRunning, id) });
    }
  },
  async validateAll() {
    if (get().job?.state === 'running') return;
    unsubscribe?.();
    let jobId: string | undefined;
    let latest: ValidateAllProgress | undefined;
    const apply = async (p: ValidateAllProgress) => {
      set({ job: p });
      if (p.state === 'running') return;
      unsubscribe?.();
      unsubscribe = undefined;
      await credentialsStale();
      if (p.state === 'failed') toast.error('Validate all failed', p.error ?? { code: 'INTERNAL', message: '' });
      else if (p.state === 'cancelled') toast.info('Validate all stopped', summarize(p) || undefined);
      else toast.success(`Validated ${p.total} credential${p.total === 1 ? '' : 's'}`, summarize(p));
    };
    // Listen before starting: main may push steps before `startAll` answers with the job's id.
    try {
      unsubscribe = api().validation.onAllProgress((p) => {
        if (jobId === undefined) latest = p;
        else if (p.jobId === jobId) void apply(p);
      });
      const job = await api().validation.startAll({ workspace: workspace(), concurrency: VALIDATE_ALL_CONCURRENCY });
      jobId = job.jobId;
      await apply(latest?.jobId === job.jobId ? latest : job);
    } catch (err) {
      unsubscribe?.();
      unsubscribe = undefined;
      toast.error('Could not start validate all', toUiError(err));
    }
  },
  async afterSave(cred) {
    if (useApp.getState().settings?.validateOnSave === false) return;
    set({ running: { ...get().running, [cred.id]: true }, errors: without(get().errors, cred.id) });
    try {
      const r = await api().validation.afterSave({ id: cred.id, workspace: workspace() });
      if (r.credential && r.result) {
        credentialChanged(r.credential);
        announce(r.credential.name, r.result);
      }
    } catch (err) {
      const e = toUiError(err);
      set({ errors: { ...get().errors, [cred.id]: e } });
      toast.error(`Saved, but could not validate “${cred.name}”`, e);
    } finally {
      set({ running: without(get().running, cred.id) });
    }
  },
}));

const ORDER = Object.keys(STATUS_LABEL);
/** Short, lower-case forms for the one-line summary beside the progress bar and the list badges. */
export const SHORT_LABEL: Record<string, string> = {
  valid: 'valid',
  invalid: 'invalid',
  forbidden: 'forbidden',
  rate_limited: 'rate limited',
  no_credit: 'no credit',
  unreachable: 'unreachable',
  timeout: 'timed out',
  unexpected: 'unexpected',
  error: 'not checked',
};

/** "3 valid · 1 invalid key" from a job's counts, most common first. */
export function summarize(p: ValidateAllProgress): string {
  return Object.entries(p.counts)
    .filter(([, n]) => n)
    .sort((a, b) => b[1]! - a[1]! || ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]))
    .map(([k, n]) => `${n} ${SHORT_LABEL[k] ?? k}`)
    .join(' · ');
}
