/**
 * A valid request per channel of `shared/ipc/quick.ts`, for `test/main/ipc.test.ts` (which derives the
 * bad payloads from it). `id: 'placeholder'` is replaced by a real credential id.
 */
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import type { quickContract } from '../../../shared/ipc/quick.js';

export const QUICK_SAMPLES: { [C in keyof typeof quickContract]: IpcRequest<C> } = {
  'prefs:get': {},
  'prefs:favourite': { id: 'placeholder', star: 'add' },
  'prefs:shortcut': { accelerator: 'Ctrl+Alt+K' },
  'trash:list': { workspace: 'Personal' },
  'trash:restore': { id: 'placeholder', newName: 'Restored' },
  'trash:empty': { workspace: 'Nope' },
};
