/**
 * Quick access and undo (issue 11 §2–3): the palette's open state, favourites and recents (kept in the
 * catalog by core), the global shortcut setting, and the trash. Actions call `window.keydeck`.
 */
import { create } from 'zustand';
import type { PreferencesView, ShortcutStatus, TrashItem } from '../../../shared/ipc/quick.js';
import { api, toUiError, type UiError } from '../api.js';
import { useApp } from './app.js';
import { toast } from './toasts.js';

export interface QuickState {
  readonly paletteOpen: boolean;
  readonly favourites: readonly string[];
  readonly recents: readonly { credentialId: string; at: string }[];
  readonly shortcut?: ShortcutStatus;
  readonly trash: readonly TrashItem[];
  readonly trashLoaded: boolean;
  openPalette(): void;
  closePalette(): void;
  /** Listens for main's requests to open the palette; returns the unsubscribe function. */
  connect(): () => void;
  loadPrefs(): Promise<void>;
  toggleFavourite(id: string): Promise<void>;
  /** Saves the global shortcut; the error (bad or taken accelerator) goes beside the field. */
  setShortcut(accelerator: string): Promise<UiError | undefined>;
  loadTrash(): Promise<void>;
  /** Restores a trashed key; NAME_TAKEN comes back so the view can ask for a new name. */
  restore(id: string, newName?: string): Promise<UiError | undefined>;
  emptyTrash(): Promise<void>;
}

const workspace = () => useApp.getState().activeId;

export function getEmptyState(): Pick<QuickState, 'paletteOpen' | 'favourites' | 'recents' | 'trash' | 'trashLoaded'> {
  return { paletteOpen: false, favourites: [], recents: [], trash: [], trashLoaded: false };
}

/** Where a restored credential goes: the credentials store reloads (set by it, to avoid an import cycle). */
let afterRestore: () => Promise<void> = async () => undefined;
export function setAfterRestore(fn: () => Promise<void>): void {
  afterRestore = fn;
}

export const useQuick = create<QuickState>()((set, get) => {
  const apply = (p: PreferencesView) => set({ favourites: p.favourites, recents: p.recents, shortcut: p.shortcut });
  return {
    ...getEmptyState(),
    openPalette() {
      // Never over a dialog: the palette is a dialog of its own.
      if (useApp.getState().dialog) return;
      set({ paletteOpen: true });
      void get().loadPrefs();
    },
    closePalette() {
      set({ paletteOpen: false });
    },
    connect() {
      void get().loadPrefs();
      try {
        return api().quick.onPaletteOpen(() => get().openPalette());
      } catch {
        return () => undefined;
      }
    },
    async loadPrefs() {
      try {
        apply(await api().quick.prefs.get());
      } catch {
        // Favourites and recents only order the palette: without them it still works.
      }
    },
    async toggleFavourite(id) {
      const on = get().favourites.includes(id);
      try {
        apply(await api().quick.prefs.favourite({ id, star: on ? 'remove' : 'add' }));
      } catch (err) {
        toast.error(on ? 'Could not unstar' : 'Could not star', toUiError(err));
      }
    },
    async setShortcut(accelerator) {
      try {
        apply(await api().quick.prefs.shortcut({ accelerator }));
        toast.success(accelerator.trim() ? 'Global shortcut saved' : 'Global shortcut turned off');
        return undefined;
      } catch (err) {
        return toUiError(err);
      }
    },
    async loadTrash() {
      try {
        set({ trash: await api().quick.trash.list({ workspace: workspace() }), trashLoaded: true });
      } catch (err) {
        set({ trashLoaded: true });
        toast.error('Could not read the trash', toUiError(err));
      }
    },
    async restore(id, newName) {
      try {
        const cred = await api().quick.trash.restore({ id, workspace: workspace(), newName });
        toast.success(`Restored “${cred.name}”`);
        await Promise.all([get().loadTrash(), afterRestore()]);
        return undefined;
      } catch (err) {
        const e = toUiError(err);
        if (e.code !== 'NAME_TAKEN' && !newName) toast.error('Could not restore', e);
        return e;
      }
    },
    async emptyTrash() {
      try {
        const r = await api().quick.trash.empty({ workspace: workspace() });
        toast.success(`Trash emptied`, `${r.emptied} credential(s) deleted for good.`);
        await get().loadTrash();
      } catch (err) {
        toast.error('Could not empty the trash', toUiError(err));
        await get().loadTrash();
      }
    },
  };
});
