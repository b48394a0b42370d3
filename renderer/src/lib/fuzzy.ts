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
/**
 * The same two for a word of ASCII letters and digits only (most queries; ASCII punctuation splits words in both): uFuzzy's default classes
 * compile and run several times faster than Unicode property classes.
 */
const fuzzyAscii = new uFuzzy({ intraMode: 0, intraIns: 8 });
const exactAscii = new uFuzzy({ intraMode: 0, intraIns: 0 });
const ASCII_WORD = /^[\x21-\x7e]+$/;
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
  codes: string[];
  names: string[];
  /** Credential id → its place in `items`. */
  at: Map<string, number>;
}

const indexes = new WeakMap<readonly Credential[], Index>();

/** What fuzzy matching runs over: the words a person types (name, provider, tags, env var, kind). */
function haystackOf(c: Credential): string {
  return [c.name, c.provider, ...c.tags.map((t) => `#${t}`), c.envVar, c.kind].join(' \u2502 ');
}

/**
 * Prefixes and fingerprints, lower case: matched as typed (a substring), never fuzzily: letters picked
 * out of a hex fingerprint are noise, and a fuzzy pass over them cost most of a keystroke at 10,000 keys.
 */
function codesOf(c: Credential): string {
  const codes = new Set([c.displayPrefix, c.fingerprint]);
  for (const v of c.versions) codes.add(v.displayPrefix).add(v.fingerprint);
  return [...codes].join(' ').toLowerCase();
}

/** The search index of a list, built once per loaded list (cheap to call again). */
export function indexFor(items: readonly Credential[]): Index {
  let idx = indexes.get(items);
  if (!idx) {
    idx = {
      items,
      haystacks: items.map(haystackOf),
      codes: items.map(codesOf),
      names: items.map((c) => c.name.toLowerCase()),
      at: new Map(items.map((c, i) => [c.id, i])),
    };
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

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** A letter or digit: ASCII by its code (the common case, no regex), anything else by Unicode class. */
function isWordChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return WORD_CHAR.test(ch);
}

/** How well a term sits in a name: 0 a prefix, 1 a word start, 2 inside, 3 elsewhere (tags, env var…). */
function termScore(name: string, bare: string): number {
  const at = name.indexOf(bare);
  if (at === 0) return 0;
  if (at > 0) return isWordChar(name[at - 1]!) ? 2 : 1;
  return 3;
}

/**
 * The last search's matches, for the next keystroke: when the new query only narrows the last one (each
 * of its words extended or kept, words added), only the keys that matched last time can match now, and
 * only the new or changed words need a pass. Typing "serv" after "ser" filters the "ser" hits, not 10,000.
 */
let last: { items: readonly Credential[]; candidates?: number[]; terms: string[]; hits: number[] } | undefined;

function narrows(prev: readonly string[], next: readonly string[]): boolean {
  return prev.every((p) => next.some((n) => n.startsWith(p)));
}

/** The keys among `among` (all when omitted, ascending) that one term finds: fuzzily in their words, or in their codes. */
function matchTerm(idx: Index, term: string, among: number[] | undefined): number[] {
  const long = term.length > FUZZY_TERM_CHARS;
  const ascii = ASCII_WORD.test(term);
  const uf = long ? (ascii ? exactAscii : exact) : ascii ? fuzzyAscii : fuzzy;
  const words = uf.filter(idx.haystacks, term, among) ?? [];
  // Merged in the list's order with the keys whose prefix or fingerprint holds the term as typed.
  const out: number[] = [];
  let w = 0;
  const check = (i: number) => {
    while (w < words.length && words[w]! < i) out.push(words[w++]!);
    if (w < words.length && words[w] === i) {
      out.push(words[w++]!);
      return;
    }
    if (idx.codes[i]!.includes(term)) out.push(i);
  };
  if (among) for (const i of among) check(i);
  else for (let i = 0; i < idx.codes.length; i++) check(i);
  while (w < words.length) out.push(words[w++]!);
  return out;
}

/** The indexes of the keys whose haystack matches every term (unordered: the list's own order). */
function matching(idx: Index, terms: string[], candidates: number[] | undefined): number[] {
  let hits: number[] | undefined = candidates;
  let todo = terms;
  if (last && last.items === idx.items && last.candidates === candidates && narrows(last.terms, terms)) {
    hits = last.hits;
    const done = last.terms;
    todo = terms.filter((t) => !done.includes(t));
  }
  for (const term of todo) {
    if (hits && !hits.length) break;
    hits = matchTerm(idx, term, hits);
  }
  const out = hits ?? idx.items.map((_, i) => i);
  last = { items: idx.items, candidates, terms, hits: out };
  return out;
}

const isIndex = (i: number | undefined): i is number => i !== undefined;

/**
 * The opening list (no query, favourites and recents first) without sorting every key: starred keys
 * (recent ones first), then the other recents, then the list's order, up to `limit`.
 */
function opening(idx: Index, opts: Boosts & { limit?: number }): Credential[] {
  const limit = opts.limit ?? Infinity;
  const rec = opts.recents;
  const rank = (i: number) => rec?.get(idx.items[i]!.id) ?? Number.MAX_SAFE_INTEGER;
  const byRank = (a: number, b: number) => rank(a) - rank(b) || a - b;
  const fav = [...(opts.favourites ?? [])].map((id) => idx.at.get(id)).filter(isIndex);
  const favSet = new Set(fav);
  const recent = [...(rec?.keys() ?? [])]
    .map((id) => idx.at.get(id))
    .filter((i) => isIndex(i) && !favSet.has(i)) as number[];
  const first = [...fav.sort(byRank), ...recent.sort(byRank)];
  const taken = new Set(first);
  const out: Credential[] = [];
  for (const i of first) {
    if (out.length >= limit) return out;
    out.push(idx.items[i]!);
  }
  for (let i = 0; i < idx.items.length && out.length < limit; i++) if (!taken.has(i)) out.push(idx.items[i]!);
  return out;
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
  // Only punctuation or control characters: nothing can match them.
  if (!terms.length && query.trim()) return [];
  if (!terms.length) {
    if (opts.boostEmpty && !opts.candidates) return opening(idx, opts);
    const all = opts.candidates ?? items.map((_, i) => i);
    if (!opts.boostEmpty) return pick(items, all, opts.limit);
  }
  const hits = terms.length ? matching(idx, terms, opts.candidates) : opts.candidates!;
  if (!hits.length) return [];
  const fav = opts.favourites;
  const rec = opts.recents;
  const bares = terms.map((t) => t.replace(/^#/, ''));
  // One number per hit, sorted natively (no objects, no comparator): favourite, recent rank, match
  // quality, then the list's order, packed from most to least significant. Exact below 2^53.
  const n = items.length;
  const recentSpan = (rec?.size ?? 0) + 1;
  const keys = new Float64Array(hits.length);
  for (let k = 0; k < hits.length; k++) {
    const i = hits[k]!;
    const id = items[i]!.id;
    const f = fav?.has(id) ? 0 : 1;
    const r = Math.min(rec?.get(id) ?? recentSpan - 1, recentSpan - 1);
    let q = 0;
    for (const b of bares) q += termScore(idx.names[i]!, b);
    keys[k] = ((f * recentSpan + r) * (4 * MAX_TERMS) + q) * n + i;
  }
  keys.sort();
  const limit = Math.min(opts.limit ?? Infinity, keys.length);
  const out: Credential[] = new Array<Credential>(limit);
  for (let k = 0; k < limit; k++) out[k] = items[keys[k]! % n]!;
  return out;
}

function pick(items: readonly Credential[], order: number[], limit = Infinity): Credential[] {
  if (limit >= order.length && order.length === items.length) return items as Credential[];
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
