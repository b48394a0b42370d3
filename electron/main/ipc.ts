/**
 * The only way main registers IPC handlers. Each channel of the contract is bound through
 * `registerIpc`, which checks the sender before anything else (fail closed: no frame, a foreign frame or
 * a foreign window is refused) and then hands the raw payload, as `unknown`, to `dispatch`.
 * See https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 *
 * Typed structurally rather than importing 'electron', so tests drive it with plain objects.
 */
import { IPC_CHANNELS, ipcEvents, type IpcResult } from '../../shared/ipc-contract.js';
import { dispatch } from './ipc-handlers.js';
import type { CallContext, IpcHandlers } from './ipc-types.js';

export interface SenderFrame {
  url: string;
}
/** The sending webContents, as far as main uses it: its id, and `send` for one-way events. */
export interface SenderLike {
  id: number;
  send?(channel: string, payload: unknown): void;
  isDestroyed?(): boolean;
}
export interface IpcEvent {
  senderFrame: SenderFrame | null;
  sender: SenderLike;
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

/**
 * The context of one trusted call: events go to that call's sender only (never broadcast to every
 * window), are checked against their channel's schema first (main never sends off the contract), and
 * are dropped once the sender is gone.
 */
export function senderContext(sender: SenderLike): CallContext {
  return {
    senderId: sender.id,
    emit(channel, payload) {
      if (!sender.send || sender.isDestroyed?.()) return;
      const r = ipcEvents[channel].payload.safeParse(payload);
      if (!r.success) {
        console.warn(`Keydeck dropped an off-contract ${channel} event.`);
        return;
      }
      sender.send(channel, r.data);
    },
  };
}

/** Registers every channel of the contract; returns a function that removes them. */
export function registerIpc(ipcMain: IpcMainLike, handlers: IpcHandlers, policy: TrustPolicy): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event, policy)) return FORBIDDEN_SENDER;
      if (args.length > 1) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: `Invalid request for ${channel}.` } };
      }
      return dispatch(handlers, channel, args[0], senderContext(event.sender));
    });
  }
  return () => IPC_CHANNELS.forEach((c) => ipcMain.removeHandler(c));
}
