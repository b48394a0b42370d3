/**
 * The one credential matcher (issue 11 §2): the palette and the main list's search both use it. Fuzzy,
 * multi-word and order-free ("prod inworld" finds "Inworld prod"), over name, provider, tags (with or
 * without `#`), env var, display prefix and fingerprint, with `@leeoniya/ufuzzy` doing the matching
 * (https://github.com/leeoniya/uFuzzy). Each word of the query narrows the previous word's matches, so a
 * keystroke over 10,000 keys is one regex pass per word over the keys still in the running.
 *
 * Any query is safe: control characters are dropped, regex metacharacters are separators (uFuzzy splits
 * on them), and only the first MAX_QUERY_CHARS / MAX_TERMS count: no key holds more, and a 10,000-
 * character paste must not cost 10,000 passes.
 */
import uFuzzy from '@leeoniya/ufuzzy';
import type { Credential } from '../../../shared/domain.js';

export const MAX_QUERY_CHARS = 256;
export const MAX_TERMS = 8;

// Letters of any script count as letters (the uFuzzy README's unicode options).
const UNICODE = {
  unicode: true,
  interSplit: "[^\\p{L}\\d']+",
  intraSplit: '\\p{Ll}\\p{Lu}',
  intraBound: '\\p{L}\\d|\\d\\p{L}|\\p{Ll}\\p{Lu}',
  intraChars: "[\\p{L}\\d']",
  intraContr: "'\\p{L}{1,2}\\b",
} as const;
/** "oai" finds "openai": up to 8 letters may sit between a word's typed letters. */
const fuzzy = new uFuzzy({ ...UNICODE, intraMode: 0, intraIns: 8 });
/**
 * A word longer than FUZZY_TERM_CHARS is matched as typed: whoever types that much means the exact text,
 * and a long fuzzy pattern would backtrack for far too long on every key.
 */
const exact = new uFuzzy({ ...UNICODE, intraMode: 0, intraIns: 0 });
export const FUZZY_TERM_CHARS = 12;

/** Ranks that decide order before the match quality: starred keys, then recently used ones. */
export interface Boosts {
  favourites?: ReadonlySet<string>;
  /** Credential id → its place in the recents (0 = most recent). */
  recents?: ReadonlyMap<string, number>;
}

interface Index {
  items: readonly Credential[];
  haystacks: string[];
  names: string[];
}

const indexes = new WeakMap<readonly Credential[], Index>();

function haystackOf(c: Credential): string {
  return [
    c.name,
    c.provider,
    ...c.tags.map((t) => `#${t}`),
    c.envVar,
    c.kind,
    c.displayPrefix,
    c.fingerprint,
    ...c.versions.map((v) => `${v.displayPrefix} ${v.fingerprint}`),
  ].join(' \u2502 ');
}

/** The search index of a list, built once per loaded list (cheap to call again). */
export function indexFor(items: readonly Credential[]): Index {
  let idx = indexes.get(items);
  if (!idx) {
    idx = { items, haystacks: items.map(haystackOf), names: items.map((c) => c.name.toLowerCase()) };
    indexes.set(items, idx);
  }
  return idx;
}

/** The query's words, made safe: no control characters, bounded in length and count, lower case. */
export function queryTerms(query: string): string[] {
  const clean = query
    .slice(0, MAX_QUERY_CHARS * 4)
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .slice(0, MAX_QUERY_CHARS)
    .toLowerCase();
  const terms: string[] = [];
  for (const raw of clean.split(/\s+/)) {
    // uFuzzy splits a word on punctuation itself; a word of punctuation only ("(((", "#") matches nothing.
    if (!/[\p{L}\p{N}]/u.test(raw)) continue;
    if (!terms.includes(raw)) terms.push(raw);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** How well a term sits in a name: 0 a prefix, 1 a word start, 2 inside, 3 elsewhere (tags, env var…). */
function termScore(name: string, term: string): number {
  const bare = term.replace(/^#/, '');
  const at = name.indexOf(bare);
  if (at === 0) return 0;
  if (at > 0) return /[\p{L}\p{N}]/u.test(name[at - 1]!) ? 2 : 1;
  return 3;
}

/**
 * The credentials matching `query` among `candidates` (indexes into `items`, all when omitted), best
 * first: favourites, then recents, then match quality, then the list's order. An empty query keeps the given order,
 * with favourites and recents first only when `boostEmpty` is set (the palette's opening list).
 */
export function searchCredentials(
  items: readonly Credential[],
  query: string,
  opts: Boosts & { candidates?: number[]; limit?: number; boostEmpty?: boolean } = {},
): Credential[] {
  const idx = indexFor(items);
  const terms = queryTerms(query);
  let hits: number[] | null = opts.candidates ?? null;
  if (terms.length) {
    for (const term of terms) {
      const uf = term.length > FUZZY_TERM_CHARS ? exact : fuzzy;
      hits = uf.filter(idx.haystacks, term, hits ?? undefined) ?? [];
      if (!hits.length) return [];
    }
  } else if (query.trim() && !terms.length) {
    // Only punctuation or control characters: nothing can match them.
    return [];
  }
  const all = hits ?? items.map((_, i) => i);
  if (!terms.length && !opts.boostEmpty) return pick(items, all, opts.limit);
  const fav = opts.favourites;
  const rec = opts.recents;
  const scored = all.map((i) => {
    const c = items[i]!;
    let q = 0;
    for (const t of terms) q += termScore(idx.names[i]!, t);
    return { i, f: fav?.has(c.id) ? 0 : 1, r: rec?.get(c.id) ?? Number.MAX_SAFE_INTEGER, q };
  });
  // Numbers only (no string compares): ties keep the list's own order, so 10,000 hits sort in a few ms.
  scored.sort((a, b) => a.f - b.f || a.r - b.r || a.q - b.q || a.i - b.i);
  return pick(
    items,
    scored.map((s) => s.i),
    opts.limit,
  );
}

function pick(items: readonly Credential[], order: number[], limit = Infinity): Credential[] {
  const out: Credential[] = [];
  for (const i of order) {
    if (out.length >= limit) break;
    out.push(items[i]!);
  }
  return out;
}

/** Boosts from the stored preferences. */
export function boostsFrom(p: { favourites: readonly string[]; recents: readonly { credentialId: string }[] }): Boosts {
  return {
    favourites: new Set(p.favourites),
    recents: new Map(p.recents.map((r, i) => [r.credentialId, i])),
  };
}
