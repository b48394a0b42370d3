import { z } from 'zod';

/** Declares a channel: the response type is given, the request schema is inferred. */
export const channel =
  <Res>() =>
  <Req extends z.ZodType>(request: Req) => ({ request, response: undefined as unknown as Res });

export type ChannelDef = { request: z.ZodType; response: unknown };

/**
 * Declares a one-way event channel (main → renderer, `webContents.send`): its payload's schema, checked
 * against the payload type so the two cannot drift. The preload parses every payload with it.
 */
export const eventChannel = <P>(payload: z.ZodType<P>) => ({ payload });

export type EventDef = { payload: z.ZodType };

/** An error as it crosses IPC: `{ code, message, field? }` (see `shared/errors.ts`). */
export const errorPayloadSchema = z.strictObject({
  code: z.string().min(1).max(64),
  message: z.string().max(2000),
  field: z.string().max(200).optional(),
  issues: z
    .array(z.strictObject({ field: z.string().max(200).optional(), message: z.string().max(2000) }))
    .max(50)
    .optional(),
});
