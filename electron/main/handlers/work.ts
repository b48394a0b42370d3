/**
 * Handlers for the channels of `shared/ipc/work.ts`: pure functions over the core (no Electron), so
 * the e2e bridge runs them too. Validation of payloads happens before, in `dispatch`.
 */
import type { workContract } from '../../../shared/ipc/work.js';
import type { FeatureHandlers, HandlerDeps } from '../ipc-handlers.js';

export function workHandlers(_deps: HandlerDeps): FeatureHandlers<keyof typeof workContract> {
  return {};
}
