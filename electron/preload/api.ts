/**
 * The renderer's API, as named methods: one per channel of the contract, never a generic invoke.
 * Built over a transport (Electron's `ipcRenderer.invoke` in the preload; the e2e bridge in tests) so
 * both give the page the exact same `window.keydeck`. Failed calls reject with a `KeydeckIpcError`
 * carrying `{ code, message }`.
 */
import type { IpcChannel, IpcRequest, IpcResponse, IpcResult } from '../../shared/ipc-contract.js';
import { validationApi } from './api-validation.js';
import { jwtApi } from './api-jwt.js';
import { workApi } from './api-work.js';

export type Transport = (channel: IpcChannel, payload: unknown) => Promise<IpcResult<unknown>>;

export class KeydeckIpcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    // contextBridge keeps only an Error's message, so the code travels in it too: `[CODE] message`.
    super(`[${code}] ${message}`);
    this.name = 'KeydeckIpcError';
  }
}

export function buildApi(transport: Transport) {
  const call =
    <C extends IpcChannel>(channel: C) =>
    async (req: IpcRequest<C>): Promise<IpcResponse<C>> => {
      const r = await transport(channel, req);
      if (r && r.ok === true) return r.value as IpcResponse<C>;
      const e = (r && r.ok === false && r.error) || { code: 'INTERNAL', message: 'No answer from Keydeck.' };
      throw new KeydeckIpcError(String(e.code), String(e.message));
    };
  const none =
    <C extends IpcChannel>(channel: C) =>
    () =>
      call(channel)({} as IpcRequest<C>);
  const callers: Callers = { call, none };
  return {
    validation: validationApi(callers),
    jwt: jwtApi(callers),
    work: workApi(callers),
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

/** What a feature's API builder gets: typed callers for its channels. */
export interface Callers {
  call: <C extends IpcChannel>(channel: C) => (req: IpcRequest<C>) => Promise<IpcResponse<C>>;
  none: <C extends IpcChannel>(channel: C) => () => Promise<IpcResponse<C>>;
}
