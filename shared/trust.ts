/**
 * How a trusted file's request reads to a person (issue 16 §5): the one wording for the CLI's refusal
 * and `keydeck allow` prompt and the app's Allow dialog. Names come from a file someone else may have
 * written, so each is made printable and the list is cut short.
 */
import type { TrustKind } from './constants.js';
import { printable } from './rules.js';

/** Most names a message lists before "and N more". */
const LIST_AT_MOST = 12;

/** `workspace "W": A, B, C` (a project file) or `2 references: keydeck://…, …` (an env file). */
export function describeAsks(asks: { kind: TrustKind; workspace?: string; credentials: string[] }): string {
  const shown = asks.credentials.slice(0, LIST_AT_MOST).map((n) => printable(n));
  const more = asks.credentials.length - shown.length;
  const names = shown.length ? shown.join(', ') + (more > 0 ? ` and ${more} more` : '') : 'nothing';
  if (asks.kind === 'env-file') {
    return `${asks.credentials.length === 1 ? '1 reference' : `${asks.credentials.length} references`}: ${names}`;
  }
  const ws = asks.workspace !== undefined ? `workspace "${printable(asks.workspace)}"` : 'the active workspace';
  return `${ws}: ${names}`;
}
