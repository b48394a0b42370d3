/**
 * A valid request per channel of `shared/ipc/work.ts`, for `test/main/ipc.test.ts` (which derives the
 * bad payloads from it). `id: 'placeholder'` is replaced by a real credential id.
 *
 * Optional booleans (`git`, `includeIgnored`, `overwrite`) are left out on purpose: the battery tries
 * each sample key "as a boolean", which would be a valid value for them.
 */
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import type { workContract } from '../../../shared/ipc/work.js';

export const WORK_SAMPLES: { [C in keyof typeof workContract]: IpcRequest<C> } = {
  'scan:start': { path: '/tmp/keydeck-ipc-sample' },
  'scan:cancel': { jobId: 'job-1' },
  'scan:hook': {},
  'scan:copy-hook': {},
  'projects:command': { credentials: ['OpenAI'], command: 'npm run dev' },
  'projects:copy': { credentials: ['OpenAI'], command: 'npm run dev', what: 'command' },
  'projects:save-file': { credentials: ['OpenAI'], workspace: 'Personal', folder: '/tmp/keydeck-ipc-sample' },
  'projects:trust': { folder: '/tmp/keydeck-ipc-sample' },
  'projects:allow': { folder: '/tmp/keydeck-ipc-sample', sha256: 'a'.repeat(64) },
  'projects:deny': { folder: '/tmp/keydeck-ipc-sample' },
  'backup:export': { output: '/tmp/keydeck-ipc-sample.age', passphrase: 'correct horse battery' },
  'backup:inspect': { path: '/tmp/keydeck-ipc-sample.age' },
  'backup:preview': { path: '/tmp/keydeck-ipc-sample.age', passphrase: 'correct horse battery' },
  'backup:import': { token: 'token-1', overwrite: [] },
  'backup:discard': { token: 'token-1' },
};
