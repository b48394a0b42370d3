/**
 * A valid request per channel of `shared/ipc/validation.ts`, for `test/main/ipc.test.ts` (which derives the
 * bad payloads from it). `id: 'placeholder'` is replaced by a real credential id.
 */
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import type { validationContract } from '../../../shared/ipc/validation.js';

export const VALIDATION_SAMPLES: { [C in keyof typeof validationContract]: IpcRequest<C> } = {
  'validation:run': { id: 'placeholder', baseUrl: 'http://127.0.0.1:9/v1', timeoutSeconds: 2 },
  'validation:after-save': { id: 'placeholder' },
  'validation:router-check': { id: 'placeholder', inworld: 'Inworld' },
  'validation:start-all': { workspace: 'Personal', concurrency: 8 },
  'validation:cancel-all': { jobId: 'job-0000' },
};
