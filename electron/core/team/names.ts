/**
 * Where a shared credential lives in the store: `<workspace>/<credential-name>.age` (passage's layout),
 * each segment a reversible safe file name, and the refusals that keep every path inside the store.
 */
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';

/** Characters kept as they are in a file name; everything else is percent-encoded (UTF-8). */
const SAFE = /[A-Za-z0-9_\-.]/;
/** Leaves room for `.age` and a temp suffix under the usual 255-byte limit. */
const MAX_SEGMENT = 200;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * A name as one file-name segment: letters, digits, `_ - .` stay; anything else (space, `/`, `%`,
 * unicode, a leading dot) becomes `%XX` per UTF-8 byte, so `decodeSegment` gives the name back exactly.
 */
export function encodeSegment(name: string): string {
  let out = '';
  for (const ch of name) {
    const keep = SAFE.test(ch) && !(ch === '.' && out === '');
    out += keep
      ? ch
      : [...Buffer.from(ch, 'utf8')].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
  }
  if (WINDOWS_RESERVED.test(out)) out = '%' + out.charCodeAt(0).toString(16).toUpperCase() + out.slice(1);
  if (!out) throw new KeydeckError('INVALID_NAME', 'An empty name cannot be a file in the team store.');
  if (out.length > MAX_SEGMENT) {
    throw new KeydeckError('INVALID_NAME', `"${name.slice(0, 40)}…" is too long to be a file in the team store.`);
  }
  return out;
}

/** The name a segment stands for; undefined when it is not one `encodeSegment` writes. */
export function decodeSegment(segment: string): string | undefined {
  if (!/^[A-Za-z0-9_\-.%]+$/.test(segment) || segment.startsWith('.')) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  // Only the one canonical spelling maps back: `a%2Db` and `a-b` are not both names.
  try {
    return encodeSegment(name) === segment ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The store-relative path of a credential's file. */
export function credentialPath(workspace: string, name: string): string {
  return `${encodeSegment(workspace)}/${encodeSegment(name)}.age`;
}

/**
 * A store-relative path as found in the repository (`git ls-tree`), checked: two segments, the second
 * ending `.age`, no `..`, not absolute, both decodable. Anything else is refused with the path named.
 */
export function parseCredentialPath(rel: string): { workspace: string; name: string } {
  const refuse = (why: string) =>
    new KeydeckError(
      'TEAM_PATH_ESCAPES',
      `The team store holds a path Keydeck refuses (${why}): ${JSON.stringify(rel.slice(0, 120))}.`,
    );
  if (path.isAbsolute(rel) || rel.startsWith('/') || /^[A-Za-z]:/.test(rel)) throw refuse('absolute');
  const parts = rel.split(/[/\\]/);
  if (parts.some((p) => p === '..' || p === '.' || p === '')) throw refuse('it leaves the store');
  if (parts.length !== 2 || !parts[1]!.endsWith('.age')) throw refuse('not <workspace>/<name>.age');
  const workspace = decodeSegment(parts[0]!);
  const name = decodeSegment(parts[1]!.slice(0, -4));
  if (workspace === undefined || name === undefined) throw refuse('not a name Keydeck writes');
  return { workspace, name };
}

/** `rel` resolved under `root`, refused if it would land outside it (`../`, absolute). */
export function insideStore(root: string, rel: string): string {
  const abs = path.resolve(root, rel);
  const back = path.relative(root, abs);
  if (path.isAbsolute(rel) || back.startsWith('..') || path.isAbsolute(back)) {
    throw new KeydeckError('TEAM_PATH_ESCAPES', `The path ${JSON.stringify(rel.slice(0, 120))} leaves the team store.`);
  }
  return abs;
}
