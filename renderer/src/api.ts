/**
 * The bridge the preload exposes. Only the stores use it; components call store actions.
 * Its type is derived from the preload's own object, so the two cannot drift.
 *
 * The preload answers every call with main's envelope (`{ ok: true, value }` or `{ ok: false, error }`,
 * plain data, so it crosses contextBridge whole). `api()` unwraps it here, in the page's own world: a
 * failure is thrown as an `IpcError` carrying `{ code, message, field? }` as properties. Nothing is
 * parsed back out of a message.
 */
import type { KeydeckApi } from '../../electron/preload/api.js';
import type { IpcResult } from '../../shared/ipc-contract.js';
import type { InputIssue } from '../../shared/errors.js';

declare global {
  interface Window {
    keydeck?: KeydeckApi;
  }
}

/** An error as the UI shows it: a form puts it beside `field` when there is one. */
export interface UiError {
  code: string;
  message: string;
  field?: string;
  /** Every problem of the request, each with its field, when there were several. */
  issues?: InputIssue[];
}

/** What a failed call throws. */
export class IpcError extends Error implements UiError {
  override readonly name = 'IpcError';
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly issues?: InputIssue[],
  ) {
    super(message);
  }
}

function issuesOf(raw: unknown): InputIssue[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out = raw.flatMap((i: unknown) => {
    const x = i as { field?: unknown; message?: unknown };
    if (!x || typeof x.message !== 'string') return [];
    return [typeof x.field === 'string' ? { field: x.field, message: x.message } : { message: x.message }];
  });
  return out.length ? out : undefined;
}

/** The preload's object with each call's envelope unwrapped (subscriptions pass through as they are). */
export type Unwrapped<T> = T extends (...args: infer A) => Promise<IpcResult<infer R>>
  ? (...args: A) => Promise<R>
  : T extends (...args: infer A) => infer R
    ? (...args: A) => R
    : { [K in keyof T]: Unwrapped<T[K]> };

function isEnvelope(v: unknown): v is IpcResult<unknown> {
  return !!v && typeof v === 'object' && typeof (v as { ok?: unknown }).ok === 'boolean';
}

/** Unwraps one answer: the value, or an `IpcError` thrown with the error's own fields. */
export function unwrap<T>(r: IpcResult<T> | undefined): T {
  if (r && r.ok === true) return r.value;
  const e = r && r.ok === false ? r.error : undefined;
  if (!e) throw new IpcError('INTERNAL', 'No answer from Keydeck.');
  throw new IpcError(
    String(e.code),
    String(e.message),
    typeof e.field === 'string' ? e.field : undefined,
    issuesOf((e as { issues?: unknown }).issues),
  );
}

function wrap(node: unknown): unknown {
  if (typeof node === 'function') {
    const fn = node as (...a: unknown[]) => unknown;
    return (...args: unknown[]) => {
      const r = fn(...args);
      if (r && typeof (r as Promise<unknown>).then === 'function') {
        return (r as Promise<unknown>).then((v) => (isEnvelope(v) ? unwrap(v) : v));
      }
      return r;
    };
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, wrap(v)]));
  }
  return node;
}

const wrapped = new WeakMap<object, unknown>();

/** Unwraps a bridge object (exported for tests; the page uses `api()`). */
export function unwrapApi(bridge: KeydeckApi): Unwrapped<KeydeckApi> {
  let w = wrapped.get(bridge);
  if (!w) wrapped.set(bridge, (w = wrap(bridge)));
  return w as Unwrapped<KeydeckApi>;
}

export function api(): Unwrapped<KeydeckApi> {
  const k = window.keydeck;
  if (!k) throw new IpcError('NO_BRIDGE', 'Keydeck is not connected (no preload).');
  return unwrapApi(k);
}

/** Any rejection as `{ code, message, field? }`: typed errors keep their fields; anything else is INTERNAL. */
export function toUiError(err: unknown): UiError {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; field?: unknown; issues?: unknown };
    const message = typeof e.message === 'string' && e.message ? e.message : 'Something went wrong.';
    const code = typeof e.code === 'string' && e.code ? e.code : 'INTERNAL';
    const issues = issuesOf(e.issues);
    return {
      code,
      message,
      ...(typeof e.field === 'string' ? { field: e.field } : {}),
      ...(issues ? { issues } : {}),
    };
  }
  return { code: 'INTERNAL', message: String(err) };
}
