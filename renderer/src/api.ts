/**
 * The bridge the preload exposes. Only the stores use it; components call store actions.
 * Its type is the preload's own object, so the two cannot drift.
 */
import type { KeydeckApi } from '../../electron/preload/api.js';

declare global {
  interface Window {
    keydeck?: KeydeckApi;
  }
}

export function api(): KeydeckApi {
  const k = window.keydeck;
  if (!k) throw Object.assign(new Error('Keydeck is not connected (no preload).'), { code: 'NO_BRIDGE' });
  return k;
}

export interface UiError {
  code: string;
  message: string;
}

/** Any rejection as `{ code, message }` (contextBridge keeps only an Error's message). */
export function toUiError(err: unknown): UiError {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown };
    const message = typeof e.message === 'string' ? e.message : 'Something went wrong.';
    const m = /^(?:Error invoking remote method '[^']+': )?(?:KeydeckIpcError: )?\[([A-Z_]+)\] (.*)$/s.exec(message);
    if (m) return { code: m[1]!, message: m[2]! };
    if (typeof e.code === 'string') return { code: e.code, message };
    return { code: 'INTERNAL', message };
  }
  return { code: 'INTERNAL', message: String(err) };
}
