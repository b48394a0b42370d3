/** `window.keydeck.validation`: one named method per channel of `shared/ipc/validation.ts`. */
import type { Callers } from './callers.js';

export function validationApi(c: Callers) {
  return {
    run: c.call('validation:run'),
    afterSave: c.call('validation:after-save'),
    routerCheck: c.call('validation:router-check'),
    startAll: c.call('validation:start-all'),
    cancelAll: c.call('validation:cancel-all'),
    /** "Validate all" progress, pushed by main; returns the unsubscribe function. */
    onAllProgress: c.events('validation:all-progress'),
  };
}
