/**
 * The app's `.env` import (issue 16 §4), the flow of `keydeck import-env`: a file chosen in Projects or
 * dropped on the window is previewed (one row per variable: provider and action, never a value), then
 * imported; the result lists what was created, referenced and left, and any value found in git history.
 */
import { create } from 'zustand';
import type { EnvImportPlan, EnvImportResult } from '../../../shared/migrate.js';
import { api, toUiError, type UiError } from '../api.js';
import { useApp } from './app.js';
import { useCredentials } from './credentials.js';

export interface EnvImportState {
  /** The path typed in Projects. */
  readonly path: string;
  /** The dialog is open (a preview or a result to show). */
  readonly open: boolean;
  readonly busy: boolean;
  readonly plan?: EnvImportPlan;
  readonly result?: EnvImportResult;
  readonly error?: UiError;
  setPath(path: string): void;
  preview(path?: string): Promise<void>;
  /** A file dropped on the window: its path from the bridge, then the preview. */
  previewDropped(file: File): Promise<void>;
  apply(): Promise<void>;
  close(): void;
}

export function getEmptyState(): Pick<EnvImportState, 'path' | 'open' | 'busy'> {
  return { path: '', open: false, busy: false };
}

const activeWorkspaceName = () => {
  const { workspaces, activeId } = useApp.getState();
  return workspaces.find((w) => w.id === activeId)?.name;
};

export const useEnvImport = create<EnvImportState>()((set, get) => ({
  ...getEmptyState(),
  setPath: (path) => set({ path, error: undefined }),

  async preview(path = get().path) {
    const target = path.trim();
    if (!target) {
      set({ error: { code: 'INVALID_INPUT', message: 'Type the path of a .env file.', field: 'path' } });
      return;
    }
    set({ busy: true, error: undefined, result: undefined, plan: undefined });
    try {
      const workspace = activeWorkspaceName();
      const plan = await api().envImport.preview({ path: target, ...(workspace ? { workspace } : {}) });
      set({ plan, open: true, busy: false });
    } catch (err) {
      set({ busy: false, error: toUiError(err), open: false });
    }
  },

  async previewDropped(file) {
    const path = api().envImport.pathForFile(file);
    if (!path) {
      set({ error: { code: 'INVALID_INPUT', message: `"${file.name}" has no path on this computer; save it first.` } });
      return;
    }
    set({ path });
    await get().preview(path);
  },

  async apply() {
    const plan = get().plan;
    if (!plan) return;
    set({ busy: true, error: undefined });
    try {
      const workspace = activeWorkspaceName();
      const result = await api().envImport.apply({
        path: plan.file,
        fileHash: plan.fileHash,
        ...(workspace ? { workspace } : {}),
      });
      set({ result, busy: false });
      void useCredentials.getState().load();
    } catch (err) {
      set({ busy: false, error: toUiError(err) });
    }
  },

  close: () => set({ open: false, plan: undefined, result: undefined, error: undefined, busy: false }),
}));
