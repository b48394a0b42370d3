/** A valid request per channel of `shared/ipc/team.ts`, for `test/main/ipc.test.ts`. */
import type { IpcRequest } from '../../../shared/ipc-contract.js';
import type { teamContract } from '../../../shared/ipc/team.js';

export const TEAM_SAMPLES: { [C in keyof typeof teamContract]: IpcRequest<C> } = {
  'team:status': {},
  'team:marks': {},
  'team:share': { id: 'placeholder', action: 'share' },
  'team:sync': { take: { side: 'mine', name: 'OpenAI' } },
  'team:copy-recipient': {},
};
