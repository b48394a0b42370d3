/** `window.keydeck.jwt`: one named method per channel of `shared/ipc/jwt.ts`. */
import type { Callers } from './api.js';

export function jwtApi(_c: Callers) {
  return {};
}
