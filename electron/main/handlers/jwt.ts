/**
 * Handlers for the channels of `shared/ipc/jwt.ts`: pure functions over the core (no Electron), so
 * the e2e bridge runs them too. Validation of payloads happens before, in `dispatch`.
 */
import type { jwtContract } from '../../../shared/ipc/jwt.js';
import type { FeatureHandlers, HandlerDeps } from '../ipc-handlers.js';

export function jwtHandlers(_deps: HandlerDeps): FeatureHandlers<keyof typeof jwtContract> {
  return {};
}
