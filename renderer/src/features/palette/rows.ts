/**
 * The palette's rows for a query: keys (Enter copies the header), a key's actions ("curl openai",
 * "mint rt"), and app-wide commands ("go trash"). Matching is the one matcher's (lib/fuzzy.ts).
 */
import type { Credential } from '../../../../shared/domain.js';
import { queryTerms, searchCredentials, type Boosts } from '../../lib/fuzzy.js';
import { COMMANDS, KEY_ACTIONS, namesAction, type Command, type KeyAction } from './actions.js';

export type Row =
  | { type: 'key'; id: string; cred: Credential }
  | { type: 'action'; id: string; cred: Credential; action: KeyAction }
  | { type: 'command'; id: string; command: Command };

export const MAX_ROWS = 50;

const keyRows = new WeakMap<Credential, Row>();
/** One row object per credential, kept across keystrokes, so the palette's memoized rows can skip it. */
function keyRow(cred: Credential): Row {
  let r = keyRows.get(cred);
  if (!r) keyRows.set(cred, (r = { type: 'key', id: `k-${cred.id}`, cred }));
  return r;
}
const actionRow = (cred: Credential, action: KeyAction): Row => ({
  type: 'action',
  id: `a-${cred.id}-${action.id}`,
  cred,
  action,
});

/** The actions of one key (the palette's second level), narrowed by the query. */
export function actionRows(cred: Credential, query: string, favourites: readonly string[]): Row[] {
  const terms = queryTerms(query);
  return KEY_ACTIONS.filter((a) => a.applies(cred, favourites))
    .filter((a) => terms.every((t) => namesAction(t, a.words) || a.label.toLowerCase().includes(t)))
    .map((a) => actionRow(cred, a));
}

export function paletteRows(
  items: readonly Credential[],
  query: string,
  boosts: Boosts & { favouriteIds: readonly string[] },
): Row[] {
  const terms = queryTerms(query);
  const opts = { ...boosts, boostEmpty: true };
  const commands = terms.length
    ? COMMANDS.filter((c) => terms.every((t) => namesAction(t, c.words) || c.label.toLowerCase().includes(t))).map(
        (command): Row => ({ type: 'command', id: `c-${command.id}`, command }),
      )
    : [];
  const verbs = terms.filter((t) => KEY_ACTIONS.some((a) => namesAction(t, a.words)));
  if (!verbs.length) {
    const keys = searchCredentials(items, query, { ...opts, limit: MAX_ROWS }).map(keyRow);
    return [...keys, ...commands].slice(0, MAX_ROWS);
  }
  // "curl openai": the actions the verbs name, for the keys the other words find.
  const rest = terms.filter((t) => !verbs.includes(t)).join(' ');
  const acts = KEY_ACTIONS.filter((a) => verbs.every((v) => namesAction(v, a.words)));
  const out: Row[] = [];
  for (const cred of searchCredentials(items, rest, { ...opts, limit: MAX_ROWS })) {
    for (const a of acts) if (a.applies(cred, boosts.favouriteIds)) out.push(actionRow(cred, a));
    if (out.length >= MAX_ROWS) break;
  }
  // A key whose own name holds the verb ("Test key" for "test") still shows up, after the actions.
  const named = searchCredentials(items, query, { ...opts, limit: 5 }).map(keyRow);
  return [...out, ...named, ...commands].slice(0, MAX_ROWS);
}
