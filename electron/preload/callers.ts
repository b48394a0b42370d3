/**
 * What a feature's API builder gets: typed callers for its channels and a subscriber for its event
 * channels. Its own module so `api.ts` and `api-*.ts` import it and never each other.
 */
import type {
  IpcChannel,
  IpcEventChannel,
  IpcEventPayload,
  IpcRequest,
  IpcResponse,
  IpcResult,
} from '../../shared/ipc-contract.js';

/** A call's answer as it crosses contextBridge: plain data, so `{ code, message, field? }` arrives whole. */
export type Reply<T> = Promise<IpcResult<T>>;

export interface Callers {
  call: <C extends IpcChannel>(channel: C) => (req: IpcRequest<C>) => Reply<IpcResponse<C>>;
  none: <C extends IpcChannel>(channel: C) => () => Reply<IpcResponse<C>>;
  /** A narrow subscription to one event channel; returns the unsubscribe function. */
  events: <E extends IpcEventChannel>(channel: E) => (listener: (payload: IpcEventPayload<E>) => void) => () => void;
}
