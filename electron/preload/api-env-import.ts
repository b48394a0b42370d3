/** `window.keydeck.envImport`: the `.env` import channels of `shared/ipc/env-import.ts`. */
import type { Callers } from './callers.js';

export function envImportApi(c: Callers, pathForFile: (file: File) => string) {
  return {
    preview: c.call('env-import:preview'),
    apply: c.call('env-import:apply'),
    /** The path of a file dropped on the window ('' when it has none, e.g. dragged from a browser). */
    pathForFile,
  };
}
