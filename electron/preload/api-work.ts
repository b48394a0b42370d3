/** `window.keydeck.work`: one named method per channel of `shared/ipc/work.ts`. */
import type { Callers } from './callers.js';

export function workApi(c: Callers) {
  return {
    scan: {
      start: c.call('scan:start'),
      cancel: c.call('scan:cancel'),
      /** The running scan's state, pushed by main; returns the unsubscribe function. */
      onProgress: c.events('scan:progress'),
      hook: c.none('scan:hook'),
      copyHook: c.none('scan:copy-hook'),
    },
    projects: {
      command: c.call('projects:command'),
      copy: c.call('projects:copy'),
      saveFile: c.call('projects:save-file'),
      trust: c.call('projects:trust'),
      allow: c.call('projects:allow'),
      deny: c.call('projects:deny'),
    },
    backup: {
      export: c.call('backup:export'),
      inspect: c.call('backup:inspect'),
      preview: c.call('backup:preview'),
      import: c.call('backup:import'),
      discard: c.call('backup:discard'),
    },
  };
}
