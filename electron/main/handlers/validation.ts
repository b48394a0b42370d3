/**
 * Handlers for the channels of `shared/ipc/validation.ts`: pure functions over the core (no Electron), so
 * the e2e bridge runs them too. Validation of payloads happens before, in `dispatch`.
 */
import type { validationContract } from '../../../shared/ipc/validation.js';
import type { FeatureHandlers, HandlerDeps } from '../ipc-handlers.js';

export function validationHandlers(_deps: HandlerDeps): FeatureHandlers<keyof typeof validationContract> {
  return {};
}
