/**
 * Handlers for the channels of `shared/ipc/team.ts` (issue 13): pure functions over the core's team
 * service (no Electron), so the e2e bridge runs them too. Payloads are validated before, in `dispatch`.
 * Sync is one call (the team service holds its own lock); the button that starts it stays busy.
 */
import type { teamContract, TeamMarksView } from '../../../shared/ipc/team.js';
import type { Core } from '../../core/index.js';
import type { FeatureDeps, FeatureHandlers } from '../ipc-types.js';

async function teamOf(core: Core) {
  return (await core.load.team()).teamService(core);
}

async function marksOf(core: Core, workspace?: string): Promise<TeamMarksView> {
  const { store } = await (await teamOf(core)).linkInfo({ workspace });
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
  return {
    'team:status': async ({ workspace, offline }) => {
      const team = await teamOf(core);
      const info = await team.linkInfo({ workspace });
      if (!info.store) return { linked: false as const, workspace: info.workspace };
      const [{ recipient }, members, items] = await Promise.all([
        team.whoami(),
        team.members({ workspace }),
        team.status({ workspace, offline }),
      ]);
      return {
        linked: true as const,
        workspace: info.workspace,
        store: info.store,
        recipient,
        members: members.map((m) => ({ name: m.name, recipient: m.recipient })),
        items,
      };
    },

    'team:marks': async ({ workspace }) => marksOf(core, workspace),

    'team:share': async ({ id, workspace, action }) => {
      const name = core.credentials.get(id, workspace).name;
      const team = await teamOf(core);
      if (action === 'share') await team.share([name], { workspace });
      else await team.unshare([name], { workspace });
      return marksOf(core, workspace);
    },

    'team:sync': async ({ workspace, take }) => {
      const r = await (await teamOf(core)).sync({ workspace, ...(take ? { take } : {}) });
      return {
        applied: r.applied,
        pushed: r.pushed,
        unshared: r.unshared,
        conflicts: r.conflicts,
        unreadable: r.unreadable,
      };
    },

    'team:copy-recipient': async () => {
      const { recipient } = await (await teamOf(core)).whoami();
      await clipboard.copy(recipient, core.settings.get().clipboardClearSeconds);
      return { copied: true as const };
    },
  };
}
