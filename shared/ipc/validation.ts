/**
 * IPC channels for validation (live probes, validate all, BYOK router check). Spread into the one contract
 * in `shared/ipc-contract.ts`. Namespaced channel names; every request schema is a strict zod object.
 * Responses carry metadata and scrubbed results only, never a secret.
 */
import { z } from 'zod';
import { LIMITS, type Credential, type ValidationResult, type ValidationStatus } from '../domain.js';
import type { ErrorPayload } from '../errors.js';
import { channel, errorPayloadSchema, eventChannel, type ChannelDef, type EventDef } from './channel.js';

const id = z.string().min(1).max(64);
const workspace = z.string().min(1).max(LIMITS.nameChars);
/** Checked again by the core (`checkBaseUrl`: http(s) only, no credentials, no fragment). */
const baseUrl = z.string().min(1).max(2048);
const timeoutSeconds = z.number().positive().max(600);

export interface ValidationRunResult {
  credential: Credential;
  result: ValidationResult;
}

export interface RouterAttemptView {
  credentialType: string;
  model?: string;
  success?: boolean;
}

export interface RouterCheckView {
  /** `byok`: the router used the user's key; `system`: it fell back to Inworld's own; `failed`: no answer. */
  outcome: 'byok' | 'system' | 'failed';
  httpStatus?: number;
  callStatus?: ValidationStatus;
  model: string;
  attempts: RouterAttemptView[];
  checkedAt: string;
  detail: string;
  /** The BYOK key's metadata with the result stored as `routerCheck`. */
  credential: Credential;
}

export interface ValidateAllProgress {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number;
  /** How many credentials ended in each status so far (`error`: no probe could be made). */
  counts: Partial<Record<ValidationStatus | 'error', number>>;
  startedAt: string;
  finishedAt?: string;
  /** When the whole job failed (e.g. the catalog could not be written). */
  error?: ErrorPayload;
}

export const validationContract = {
  /** Probes one stored credential now and stores the result in its metadata. */
  'validation:run': channel<ValidationRunResult>()(
    z.strictObject({
      id,
      workspace: workspace.optional(),
      baseUrl: baseUrl.optional(),
      timeoutSeconds: timeoutSeconds.optional(),
    }),
  ),
  /** After a create or rotate: validates when `settings.validateOnSave` is on; `result` absent when off. */
  'validation:after-save': channel<{ credential?: Credential; result?: ValidationResult }>()(
    z.strictObject({ id, workspace: workspace.optional() }),
  ),
  /** The BYOK router check for a BYOK key, through the workspace's (or the named) Inworld key; the result is stored on the key. */
  'validation:router-check': channel<RouterCheckView>()(
    z.strictObject({ id, workspace: workspace.optional(), inworld: id.optional() }),
  ),
  /**
   * Starts "validate all" for a workspace as a job and answers its first progress (with its id); the
   * rest is pushed to the caller's window on `validation:all-progress`.
   */
  'validation:start-all': channel<ValidateAllProgress>()(
    z.strictObject({ workspace: workspace.optional(), concurrency: z.number().int().min(1).max(64).optional() }),
  ),
  /** Cancels a running "validate all" (probes in flight finish; no new one starts). */
  'validation:cancel-all': channel<{ cancelled: boolean }>()(z.strictObject({ jobId: z.string().min(1).max(64) })),
} as const satisfies Record<string, ChannelDef>;

const count = z.number().int().min(0);

/** One-way events (main → the window that started the job). */
export const validationEvents = {
  /** Each step of a "validate all" job, then its end (`done`, `failed` or `cancelled`). */
  'validation:all-progress': eventChannel<ValidateAllProgress>(
    z.strictObject({
      jobId: z.string().min(1).max(64),
      state: z.enum(['running', 'done', 'failed', 'cancelled']),
      done: count,
      total: count,
      counts: z.record(z.string(), count),
      startedAt: z.string(),
      finishedAt: z.string().optional(),
      error: errorPayloadSchema.optional(),
    }),
  ),
} as const satisfies Record<string, EventDef>;
