/**
 * Handlers for the channels of `shared/ipc/team.ts` (issue 13): pure functions over the core's team
 * service (no Electron), so the e2e bridge runs them too. Payloads are validated before, in `dispatch`.
 * The service (git and age) loads on the first team request (`overLoaded`). Sync is one call (the team
 * service holds its own lock); the button that starts it stays busy and keeps focus.
 */
import type { teamContract, TeamMarksView } from '../../../shared/ipc/team.js';
import type { Core, TeamService } from '../../core/index.js';
import type { FeatureDeps, FeatureHandlers } from '../ipc-types.js';
import { overLoaded } from './loaded.js';

async function marksOf(core: Core, team: TeamService, workspace?: string): Promise<TeamMarksView> {
  const { store } = await team.linkInfo({ workspace });
  const shared: TeamMarksView['shared'] = {};
  if (store) {
    const ids = new Set(core.credentials.list({ workspace }).map((c) => c.id));
    for (const [id, m] of core.teamMarks()) {
      if (ids.has(id)) shared[id] = { path: m.path, ...(m.exposed ? { exposed: true } : {}) };
    }
  }
  return { linked: !!store, shared };
}

export function teamHandlers(deps: FeatureDeps): FeatureHandlers<keyof typeof teamContract> {
  const { core, clipboard } = deps;
  return overLoaded(async () => (await core.load.team()).teamService(core), {
    'team:status': async (team, { workspace, offline }) => {
      const info = await team.linkInfo({ workspace });
      if (!info.store) return { linked: false as const, workspace: info.workspace };
      const { recipient } = await team.whoami();
      const members = await team.members({ workspace });
      const items = await team.status({ workspace, offline });
      return {
        linked: true as const,
        workspace: info.workspace,
        store: info.store,
        recipient,
        members: members.map((m) => ({ name: m.name, recipient: m.recipient })),
        items,
      };
    },

    'team:marks': async (team, { workspace }) => marksOf(core, team, workspace),

    'team:share': async (team, { id, workspace, action }) => {
      const name = core.credentials.get(id, workspace).name;
      if (action === 'share') await team.share([name], { workspace });
      else await team.unshare([name], { workspace });
      return marksOf(core, team, workspace);
    },

    'team:sync': async (team, { workspace, take }) => {
      const r = await team.sync({ workspace, ...(take ? { take } : {}) });
      return {
        applied: r.applied,
        pushed: r.pushed,
        unshared: r.unshared,
        conflicts: r.conflicts,
        unreadable: r.unreadable,
      };
    },

    'team:copy-recipient': async (team) => {
      const { recipient } = await team.whoami();
      await clipboard.copy(recipient, core.settings.get().clipboardClearSeconds);
      return { copied: true as const };
    },
  });
}
