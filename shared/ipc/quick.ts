/**
 * IPC channels for quick access and undo (issue 11 §2–3): favourites, recents and the global shortcut,
 * and the trash. Spread into the one contract in `shared/ipc-contract.ts`. Nothing here holds a secret.
 */
import { z } from 'zod';
import { LIMITS, type Credential, type Preferences } from '../domain.js';
import { channel, eventChannel, type ChannelDef, type EventDef } from './channel.js';

const id = z.string().min(1).max(64);
const workspace = z.string().min(1).max(LIMITS.nameChars);

/** Whether main holds the global shortcut right now, and if not, why (shown beside the setting). */
export interface ShortcutStatus {
  accelerator: string;
  registered: boolean;
  message?: string;
}

export interface PreferencesView extends Preferences {
  shortcut: ShortcutStatus;
}

/** A trashed credential as the Trash view lists it. */
export interface TrashItem {
  id: string;
  name: string;
  kind: Credential['kind'];
  provider: Credential['provider'];
  workspaceId: string;
  versions: number;
  deletedAt: string;
  purgeAt: string;
  /** A live credential of the workspace has taken its name since: restoring asks for a new one. */
  nameTaken: boolean;
}

export const quickContract = {
  'prefs:get': channel<PreferencesView>()(z.strictObject({})),
  /** Stars (`add`) or unstars (`remove`) a credential. */
  'prefs:favourite': channel<PreferencesView>()(z.strictObject({ id, star: z.enum(['add', 'remove']) })),
  /** '' turns the shortcut off. A shortcut another app holds is refused (SHORTCUT_TAKEN); the old one stays. */
  'prefs:shortcut': channel<PreferencesView>()(z.strictObject({ accelerator: z.string().max(200) })),
  'trash:list': channel<TrashItem[]>()(z.strictObject({ workspace: workspace.optional() })),
  /** Undo a delete; `newName` when a live credential took its name meanwhile (NAME_TAKEN otherwise). */
  'trash:restore': channel<Credential>()(
    z.strictObject({ id, workspace: workspace.optional(), newName: z.string().max(1024).optional() }),
  ),
  'trash:empty': channel<{ emptied: number }>()(z.strictObject({ workspace: workspace.optional() })),
} as const satisfies Record<string, ChannelDef>;

export type QuickChannel = keyof typeof quickContract;

/** Main asks the window to open the palette (the global shortcut, the tray's "Quick access…"). */
export const quickEvents = {
  'palette:open': eventChannel<{ source: 'shortcut' | 'tray' }>(
    z.strictObject({ source: z.enum(['shortcut', 'tray']) }),
  ),
} as const satisfies Record<string, EventDef>;
