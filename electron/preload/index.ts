/**
 * The preload: exposes `window.keydeck` (named methods only) through contextBridge. Built to one CJS
 * file by scripts/build.mjs so the renderer's sandbox stays on. The renderer's type is this object's.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { IpcResult } from '../../shared/ipc-contract.js';
import { buildApi } from './api.js';

const api = buildApi(
  (channel, payload) => ipcRenderer.invoke(channel, payload) as Promise<IpcResult<unknown>>,
  (channel, listener) => {
    // The page never sees the event object (it holds `sender`): only the payload crosses.
    const onEvent = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, onEvent);
    return () => void ipcRenderer.removeListener(channel, onEvent);
  },
  // A file dropped on the window: its path on disk, for the `.env` import (never its content).
  (file) => webUtils.getPathForFile(file),
);

contextBridge.exposeInMainWorld('keydeck', api);

export type KeydeckWindowApi = typeof api;
