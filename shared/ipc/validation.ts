/**
 * IPC channels for validation (live probes, validate all, BYOK router check). Spread into the one contract in `shared/ipc-contract.ts`.
 * Namespaced channel names, e.g. 'validation:run'; every request schema is a strict zod object.
 */
import type { ChannelDef } from './channel.js';

export const validationContract = {} as const satisfies Record<string, ChannelDef>;
