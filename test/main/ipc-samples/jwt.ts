/**
 * A valid request per channel of `shared/ipc/jwt.ts`, for `test/main/ipc.test.ts` (which derives the
 * bad payloads from it). `id: 'placeholder'` is replaced by a real credential id.
 */
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import type { jwtContract } from '../../../shared/ipc/jwt.js';

export const JWT_SAMPLES: { [C in keyof typeof jwtContract]: IpcRequest<C> } = {};
