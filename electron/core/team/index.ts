/**
 * The team vault on git + age (issue 13): the store's layout and file codec, identities, members,
 * share, sync and status. Loaded on demand (`core.load.team()`), so other commands never load age or git.
 */
import type { CoreParts } from '../core-parts.js';
import { TeamService } from './service.js';

export { TeamService, type StatusItem, type SyncReport, type ItemState } from './service.js';
export { encodeSegment, decodeSegment, credentialPath, parseCredentialPath } from './names.js';
export { parseRecipients, isRecipient } from './recipients.js';
export { encodeEntry, decodeEntry, TEAM_FORMAT } from './codec.js';

/** The team service of a core. */
export function teamService(core: CoreParts): TeamService {
  return new TeamService(core);
}
