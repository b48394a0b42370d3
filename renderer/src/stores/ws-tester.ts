/**
 * The persistent WebSocket tester (as in Postman): one session, opened by main with the Bearer JWT (a
 * browser WebSocket cannot send an Authorization header). Its frames (in, out, open, close) arrive pushed
 * on `sandbox:ws:frame`; nothing polls. Frames keep their order by `seq`, the last WS_FRAME_LIMITS.keep.
 */
import { create } from 'zustand';
import type { WsOpenView } from '../../../shared/ipc/jwt.js';
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import { WS_FRAME_LIMITS, type WsFrame } from '../../../shared/sandbox.js';
import { api, toUiError, type UiError } from '../api.js';
import { useApp } from './app.js';

export type WsOpenForm = Omit<IpcRequest<'sandbox:ws:open'>, 'workspace'>;
export type FrameMode = 'text' | 'json';

export interface WsTesterState {
  readonly open: boolean;
  readonly connecting: boolean;
  readonly handshake?: WsOpenView;
  readonly frames: readonly WsFrame[];
  /** Why the session could not open (a bad URL, a token that cannot be minted). */
  readonly openError?: UiError;
  /** Why a frame was not sent (not JSON, too long, the session closed): shown under the message box. */
  readonly sendError?: UiError;
  readonly closeError?: UiError;
  /** Listens for pushed frames; returns the function that stops listening. */
  connect(): () => void;
  openSession(form: WsOpenForm): Promise<void>;
  /** Sends the text as it is, or (JSON) after checking it parses; answers whether it was sent. */
  send(text: string, mode: FrameMode): Promise<boolean>;
  close(code: number, reason: string): Promise<void>;
  clearFrames(): void;
}

export function getEmptyState(): Pick<WsTesterState, 'open' | 'connecting' | 'frames'> {
  return { open: false, connecting: false, frames: [] };
}

/**
 * The text a frame carries: as typed, or for JSON the text after checking it parses (sent as typed, so
 * the user's spacing stays). A parse failure is a sentence, not a stack.
 */
export function frameText(text: string, mode: FrameMode): { text: string } | { error: string } {
  if (!text) return { error: 'Type a message to send.' };
  if (mode === 'text') return { text };
  try {
    JSON.parse(text);
    return { text };
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^JSON\.parse: /, '') : 'it does not parse';
    return { error: `This is not JSON: ${why}. Choose Text to send it as it is.` };
  }
}

/** Adds frames: each `seq` once, in order, the last `keep`. */
export function mergeFrames(log: readonly WsFrame[], more: readonly WsFrame[]): readonly WsFrame[] {
  const seen = new Set(log.map((f) => f.seq));
  const fresh = more.filter((f) => !seen.has(f.seq));
  if (!fresh.length) return log;
  return [...log, ...fresh].sort((a, b) => a.seq - b.seq).slice(-WS_FRAME_LIMITS.keep);
}

export const useWsTester = create<WsTesterState>()((set, get) => ({
  ...getEmptyState(),

  connect() {
    return api().jwt.sandbox.ws.onFrame(({ frame, open }) => {
      set({ open, ...(frame ? { frames: mergeFrames(get().frames, [frame]) } : {}) });
    });
  },

  async openSession(form) {
    if (get().connecting) return;
    // A new session starts a new log (its seq starts again at 1).
    set({ connecting: true, frames: [], openError: undefined, sendError: undefined, closeError: undefined });
    try {
      const handshake = await api().jwt.sandbox.ws.open({ ...form, workspace: useApp.getState().activeId });
      set({ handshake, open: handshake.ok, connecting: false });
    } catch (err) {
      set({ handshake: undefined, open: false, connecting: false, openError: toUiError(err) });
    }
  },

  async send(raw, mode) {
    const checked = frameText(raw, mode);
    if ('error' in checked) {
      set({ sendError: { code: 'INVALID_INPUT', message: checked.error, field: 'text' } });
      return false;
    }
    try {
      await api().jwt.sandbox.ws.write({ text: checked.text });
      set({ sendError: undefined });
      return true;
    } catch (err) {
      const e = toUiError(err);
      set({ sendError: e, ...(e.code === 'WS_NOT_OPEN' ? { open: false } : {}) });
      return false;
    }
  },

  async close(code, reason) {
    try {
      await api().jwt.sandbox.ws.close({ code, ...(reason ? { reason } : {}) });
      set({ closeError: undefined });
    } catch (err) {
      set({ closeError: toUiError(err) });
    }
  },

  clearFrames() {
    set({ frames: [] });
  },
}));
