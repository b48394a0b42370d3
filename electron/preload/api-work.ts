/** `window.keydeck.work`: one named method per channel of `shared/ipc/work.ts`. */
import type { Callers } from './api.js';

export function workApi(_c: Callers) {
  return {};
}
