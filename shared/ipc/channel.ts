import type { z } from 'zod';

/** Declares a channel: the response type is given, the request schema is inferred. */
export const channel =
  <Res>() =>
  <Req extends z.ZodType>(request: Req) => ({ request, response: undefined as unknown as Res });

export type ChannelDef = { request: z.ZodType; response: unknown };
