/**
 * The types every handler module shares: the handler map, one feature's slice of it, what handlers are
 * built from, and the context of one call (who asked, and how to push events back to that window only).
 * Its own module so `ipc-handlers.ts` and `handlers/*` both import it and never each other.
 */
import type { Notice } from '../../shared/domain.js';
import type {
  IpcChannel,
  IpcEventChannel,
  IpcEventPayload,
  IpcParsed,
  IpcResponse,
} from '../../shared/ipc-contract.js';
import type { Core, JobRegistry } from '../core/index.js';
import type { ClipboardGuard } from './clipboard-guard.js';
import type { ShortcutStatus } from '../../shared/ipc/quick.js';

/** Where one call came from: events for that call's work go back to this sender only. */
export interface CallContext {
  /** The sender's webContents id (0 when there is none, as in direct calls from tests). */
  senderId: number;
  /** Pushes a one-way event to the sender (dropped once its window is gone). */
  emit<E extends IpcEventChannel>(channel: E, payload: IpcEventPayload<E>): void;
}

/** `ctx` is optional so core-level tests may call a handler directly; handlers that push default to `NO_SENDER`. */
export type IpcHandlers = {
  [C in IpcChannel]: (req: IpcParsed<C>, ctx?: CallContext) => Promise<IpcResponse<C>>;
};
/** The handlers of one feature's channels (a feature module under `handlers/` returns these). */
export type FeatureHandlers<K extends IpcChannel> = Pick<IpcHandlers, K>;

export interface HandlerDeps {
  core: Core;
  clipboard: ClipboardGuard;
  version: string;
  /** Notices from opening the vault at start, shown once by the UI. */
  startupNotices?: () => Notice[];
  /** Long work (scan, validate all, sandbox); one registry per set of handlers when not given. */
  jobs?: JobRegistry;
  /** The global shortcut (main's `quick-access.ts`); absent where there is no Electron (e2e bridge). */
  shortcut?: ShortcutPort;
  /** scrypt's work factor (log2 N) for passphrase backups; core's default (18) when not given. Tests lower it. */
  scryptWorkFactor?: number;
}

/** Registers the global shortcut with the OS; Electron-free so handlers and tests can hold a fake. */
export interface ShortcutPort {
  status(): ShortcutStatus;
  /** Swaps to `accelerator` ('' for none). Keeps the previous one and says why when the OS refuses. */
  apply(accelerator: string): ShortcutStatus;
}

/** What feature handlers get: the deps with the job registry resolved. */
export type FeatureDeps = HandlerDeps & { jobs: JobRegistry };

/** A context that sends nowhere: for calls with no window behind them. */
export const NO_SENDER: CallContext = { senderId: 0, emit: () => undefined };
