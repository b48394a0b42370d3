/**
 * IPC channels for JWT workbench and local realtime sandbox. Spread into the one contract in `shared/ipc-contract.ts`.
 * Namespaced channel names, e.g. 'jwt:mint', 'sandbox:start'; every request schema is a strict zod object.
 */
import type { ChannelDef } from './channel.js';

export const jwtContract = {} as const satisfies Record<string, ChannelDef>;
