/**
 * The renderer's API, as named methods: one per channel of the contract, never a generic invoke, plus
 * one narrow subscription method per event channel. Built over a transport (Electron's
 * `ipcRenderer.invoke`/`on` in the preload; the e2e bridge in tests) so both give the page the exact
 * same `window.keydeck`.
 *
 * Calls resolve with main's envelope, `{ ok: true, value }` or `{ ok: false, error: { code, message,
 * field? } }`, untouched: contextBridge copies plain data whole but strips every property of an Error
 * except its message (electron/electron#25596), so the page's side (`renderer/src/api.ts`) turns a
 * failed envelope into a thrown typed error. Event payloads are parsed by their channel's zod schema
 * before a listener sees them; a payload off the contract is dropped.
 */
import {
  ipcEvents,
  type IpcChannel,
  type IpcEventChannel,
  type IpcRequest,
  type IpcResult,
} from '../../shared/ipc-contract.js';
import { errorPayloadSchema } from '../../shared/ipc/channel.js';
import type { Callers } from './callers.js';
import { validationApi } from './api-validation.js';
import { jwtApi } from './api-jwt.js';
import { workApi } from './api-work.js';
import { quickApi } from './api-quick.js';
import { envImportApi } from './api-env-import.js';
import { teamApi } from './api-team.js';

export type Transport = (channel: IpcChannel, payload: unknown) => Promise<IpcResult<unknown>>;
/** Subscribes to one event channel with a raw listener; returns the unsubscribe function. */
export type Listen = (channel: IpcEventChannel, listener: (payload: unknown) => void) => () => void;

const NO_ANSWER = { code: 'INTERNAL', message: 'No answer from Keydeck.' };

/** Any transport answer as a well-formed envelope (a missing or odd answer becomes INTERNAL). */
export function toEnvelope(r: unknown): IpcResult<unknown> {
  if (r && typeof r === 'object' && (r as { ok?: unknown }).ok === true) {
    return { ok: true, value: (r as { value?: unknown }).value };
  }
  const e = r && typeof r === 'object' ? (r as { error?: unknown }).error : undefined;
  if (e && typeof e === 'object') {
    const { code, message, field, issues } = e as Record<string, unknown>;
    if (typeof code === 'string' && typeof message === 'string') {
      // Several problems of one request travel as `issues`, checked against the error schema.
      const many = errorPayloadSchema.shape.issues.safeParse(issues);
      return {
        ok: false,
        error: {
          code,
          message,
          ...(typeof field === 'string' ? { field } : {}),
          ...(many.success && many.data ? { issues: many.data } : {}),
        },
      };
    }
  }
  return { ok: false, error: NO_ANSWER };
}

/** A dropped file's path: Electron's `webUtils.getPathForFile` in the preload; none elsewhere. */
export type PathForFile = (file: File) => string;

export function buildApi(
  transport: Transport,
  listen: Listen = () => () => undefined,
  pathForFile: PathForFile = () => '',
) {
  const call: Callers['call'] = (channel) => async (req) => {
    try {
      return toEnvelope(await transport(channel, req)) as never;
    } catch {
      return { ok: false, error: NO_ANSWER };
    }
  };
  const none: Callers['none'] = (channel) => () => call(channel)({} as IpcRequest<typeof channel>);
  const events: Callers['events'] = (channel) => (listener) =>
    listen(channel, (payload) => {
      const r = ipcEvents[channel].payload.safeParse(payload);
      if (r.success) listener(r.data as Parameters<typeof listener>[0]);
    });
  const callers: Callers = { call, none, events };
  return {
    validation: validationApi(callers),
    jwt: jwtApi(callers),
    work: workApi(callers),
    quick: quickApi(callers),
    envImport: envImportApi(callers, pathForFile),
    team: teamApi(callers),
    app: { info: none('app:info') },
    workspaces: {
      list: none('workspaces:list'),
      add: call('workspaces:add'),
      use: call('workspaces:use'),
      remove: call('workspaces:remove'),
    },
    credentials: {
      list: call('credentials:list'),
      get: call('credentials:get'),
      create: call('credentials:create'),
      update: call('credentials:update'),
      rotate: call('credentials:rotate'),
      retire: call('credentials:retire'),
      delete: call('credentials:delete'),
      copy: call('credentials:copy'),
      reveal: call('credentials:reveal'),
    },
    clipboard: { clear: none('clipboard:clear') },
    useLog: { list: call('uselog:list') },
    settings: { get: none('settings:get'), update: call('settings:update') },
  };
}

export type KeydeckApi = ReturnType<typeof buildApi>;
