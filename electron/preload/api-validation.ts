/** `window.keydeck.validation`: one named method per channel of `shared/ipc/validation.ts`. */
import type { Callers } from './api.js';

export function validationApi(_c: Callers) {
  return {};
}
