/**
 * A valid request per channel of `shared/ipc/work.ts`, for `test/main/ipc.test.ts` (which derives the
 * bad payloads from it). `id: 'placeholder'` is replaced by a real credential id.
 */
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import type { workContract } from '../../../shared/ipc/work.js';

export const WORK_SAMPLES: { [C in keyof typeof workContract]: IpcRequest<C> } = {};
