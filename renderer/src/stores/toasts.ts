/** Toasts: results and errors, announced by an aria-live region. */
import { create } from 'zustand';

export interface Toast {
  readonly id: number;
  readonly tone: 'success' | 'error' | 'info';
  readonly title: string;
  readonly detail?: string;
  readonly code?: string;
  /** One button on the toast (e.g. Undo after a delete); pressing it also dismisses the toast. */
  readonly action?: { readonly label: string; run(): void };
}

export interface ToastsState {
  readonly toasts: readonly Toast[];
  push(t: Omit<Toast, 'id'>, ms?: number): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** The state before anything has loaded: the store starts from it, and tests start from it. */
export function getEmptyState(): Pick<ToastsState, 'toasts'> {
  return {
    toasts: [],
  };
}

export const useToasts = create<ToastsState>()((set, get) => ({
  ...getEmptyState(),
  push(t, ms = t.tone === 'error' || t.action ? 10000 : 4000) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-2), { ...t, id }] });
    setTimeout(() => get().dismiss(id), ms);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

export const toast = {
  success: (title: string, detail?: string) => useToasts.getState().push({ tone: 'success', title, detail }),
  info: (title: string, detail?: string) => useToasts.getState().push({ tone: 'info', title, detail }),
  /** A result with one action (Undo): it stays longer so it can be reached by keyboard. */
  action: (title: string, action: { label: string; run(): void }, detail?: string) =>
    useToasts.getState().push({ tone: 'success', title, detail, action }),
  error: (title: string, e: { code: string; message: string }) =>
    useToasts.getState().push({ tone: 'error', title, detail: e.message, code: e.code }),
};
