/** `window.keydeck.validation`: one named method per channel of `shared/ipc/validation.ts`. */
import type { Callers } from './api.js';

export function validationApi(c: Callers) {
  return {
    run: c.call('validation:run'),
    afterSave: c.call('validation:after-save'),
    routerCheck: c.call('validation:router-check'),
    startAll: c.call('validation:start-all'),
    progress: c.call('validation:progress'),
  };
}
