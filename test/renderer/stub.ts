/**
 * A stub `window.keydeck` for store tests (no DOM, no Electron): each test passes only the methods its
 * actions call; anything else throws, so a test sees an unexpected call. Also a credential fixture.
 */
import type { KeydeckApi } from '../../electron/preload/api.js';
import type { Credential } from '../../shared/domain.js';

type Loose = { [k: string]: Loose | ((...args: never[]) => unknown) };

function strict(obj: Loose, path: string): unknown {
  return new Proxy(obj, {
    get(target, prop) {
      if (typeof prop !== 'string') return undefined;
      if (prop === 'then') return undefined;
      const v = target[prop];
      if (v === undefined) throw new Error(`unexpected call: keydeck.${path}${prop}`);
      return typeof v === 'function' ? v : strict(v, `${path}${prop}.`);
    },
  });
}

/** Installs `window.keydeck` with only these methods (nested like the preload: `credentials.list`). */
export function stubKeydeck(impl: Loose): void {
  (globalThis as { window?: unknown }).window = { keydeck: strict(impl, '') as KeydeckApi };
}

/** Removes the bridge, as when the preload did not load. */
export function removeKeydeck(): void {
  (globalThis as { window?: unknown }).window = {};
}

/** A rejection shaped as it reaches the renderer: an Error carrying `code` (and `field` when core names one). */
export function ipcError(code: string, message: string, field?: string): Error {
  return Object.assign(new Error(message), { code, ...(field ? { field } : {}) });
}

let n = 0;
export function credential(over: Partial<Credential> = {}): Credential {
  n += 1;
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id: `id-${n}`,
    name: `Key ${n}`,
    workspaceId: 'ws-1',
    kind: 'standard',
    audience: 'secret',
    provider: 'inworld',
    authScheme: 'basic',
    envVar: 'INWORLD_API_KEY',
    scopes: [],
    writePermissions: [],
    allowedOrigins: [],
    allowedAssistants: [],
    tags: [],
    note: '',
    createdAt: at,
    updatedAt: at,
    displayPrefix: 'abcd',
    fingerprint: `fp${n}`,
    versions: [{ version: 1, status: 'active', createdAt: at, displayPrefix: 'abcd', fingerprint: `fp${n}` }],
    state: 'ok',
    ...over,
  } as Credential;
}
