/** `window.keydeck.team`: one named method per channel of `shared/ipc/team.ts`. */
import type { Callers } from './callers.js';

export function teamApi(c: Callers) {
  return {
    status: c.call('team:status'),
    marks: c.call('team:marks'),
    share: c.call('team:share'),
    sync: c.call('team:sync'),
    copyRecipient: c.none('team:copy-recipient'),
  };
}
