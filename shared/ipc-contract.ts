/**
 * The one IPC contract between the renderer and main: every channel maps to a zod schema for its
 * request (parsed in main as `unknown`) and the type of its response. Main registers handlers only for
 * channels listed here; the preload exposes one named method per channel. Errors cross as
 * `{ code, message, field? }` inside an `{ ok: false, error }` envelope (see `shared/errors.ts`), never as
 * strings to re-parse; a response never holds a secret except `credentials:reveal`.
 *
 * One-way events (main → renderer, `webContents.send` to the window that started the work) are listed
 * in `ipcEvents`, each with its payload's zod schema; the preload parses every payload with it and
 * exposes one subscription method per event channel (it returns the unsubscribe function).
 *
 * Later features add their channels in the reserved sections below (one key per channel, namespaced).
 */
import { z } from 'zod';
import {
  COPY_FORMATS,
  KINDS,
  AUDIENCES,
  LIMITS,
  createInputSchema,
  settingsSchema,
  updateInputSchema,
  type CopyFormat,
  type Credential,
  type KeychainBackend,
  type Notice,
  type Settings,
  type UseLogEntry,
  type Workspace,
} from './domain.js';
import type { ErrorPayload } from './errors.js';
import { PROVIDERS } from './providers.js';
import { channel, type EventDef } from './ipc/channel.js';
import { validationContract, validationEvents } from './ipc/validation.js';
import { jwtContract, jwtEvents } from './ipc/jwt.js';
import { workContract, workEvents } from './ipc/work.js';
import { quickContract, quickEvents } from './ipc/quick.js';
import { envImportContract } from './ipc/env-import.js';
import { teamContract } from './ipc/team.js';

/** Any string crossing IPC is capped: the core has its own, smaller limits (secrets: 16 KiB). */
export const MAX_IPC_STRING = 1024 * 1024;

const id = z.string().min(1).max(64);
const workspace = z.string().min(1).max(LIMITS.nameChars);
const secret = z.string().max(MAX_IPC_STRING);
const empty = z.strictObject({});

export interface AppInfo {
  version: string;
  platform: string;
  keychain: KeychainBackend & { service: string; reachable: boolean; error?: ErrorPayload };
  catalogPath: string;
  /** Notices from opening the vault (a recovered catalog, adopted keychain entries). */
  notices: Notice[];
}

export interface CopyResult {
  format: CopyFormat;
  /** Seconds until Keydeck clears the clipboard (if it still holds what was copied). */
  clearAfterSeconds: number;
}

export interface RevealResult {
  version: number;
  secret: string;
}

export const ipcContract = {
  // ---- app ----
  'app:info': channel<AppInfo>()(empty),

  // ---- workspaces ----
  'workspaces:list': channel<{ workspaces: Workspace[]; activeId: string }>()(empty),
  'workspaces:add': channel<Workspace>()(z.strictObject({ name: z.string().max(1024) })),
  'workspaces:use': channel<Workspace>()(z.strictObject({ workspace })),
  'workspaces:remove': channel<{ removed: Workspace; active: Workspace }>()(z.strictObject({ workspace })),

  // ---- credentials ----
  'credentials:list': channel<Credential[]>()(
    z.strictObject({
      workspace: workspace.optional(),
      text: z.string().max(LIMITS.itemChars).optional(),
      kind: z.enum(KINDS).optional(),
      provider: z.enum(PROVIDERS).optional(),
      audience: z.enum(AUDIENCES).optional(),
      tag: z.string().max(LIMITS.itemChars).optional(),
    }),
  ),
  'credentials:get': channel<Credential>()(z.strictObject({ id, workspace: workspace.optional() })),
  'credentials:create': channel<{ credential: Credential; notices: Notice[] }>()(
    z.strictObject({ input: createInputSchema, secret }),
  ),
  'credentials:update': channel<Credential>()(
    z.strictObject({ id, workspace: workspace.optional(), patch: updateInputSchema }),
  ),
  'credentials:rotate': channel<{ credential: Credential; notices: Notice[] }>()(
    z.strictObject({ id, workspace: workspace.optional(), secret }),
  ),
  'credentials:retire': channel<Credential>()(
    z.strictObject({ id, workspace: workspace.optional(), version: z.number().int().positive().max(1_000_000) }),
  ),
  'credentials:delete': channel<{ deleted: true }>()(z.strictObject({ id, workspace: workspace.optional() })),
  /** Copy runs in main (keychain → clipboard); the renderer never sees the value. */
  'credentials:copy': channel<CopyResult>()(
    z.strictObject({
      id,
      workspace: workspace.optional(),
      format: z.enum(COPY_FORMATS as [CopyFormat, ...CopyFormat[]]),
    }),
  ),
  /** The one channel that returns a secret: the UI masks it again after 30 s. */
  'credentials:reveal': channel<RevealResult>()(z.strictObject({ id, workspace: workspace.optional() })),

  // ---- clipboard, use log, settings ----
  'clipboard:clear': channel<{ cleared: boolean }>()(empty),
  'uselog:list': channel<UseLogEntry[]>()(
    z.strictObject({ limit: z.number().int().positive().max(LIMITS.useLogEntries).optional() }),
  ),
  'settings:get': channel<Settings>()(empty),
  'settings:update': channel<Settings>()(z.strictObject({ patch: settingsSchema.partial().strict() })),

  // ---- features, each in its own module under shared/ipc/ ----
  ...validationContract,
  ...jwtContract,
  ...workContract,
  ...quickContract,
  ...envImportContract,
  ...teamContract,
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = z.input<IpcContract[C]['request']>;
export type IpcParsed<C extends IpcChannel> = z.output<IpcContract[C]['request']>;
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['response'];

/** What crosses the wire for every call: handlers never throw across IPC. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];

/** The one-way event channels, main → renderer: pushed progress instead of polls. */
export const ipcEvents = {
  ...validationEvents,
  ...jwtEvents,
  ...workEvents,
  ...quickEvents,
} as const satisfies Record<string, EventDef>;

export type IpcEvents = typeof ipcEvents;
export type IpcEventChannel = keyof IpcEvents;
export type IpcEventPayload<E extends IpcEventChannel> = z.output<IpcEvents[E]['payload']>;
export const IPC_EVENT_CHANNELS = Object.keys(ipcEvents) as IpcEventChannel[];

export function isIpcChannel(c: unknown): c is IpcChannel {
  return typeof c === 'string' && Object.prototype.hasOwnProperty.call(ipcContract, c);
}
