/**
 * IPC channels of the app's `.env` import (issue 16 §4), the same flow as `keydeck import-env`: a
 * preview (one row per variable: provider and action, never a value), then the import of exactly the
 * file that was previewed (its SHA-256 must still match), answering what was created, referenced and
 * left, and any value found in the folder's git history. Spread into `shared/ipc-contract.ts`.
 */
import { z } from 'zod';
import { LIMITS } from '../constants.js';
import type { EnvImportPlan, EnvImportResult } from '../migrate.js';
import { channel, type ChannelDef } from './channel.js';

const filePath = z.string().min(1).max(4096);
const workspace = z.string().min(1).max(LIMITS.nameChars);

export const envImportContract = {
  /** Reads and plans the file; writes nothing. */
  'env-import:preview': channel<EnvImportPlan>()(z.strictObject({ path: filePath, workspace: workspace.optional() })),
  /** Plans the file again and applies it, refused (ENV_CHANGED) unless it is the file previewed. */
  'env-import:apply': channel<EnvImportResult>()(
    z.strictObject({
      path: filePath,
      workspace: workspace.optional(),
      fileHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
    }),
  ),
} as const satisfies Record<string, ChannelDef>;
