/**
 * IPC channels for keys at work: leak scan, exec "copy command", backups. Spread into the one contract in `shared/ipc-contract.ts`.
 * Namespaced channel names, e.g. 'scan:run'; every request schema is a strict zod object.
 */
import type { ChannelDef } from './channel.js';

export const workContract = {} as const satisfies Record<string, ChannelDef>;
