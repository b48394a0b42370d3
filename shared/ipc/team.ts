/**
 * IPC channels for the team vault (issue 13): the Team screen's status, sharing one credential, sync,
 * and copying my recipient. Spread into the one contract in `shared/ipc-contract.ts`. Every request
 * schema is a strict zod object; answers carry names, paths and recipients (public), never a secret.
 */
import { z } from 'zod';
import { LIMITS } from '../domain.js';
import { channel, type ChannelDef } from './channel.js';

const id = z.string().min(1).max(64);
const workspace = z.string().min(1).max(LIMITS.nameChars);

export type TeamItemState = 'in-sync' | 'local-newer' | 'team-newer' | 'conflict' | 'unreadable';

export interface TeamItemView {
  name: string;
  /** The file in the store (`<workspace>/<name>.age`). */
  path: string;
  state: TeamItemState;
  /** A removed member could read it: rotate the key. */
  exposed?: boolean;
  detail?: string;
}

export interface TeamMemberView {
  name: string;
  recipient: string;
}

/** The Team screen: `linked: false` when the workspace has no store (no fake data then). */
export type TeamStatusView =
  | { linked: false; workspace: string }
  | {
      linked: true;
      workspace: string;
      /** The store's folder on this machine. */
      store: string;
      /** My age recipient (public): what a teammate adds with `keydeck team member add`. */
      recipient: string;
      members: TeamMemberView[];
      items: TeamItemView[];
    };

/** For the credential detail: whether the workspace is linked and which credentials are shared. */
export interface TeamMarksView {
  linked: boolean;
  /** Shared credentials by id; `exposed` when a removed member could read it. */
  shared: Record<string, { path: string; exposed?: boolean }>;
}

export interface TeamSyncView {
  applied: string[];
  pushed: string[];
  unshared: string[];
  conflicts: string[];
  unreadable: { path: string; reason: string }[];
}

export const teamContract = {
  /** The store, my recipient, the members and each shared credential's state (fetches the remote first). */
  'team:status': channel<TeamStatusView>()(
    z.strictObject({ workspace: workspace.optional(), offline: z.boolean().optional() }),
  ),
  /** Cheap: no git, no age; the detail pane's "Share with team" toggle reads it. */
  'team:marks': channel<TeamMarksView>()(z.strictObject({ workspace: workspace.optional() })),
  /** Puts one credential in the store (`share`) or takes it out (`unshare`). */
  'team:share': channel<TeamMarksView>()(
    z.strictObject({ id, workspace: workspace.optional(), action: z.enum(['share', 'unshare']) }),
  ),
  /** Pull, apply, push; `take` settles one conflict by picking a side. */
  'team:sync': channel<TeamSyncView>()(
    z.strictObject({
      workspace: workspace.optional(),
      take: z
        .strictObject({ side: z.enum(['mine', 'theirs']), name: z.string().min(1).max(LIMITS.nameChars) })
        .optional(),
    }),
  ),
  /** Copies my recipient (public) to the clipboard from main. */
  'team:copy-recipient': channel<{ copied: true }>()(z.strictObject({})),
} as const satisfies Record<string, ChannelDef>;
