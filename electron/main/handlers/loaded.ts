/**
 * Handlers over a service that loads on first use (jose, age and ws stay unloaded until a request needs
 * them). The service is loaded once, shared by every handler of the set, and handed to each as its first
 * argument, so a handler names it once instead of awaiting the load at each use. A load that fails is
 * tried again on the next request rather than remembered.
 */
import type { IpcChannel, IpcParsed, IpcResponse } from '../../../shared/ipc-contract.js';
import type { CallContext, FeatureHandlers } from '../ipc-types.js';

/** One feature's handlers, each taking the loaded service first. */
export type LoadedHandlers<K extends IpcChannel, S> = {
  [C in K]: (service: S, req: IpcParsed<C>, ctx?: CallContext) => Promise<IpcResponse<C>>;
};

export function overLoaded<K extends IpcChannel, S>(
  load: () => Promise<S>,
  handlers: LoadedHandlers<K, S>,
): FeatureHandlers<K> {
  let loading: Promise<S> | undefined;
  const service = () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
  const out: Partial<Record<K, (req: never, ctx?: CallContext) => Promise<unknown>>> = {};
  for (const channel of Object.keys(handlers) as K[]) {
    const handler = handlers[channel] as (s: S, req: never, ctx?: CallContext) => Promise<unknown>;
    out[channel] = async (req, ctx) => handler(await service(), req, ctx);
  }
  return out as FeatureHandlers<K>;
}
