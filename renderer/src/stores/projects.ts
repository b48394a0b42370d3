/**
 * "Projects & backups": the `keydeck exec` command and `.keydeck` file for a project (built and copied
 * in main: names only), encrypted backup export, and the import flow (open → decrypt and review →
 * apply). Passphrases are arguments of one action each and are never kept in this store.
 */
import { create } from 'zustand';
import type {
  BackupPreview,
  ExportSummary,
  ImportSummary,
  ProjectCommand,
  SavedProjectFile,
} from '../../../shared/ipc/work.js';
import { api, toUiError, type UiError } from '../api.js';
import { useApp } from './app.js';
import { useCredentials } from './credentials.js';
import { toast } from './toasts.js';
import { useTrust } from './trust.js';

export const DEFAULT_COMMAND = 'npm run dev';

export interface ExportRequest {
  output: string;
  workspace?: string;
  passphrase?: string;
  recipients?: string[];
  overwrite?: boolean;
}

export type ImportKey = { passphrase: string } | { identityPath: string };

export interface ProjectsState {
  readonly selected: readonly string[];
  readonly command: string;
  readonly result?: ProjectCommand;
  readonly commandError?: UiError;
  /** "Save .keydeck to this folder": the folder typed, the outcome, and a pending replace question. */
  readonly saveFolder: string;
  readonly saving: boolean;
  readonly saved?: SavedProjectFile;
  readonly saveError?: UiError;
  /** Set when the folder already has a `.keydeck`: the user confirms (replace) or keeps it. */
  readonly replaceAsk?: UiError;
  readonly exporting: boolean;
  readonly exported?: ExportSummary;
  readonly exportError?: UiError;
  readonly importPath: string;
  readonly importNeeds?: 'passphrase' | 'identity';
  readonly importBusy: boolean;
  readonly importError?: UiError;
  readonly preview?: BackupPreview;
  readonly imported?: ImportSummary;
  toggle(name: string): void;
  setSelected(names: string[]): void;
  setCommand(command: string): void;
  refresh(): Promise<void>;
  copy(what: 'command' | 'project-file'): Promise<void>;
  setSaveFolder(folder: string): void;
  saveProjectFile(overwrite?: boolean): Promise<void>;
  keepExisting(): void;
  exportBackup(req: ExportRequest): Promise<void>;
  clearErrors(): void;
  setImportPath(path: string): void;
  openBackup(): Promise<void>;
  review(key: ImportKey): Promise<void>;
  apply(overwriteIds: string[]): Promise<void>;
  resetImport(): Promise<void>;
}

const activeWorkspaceName = () => {
  const { workspaces, activeId } = useApp.getState();
  return workspaces.find((w) => w.id === activeId)?.name;
};

/** The selected names that still exist in the active workspace, in list order. */
function liveSelection(selected: readonly string[]): string[] {
  const names = new Set(selected);
  return useCredentials
    .getState()
    .items.map((c) => c.name)
    .filter((n) => names.has(n));
}

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The state before anything has loaded: the store starts from it, and tests start from it. */
export function getEmptyState(): Pick<
  ProjectsState,
  'selected' | 'command' | 'saveFolder' | 'saving' | 'exporting' | 'importPath' | 'importBusy'
> {
  return {
    selected: [],
    command: DEFAULT_COMMAND,
    saveFolder: '',
    saving: false,
    exporting: false,
    importPath: '',
    importBusy: false,
  };
}

export const useProjects = create<ProjectsState>()((set, get) => {
  const scheduleRefresh = () => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void get().refresh(), 120);
  };
  const request = () => {
    const ws = activeWorkspaceName();
    return { credentials: liveSelection(get().selected), command: get().command, ...(ws ? { workspace: ws } : {}) };
  };

  return {
    ...getEmptyState(),
    toggle(name) {
      const s = get().selected;
      // A saved file or a pending replace question was about the previous selection.
      set({
        selected: s.includes(name) ? s.filter((x) => x !== name) : [...s, name],
        saved: undefined,
        replaceAsk: undefined,
      });
      scheduleRefresh();
    },
    setSelected(names) {
      set({ selected: names });
      scheduleRefresh();
    },
    setCommand(command) {
      set({ command });
      scheduleRefresh();
    },
    async refresh() {
      const req = request();
      if (!req.credentials.length) {
        set({ result: undefined, commandError: undefined });
        return;
      }
      try {
        const result = await api().work.projects.command(req);
        set({ result, commandError: undefined });
      } catch (err) {
        set({ result: undefined, commandError: toUiError(err) });
      }
    },
    async copy(what) {
      const req = request();
      try {
        const r = await api().work.projects.copy({ ...req, what });
        toast.success(
          what === 'command' ? 'Command copied' : '.keydeck file copied',
          `It holds names only. The clipboard clears in ${r.clearAfterSeconds}s.`,
        );
      } catch (err) {
        const e = toUiError(err);
        set({ commandError: e });
        toast.error('Could not copy', e);
      }
    },

    setSaveFolder(saveFolder) {
      set({ saveFolder, saveError: undefined, replaceAsk: undefined, saved: undefined });
    },
    async saveProjectFile(overwrite) {
      const folder = get().saveFolder.trim();
      if (!folder) {
        set({
          saveError: { code: 'INVALID_INPUT', message: 'Give the project folder, like ~/projects/my-app.' },
          replaceAsk: undefined,
        });
        return;
      }
      const { credentials, workspace } = request();
      if (!credentials.length) {
        set({ saveError: { code: 'INVALID_INPUT', message: 'Select at least one credential first.' } });
        return;
      }
      set({ saving: true, saveError: undefined, replaceAsk: undefined, saved: undefined });
      try {
        const saved = await api().work.projects.saveFile({
          credentials,
          folder,
          ...(workspace ? { workspace } : {}),
          ...(overwrite ? { overwrite: true } : {}),
        });
        set({ saving: false, saved });
        // The folder's .keydeck is allowed as written: show that in "Allowed projects".
        void useTrust.getState().check(folder);
        toast.success(
          saved.replaced ? '.keydeck replaced' : '.keydeck saved',
          `${saved.path}: ${n(saved.credentials.length, 'name')}, no secret.`,
        );
      } catch (err) {
        const e = toUiError(err);
        if (e.code === 'FILE_EXISTS' && !overwrite) set({ saving: false, replaceAsk: e });
        else set({ saving: false, saveError: e });
      }
    },
    keepExisting() {
      set({ replaceAsk: undefined });
    },

    async exportBackup(req) {
      set({ exporting: true, exportError: undefined, exported: undefined });
      try {
        const exported = await api().work.backup.export(req);
        set({ exporting: false, exported });
        toast.success(
          'Backup written',
          `${n(exported.credentials, 'credential')}, ${n(exported.versions, 'secret version')} → ${exported.path}`,
        );
      } catch (err) {
        set({ exporting: false, exportError: toUiError(err) });
      }
    },

    clearErrors() {
      if (get().exportError || get().importError) set({ exportError: undefined, importError: undefined });
    },
    setImportPath(importPath) {
      set({ importPath, importNeeds: undefined, importError: undefined, imported: undefined });
    },
    async openBackup() {
      const path = get().importPath.trim();
      if (!path) {
        set({ importError: { code: 'INVALID_INPUT', message: 'Give the backup file, like ~/keydeck-backup.age.' } });
        return;
      }
      set({ importBusy: true, importError: undefined, imported: undefined });
      try {
        const r = await api().work.backup.inspect({ path });
        set({ importBusy: false, importNeeds: r.needs });
      } catch (err) {
        set({ importBusy: false, importError: toUiError(err) });
      }
    },
    async review(key) {
      set({ importBusy: true, importError: undefined });
      try {
        const preview = await api().work.backup.preview({ path: get().importPath.trim(), ...key });
        set({ importBusy: false, preview });
      } catch (err) {
        set({ importBusy: false, importError: toUiError(err) });
      }
    },
    async apply(overwriteIds) {
      const p = get().preview;
      if (!p) return;
      set({ importBusy: true, importError: undefined });
      try {
        const imported = await api().work.backup.import({ token: p.token, overwrite: overwriteIds });
        set({ importBusy: false, imported, preview: undefined, importNeeds: undefined });
        toast.success(
          'Backup imported',
          `${imported.added.length} added, ${imported.updated.length} updated, ${imported.skipped.length} skipped.`,
        );
        try {
          const ws = await api().workspaces.list();
          useApp.setState({ workspaces: ws.workspaces, activeId: ws.activeId });
        } catch {
          // The list refreshes on the next switch; the import itself succeeded.
        }
        await useCredentials.getState().load();
      } catch (err) {
        set({ importBusy: false, importError: toUiError(err) });
      }
    },
    async resetImport() {
      const p = get().preview;
      set({ preview: undefined, importNeeds: undefined, importError: undefined, imported: undefined });
      if (p)
        await api()
          .work.backup.discard({ token: p.token })
          .catch(() => undefined);
    },
  };
});
