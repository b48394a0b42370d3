/**
 * The only way main registers IPC handlers. Each channel of the contract is bound through
 * `registerIpc`, which checks the sender before anything else (fail closed: no frame, a foreign frame or
 * a foreign window is refused) and then hands the raw payload, as `unknown`, to `dispatch`.
 * See https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 *
 * Typed structurally rather than importing 'electron', so tests drive it with plain objects.
 */
import { IPC_CHANNELS, type IpcResult } from '../../shared/ipc-contract.js';
import { dispatch, type IpcHandlers } from './ipc-handlers.js';

export interface SenderFrame {
  url: string;
}
export interface IpcEvent {
  senderFrame: SenderFrame | null;
  sender: { id: number };
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface TrustPolicy {
  /** The app's own URL prefix: `file:///…/dist/renderer/` or the dev server's origin + `/`. */
  appUrl: string;
  /** The ids of the app's own webContents. */
  webContentsIds: () => readonly number[];
}

/** True only for a frame of one of our windows showing our own page. */
export function isTrustedSender(event: IpcEvent, policy: TrustPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || typeof frame.url !== 'string') return false;
  if (!policy.webContentsIds().includes(event.sender.id)) return false;
  let url: URL;
  let app: URL;
  try {
    url = new URL(frame.url);
    app = new URL(policy.appUrl);
  } catch {
    return false;
  }
  if (url.protocol !== app.protocol) return false;
  if (url.protocol === 'file:') return url.pathname.startsWith(app.pathname);
  return url.origin === app.origin;
}

export const FORBIDDEN_SENDER: IpcResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN_SENDER', message: 'This request did not come from the Keydeck window.' },
};

/** Registers every channel of the contract; returns a function that removes them. */
export function registerIpc(ipcMain: IpcMainLike, handlers: IpcHandlers, policy: TrustPolicy): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event, policy)) return FORBIDDEN_SENDER;
      if (args.length > 1) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: `Invalid request for ${channel}.` } };
      }
      return dispatch(handlers, channel, args[0]);
    });
  }
  return () => IPC_CHANNELS.forEach((c) => ipcMain.removeHandler(c));
}
