/**
 * The credential list of the active workspace, its search and filters, the selection, and every
 * credential action. Secrets never live here, except a revealed value, which is dropped after 30 s.
 */
import { create } from 'zustand';
import type { CopyFormat, CreateInput, Credential, UpdateInput } from '../../../shared/domain.js';
import { api, toUiError, type UiError } from '../api.js';
import { filterCredentials, indexCredentials, type Filters } from '../lib/filter.js';
import { formatLabel } from '../lib/format.js';
import { useApp } from './app.js';
import { toast } from './toasts.js';
import { setCredentialSink } from './credential-updates.js';
import { useValidation } from './validation.js';
import { setAfterRestore, useQuick } from './quick.js';

export const REVEAL_SECONDS = 30;

export interface Revealed {
  readonly id: string;
  readonly version: number;
  readonly secret: string;
  /** Epoch ms when the UI masks it again. */
  readonly masksAt: number;
}

export interface ClipboardCountdown {
  readonly name: string;
  readonly format: CopyFormat;
  /** Epoch ms when main clears the clipboard. */
  readonly clearsAt: number;
}

export interface CredentialsState {
  readonly items: readonly Credential[];
  readonly visible: readonly Credential[];
  readonly loaded: boolean;
  readonly text: string;
  readonly filters: Filters;
  readonly selectedId?: string;
  readonly revealed?: Revealed;
  readonly clipboard?: ClipboardCountdown;
  load(): Promise<void>;
  setText(text: string): void;
  setFilter<K extends keyof Filters>(key: K, value: Filters[K] | undefined): void;
  clearFilters(): void;
  select(id: string | undefined): void;
  move(delta: number): void;
  create(input: CreateInput, secret: string): Promise<UiError | undefined>;
  update(id: string, patch: UpdateInput): Promise<UiError | undefined>;
  rotate(id: string, secret: string): Promise<UiError | undefined>;
  retire(id: string, version: number): Promise<void>;
  remove(id: string): Promise<void>;
  copy(id: string, format: CopyFormat): Promise<void>;
  reveal(id: string): Promise<void>;
  mask(): void;
  clearClipboard(): Promise<void>;
  /** Replaces one credential's metadata (e.g. with a fresh validation result). */
  applyCredential(cred: Credential): void;
}

const workspace = () => useApp.getState().activeId;
let revealTimer: ReturnType<typeof setTimeout> | undefined;
let clipTimer: ReturnType<typeof setTimeout> | undefined;

function markLoaded() {
  // Read by the renderer bench: from data arriving to the first list paint.
  performance.mark('keydeck:list-data');
}

/** The state before anything has loaded: the store starts from it, and tests start from it. */
export function getEmptyState(): Pick<CredentialsState, 'items' | 'visible' | 'loaded' | 'text' | 'filters'> {
  return {
    items: [],
    visible: [],
    loaded: false,
    text: '',
    filters: {},
  };
}

export const useCredentials = create<CredentialsState>()((set, get) => {
  const recompute = (patch: Partial<CredentialsState>) => {
    const next = { ...get(), ...patch };
    const visible = filterCredentials(next.items, next.text, next.filters);
    let selectedId = next.selectedId;
    if (!selectedId || !visible.some((c) => c.id === selectedId)) selectedId = visible[0]?.id;
    set({ ...patch, visible, selectedId });
  };
  const replace = (cred: Credential) => recompute({ items: get().items.map((c) => (c.id === cred.id ? cred : c)) });

  return {
    ...getEmptyState(),
    async load() {
      try {
        const items = await api().credentials.list({ workspace: workspace() });
        markLoaded();
        recompute({ items, loaded: true });
        // Index for search right after the first paint, before anyone can type.
        setTimeout(() => indexCredentials(items), 0);
      } catch (err) {
        set({ loaded: true });
        toast.error('Could not load credentials', toUiError(err));
      }
    },
    setText(text) {
      recompute({ text });
    },
    setFilter(key, value) {
      recompute({ filters: { ...get().filters, [key]: value || undefined } });
    },
    clearFilters() {
      recompute({ filters: {}, text: '' });
    },
    select(selectedId) {
      if (get().revealed && get().revealed?.id !== selectedId) get().mask();
      set({ selectedId });
    },
    move(delta) {
      const { visible, selectedId } = get();
      if (!visible.length) return;
      const idx = visible.findIndex((c) => c.id === selectedId);
      const next = Math.min(visible.length - 1, Math.max(0, (idx < 0 ? 0 : idx) + delta));
      get().select(visible[next]!.id);
    },
    async create(input, secret) {
      try {
        const r = await api().credentials.create({ input: { ...input, workspace: workspace() }, secret });
        recompute({ items: [...get().items, r.credential], selectedId: r.credential.id });
        toast.success(`Added “${r.credential.name}”`, r.notices.map((n) => n.message).join(' ') || undefined);
        void useValidation.getState().afterSave(r.credential);
        return undefined;
      } catch (err) {
        return toUiError(err);
      }
    },
    async update(id, patch) {
      try {
        replace(await api().credentials.update({ id, workspace: workspace(), patch }));
        toast.success('Changes saved');
        return undefined;
      } catch (err) {
        return toUiError(err);
      }
    },
    async rotate(id, secret) {
      try {
        const r = await api().credentials.rotate({ id, workspace: workspace(), secret });
        replace(r.credential);
        const v = r.credential.versions.at(-1)!;
        toast.success(`Rotated to version ${v.version}`, r.notices.map((n) => n.message).join(' ') || undefined);
        void useValidation.getState().afterSave(r.credential);
        return undefined;
      } catch (err) {
        return toUiError(err);
      }
    },
    async retire(id, version) {
      try {
        replace(await api().credentials.retire({ id, workspace: workspace(), version }));
        toast.success(`Version ${version} retired`);
      } catch (err) {
        toast.error('Could not retire the version', toUiError(err));
      }
    },
    async remove(id) {
      const name = get().items.find((c) => c.id === id)?.name ?? 'credential';
      try {
        await api().credentials.delete({ id, workspace: workspace() });
        if (get().revealed?.id === id) get().mask();
        recompute({ items: get().items.filter((c) => c.id !== id) });
        toast.action(
          `Moved “${name}” to the trash`,
          { label: 'Undo', run: () => void useQuick.getState().restore(id) },
          'Its keys stay in the keychain until the trash is emptied.',
        );
      } catch (err) {
        toast.error('Could not delete', toUiError(err));
      }
    },
    async copy(id, format) {
      const cred = get().items.find((c) => c.id === id);
      try {
        const r = await api().credentials.copy({ id, workspace: workspace(), format });
        const clearsAt = Date.now() + r.clearAfterSeconds * 1000;
        set({ clipboard: { name: cred?.name ?? '', format, clearsAt } });
        clearTimeout(clipTimer);
        clipTimer = setTimeout(() => set({ clipboard: undefined }), r.clearAfterSeconds * 1000);
        toast.success(`Copied ${formatLabel(format)}`, `Clipboard clears in ${r.clearAfterSeconds} s.`);
        // Main moved the key to the front of the recents: the palette's order follows.
        void useQuick.getState().loadPrefs();
      } catch (err) {
        const e = toUiError(err);
        toast.error(`Could not copy ${cred?.name ?? ''}`.trim(), e);
        if (e.code === 'SECRET_MISSING' || e.code === 'CREDENTIAL_NOT_FOUND') void get().load();
      }
    },
    async reveal(id) {
      try {
        const r = await api().credentials.reveal({ id, workspace: workspace() });
        set({ revealed: { id, version: r.version, secret: r.secret, masksAt: Date.now() + REVEAL_SECONDS * 1000 } });
        clearTimeout(revealTimer);
        revealTimer = setTimeout(() => get().mask(), REVEAL_SECONDS * 1000);
      } catch (err) {
        toast.error('Could not reveal', toUiError(err));
      }
    },
    mask() {
      clearTimeout(revealTimer);
      set({ revealed: undefined });
    },
    applyCredential(cred) {
      if (get().items.some((c) => c.id === cred.id)) replace(cred);
    },
    async clearClipboard() {
      try {
        const r = await api().clipboard.clear();
        clearTimeout(clipTimer);
        set({ clipboard: undefined });
        toast.info(r.cleared ? 'Clipboard cleared' : 'The clipboard no longer held the copied value');
      } catch (err) {
        toast.error('Could not clear the clipboard', toUiError(err));
      }
    },
  };
});

// An undone delete brings the key back into the list.
setAfterRestore(() => useCredentials.getState().load());

// Validation results and "validate all" reach this store through here (see credential-updates.ts).
setCredentialSink({
  apply: (cred) => useCredentials.getState().applyCredential(cred),
  reload: () => useCredentials.getState().load(),
});
