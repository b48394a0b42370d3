/** `window.keydeck.quick`: one named method per channel of `shared/ipc/quick.ts`. */
import type { Callers } from './callers.js';

export function quickApi(c: Callers) {
  return {
    prefs: {
      get: c.none('prefs:get'),
      favourite: c.call('prefs:favourite'),
      shortcut: c.call('prefs:shortcut'),
    },
    trash: {
      list: c.call('trash:list'),
      restore: c.call('trash:restore'),
      empty: c.call('trash:empty'),
    },
    /** Main asks for the palette (global shortcut, tray); returns the unsubscribe function. */
    onPaletteOpen: c.events('palette:open'),
  };
}
