/**
 * The Team screen's state (issue 13): the active workspace's link, my recipient, members and each
 * shared credential's sync state, plus the marks the detail pane's "Share with team" toggle reads.
 * Actions call `window.keydeck.team`; sync changes credentials, so the credentials list reloads after.
 */
import { create } from 'zustand';
import type { TeamMarksView, TeamStatusView, TeamSyncView } from '../../../../shared/ipc/team.js';
import { api, toUiError, type UiError } from '../../api.js';
import { useApp } from '../../stores/app.js';
import { useCredentials } from '../../stores/credentials.js';
import { toast } from '../../stores/toasts.js';

export interface TeamState {
  readonly status?: TeamStatusView;
  readonly error?: UiError;
  readonly loading: boolean;
  readonly syncing: boolean;
  readonly lastSync?: TeamSyncView;
  readonly marks: TeamMarksView;
  /** Ids whose share/unshare is under way. */
  readonly sharing: readonly string[];
  load(): Promise<void>;
  loadMarks(): Promise<void>;
  setShared(id: string, shared: boolean): Promise<void>;
  sync(take?: { side: 'mine' | 'theirs'; name: string }): Promise<void>;
  copyRecipient(): Promise<void>;
}

const workspace = () => useApp.getState().activeId || undefined;

function summary(r: TeamSyncView): string {
  const parts = [
    r.applied.length && `${r.applied.length} from the team`,
    r.pushed.length && `${r.pushed.length} pushed`,
    r.unshared.length && `${r.unshared.length} removed`,
    r.conflicts.length && `${r.conflicts.length} conflict(s)`,
    r.unreadable.length && `${r.unreadable.length} unreadable`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'Nothing changed';
}

export const useTeam = create<TeamState>()((set, get) => ({
  loading: false,
  syncing: false,
  marks: { linked: false, shared: {} },
  sharing: [],

  async load() {
    set({ loading: true });
    try {
      const [status, marks] = await Promise.all([
        api().team.status({ workspace: workspace() }),
        api().team.marks({ workspace: workspace() }),
      ]);
      set({ status, marks, error: undefined, loading: false });
    } catch (err) {
      set({ error: toUiError(err), loading: false });
    }
  },

  async loadMarks() {
    try {
      set({ marks: await api().team.marks({ workspace: workspace() }) });
    } catch {
      set({ marks: { linked: false, shared: {} } });
    }
  },

  async setShared(id, shared) {
    if (get().sharing.includes(id)) return;
    set({ sharing: [...get().sharing, id] });
    try {
      const marks = await api().team.share({ id, workspace: workspace(), action: shared ? 'share' : 'unshare' });
      set({ marks });
      toast.success(shared ? 'Shared with the team' : 'No longer shared', 'Run Sync on the Team screen to push it.');
      if (get().status?.linked) void get().load();
    } catch (err) {
      toast.error(shared ? 'Could not share' : 'Could not stop sharing', toUiError(err));
    } finally {
      set({ sharing: get().sharing.filter((x) => x !== id) });
    }
  },

  async sync(take) {
    if (get().syncing) return;
    set({ syncing: true });
    try {
      const r = await api().team.sync({ workspace: workspace(), ...(take ? { take } : {}) });
      set({ lastSync: r });
      toast.success('Team sync done', summary(r));
      if (r.applied.length || r.unshared.length || take) await useCredentials.getState().load();
    } catch (err) {
      toast.error('Team sync failed', toUiError(err));
    } finally {
      set({ syncing: false });
    }
    await get().load();
  },

  async copyRecipient() {
    try {
      await api().team.copyRecipient();
      toast.success('Recipient copied', 'Send it to a teammate: keydeck team member add age1… --name YOU');
    } catch (err) {
      toast.error('Could not copy', toUiError(err));
    }
  },
}));
