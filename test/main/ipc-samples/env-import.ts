/** A valid request per channel of `shared/ipc/env-import.ts`, for `test/main/ipc.test.ts`. */
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import type { envImportContract } from '../../../shared/ipc/env-import.js';

export const ENV_IMPORT_SAMPLES: { [C in keyof typeof envImportContract]: IpcRequest<C> } = {
  'env-import:preview': { path: '/tmp/keydeck-ipc-sample.env' },
  'env-import:apply': { path: '/tmp/keydeck-ipc-sample.env', fileHash: 'a'.repeat(64) },
};
