/**
 * "Is this project's .keydeck allowed?" (issue 16 §5): the folder typed in the Projects screen, its
 * `.keydeck`'s trust state from main, and the Allow dialog. Allowing sends the content hash that was
 * shown, so main allows exactly what the user saw.
 */
import { create } from 'zustand';
import type { ProjectTrust } from '../../../shared/ipc/work.js';
import { api, toUiError, type UiError } from '../api.js';
import { toast } from './toasts.js';

export interface TrustState {
  readonly folder: string;
  readonly busy: boolean;
  /** The state of the folder last checked (`checked` is that folder). */
  readonly trust?: ProjectTrust;
  readonly checked?: string;
  readonly error?: UiError;
  /** The Allow dialog is open. */
  readonly asking: boolean;
  setFolder(folder: string): void;
  check(folder?: string): Promise<void>;
  openAllow(): void;
  closeAllow(): void;
  allow(): Promise<void>;
  deny(): Promise<void>;
}

export function getEmptyState(): Pick<TrustState, 'folder' | 'busy' | 'asking'> {
  return { folder: '', busy: false, asking: false };
}

export const useTrust = create<TrustState>()((set, get) => ({
  ...getEmptyState(),
  setFolder(folder) {
    set({ folder, error: undefined, trust: undefined, checked: undefined });
  },
  async check(given) {
    const folder = (given ?? get().folder).trim();
    if (given !== undefined) set({ folder: given });
    if (!folder) {
      set({ error: { code: 'INVALID_INPUT', message: 'Give the project folder, like ~/projects/my-app.' } });
      return;
    }
    set({ busy: true, error: undefined });
    try {
      const trust = await api().work.projects.trust({ folder });
      set({ busy: false, trust, checked: folder });
    } catch (err) {
      set({ busy: false, trust: undefined, checked: undefined, error: toUiError(err) });
    }
  },
  openAllow() {
    if (get().trust?.sha256) set({ asking: true });
  },
  closeAllow() {
    set({ asking: false });
  },
  async allow() {
    const { trust, checked } = get();
    if (!trust?.sha256 || !checked) return;
    set({ busy: true, error: undefined });
    try {
      const next = await api().work.projects.allow({ folder: checked, sha256: trust.sha256 });
      set({ busy: false, trust: next, asking: false });
      toast.success('.keydeck allowed', `keydeck exec in ${checked} may now use ${next.credentials.length} name(s).`);
    } catch (err) {
      // Show what the file asks for now, then why nothing was allowed.
      const e = toUiError(err);
      set({ asking: false });
      await get().check(checked);
      set({ busy: false, error: e });
    }
  },
  async deny() {
    const { checked } = get();
    if (!checked) return;
    set({ busy: true, error: undefined });
    try {
      const next = await api().work.projects.deny({ folder: checked });
      set({ busy: false, trust: next });
      toast.success('.keydeck no longer allowed', 'Keydeck will not use it until it is allowed again.');
    } catch (err) {
      set({ busy: false, error: toUiError(err) });
    }
  },
}));
