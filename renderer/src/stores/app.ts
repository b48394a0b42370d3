/**
 * App-wide state: the backend info (keychain in use), workspaces, settings, the current screen and
 * the open dialog. Actions call `window.keydeck`; components call actions.
 */
import { create } from 'zustand';
import type { Settings, UseLogEntry, Workspace } from '../../../shared/domain.js';
import type { AppInfo } from '../../../shared/ipc-contract.js';
import { api, toUiError, type UiError } from '../api.js';
import { toast } from './toasts.js';

/** A screen id from `screens.tsx` (`credentials`, `use-log`, `settings`, and later feature screens). */
export type Screen = string;
export type Dialog =
  | { type: 'add' }
  | { type: 'edit'; id: string }
  | { type: 'rotate'; id: string }
  | { type: 'delete'; id: string }
  | { type: 'workspace' }
  | { type: 'remove-workspace'; workspaceId: string };

export interface AppState {
  readonly info?: AppInfo;
  readonly workspaces: readonly Workspace[];
  readonly activeId?: string;
  readonly settings?: Settings;
  readonly screen: Screen;
  readonly dialog?: Dialog;
  readonly useLog: readonly UseLogEntry[];
  readonly fatal?: UiError;
  boot(): Promise<void>;
  setScreen(s: Screen): void;
  openDialog(d: Dialog): void;
  closeDialog(): void;
  switchWorkspace(id: string): Promise<void>;
  addWorkspace(name: string): Promise<UiError | undefined>;
  /** Removes an empty workspace; returns the core's error (e.g. it still holds credentials). */
  removeWorkspace(id: string): Promise<UiError | undefined>;
  saveSettings(patch: Partial<Settings>): Promise<UiError | undefined>;
  loadUseLog(): Promise<void>;
}

export function getEmptyState() {
  return { workspaces: [], useLog: [], screen: 'credentials' as Screen };
}

export const useApp = create<AppState>()((set, get) => ({
  ...getEmptyState(),
  async boot() {
    try {
      const [info, ws, settings] = await Promise.all([api().app.info(), api().workspaces.list(), api().settings.get()]);
      set({ info, workspaces: ws.workspaces, activeId: ws.activeId, settings });
      for (const n of info.notices) toast.info(n.message);
    } catch (err) {
      set({ fatal: toUiError(err) });
    }
  },
  setScreen(screen) {
    set({ screen });
    if (screen === 'use-log') void get().loadUseLog();
  },
  openDialog(dialog) {
    set({ dialog });
  },
  closeDialog() {
    set({ dialog: undefined });
  },
  async switchWorkspace(id) {
    try {
      const ws = await api().workspaces.use({ workspace: id });
      set({ activeId: ws.id });
    } catch (err) {
      toast.error('Could not switch workspace', toUiError(err));
    }
  },
  async addWorkspace(name) {
    try {
      const ws = await api().workspaces.add({ name });
      await api().workspaces.use({ workspace: ws.id });
      const list = await api().workspaces.list();
      set({ workspaces: list.workspaces, activeId: list.activeId, dialog: undefined });
      toast.success(`Workspace “${ws.name}” created`);
      return undefined;
    } catch (err) {
      return toUiError(err);
    }
  },
  async removeWorkspace(id) {
    try {
      const { removed, active } = await api().workspaces.remove({ workspace: id });
      const list = await api().workspaces.list();
      set({ workspaces: list.workspaces, activeId: active.id, dialog: undefined });
      toast.success(`Workspace “${removed.name}” removed`);
      return undefined;
    } catch (err) {
      return toUiError(err);
    }
  },
  async saveSettings(patch) {
    try {
      const settings = await api().settings.update({ patch });
      set({ settings });
      toast.success('Settings saved');
      return undefined;
    } catch (err) {
      return toUiError(err);
    }
  },
  async loadUseLog() {
    try {
      set({ useLog: await api().useLog.list({ limit: 500 }) });
    } catch (err) {
      toast.error('Could not read the use log', toUiError(err));
    }
  },
}));
