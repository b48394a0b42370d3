/**
 * The main list's search and filters over the loaded workspace. The text goes through the one matcher
 * (`fuzzy.ts`, the palette's too); the filters narrow the candidates first.
 */
import type { Credential } from '../../../shared/domain.js';
import { indexFor, searchCredentials, type Boosts } from './fuzzy.js';

export interface Filters {
  kind?: Credential['kind'];
  provider?: string;
  audience?: Credential['audience'];
  tag?: string;
}

let lastFilter: { items: readonly Credential[]; key: string; candidates: number[] } | undefined;

export function filterCredentials(
  items: readonly Credential[],
  text: string,
  f: Filters,
  boosts: Boosts = {},
): Credential[] {
  const filtered = !!(f.kind || f.provider || f.audience || f.tag);
  if (!text.trim() && !filtered) return items as Credential[];
  let candidates: number[] | undefined;
  const key = `${f.kind ?? ''}\u0000${f.provider ?? ''}\u0000${f.audience ?? ''}\u0000${f.tag ?? ''}`;
  if (filtered && lastFilter?.items === items && lastFilter.key === key) candidates = lastFilter.candidates;
  else if (filtered) {
    candidates = [];
    for (let i = 0; i < items.length; i++) {
      const c = items[i]!;
      if (f.kind && c.kind !== f.kind) continue;
      if (f.provider && c.provider !== f.provider) continue;
      if (f.audience && c.audience !== f.audience) continue;
      if (f.tag && !c.tags.includes(f.tag)) continue;
      candidates.push(i);
    }
    // The same filters on the same list give the same array: the matcher then narrows its last matches.
    lastFilter = { items, key, candidates };
  }
  return searchCredentials(items, text, { ...boosts, candidates });
}

/** Builds the search index up front (on load), so the first keystroke pays no indexing. */
export function indexCredentials(items: readonly Credential[]): void {
  indexFor(items);
}
