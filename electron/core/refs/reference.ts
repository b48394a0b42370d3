/**
 * The reference grammar (issue 16 §1), defined here once: env files, templates, `keydeck read`,
 * `keydeck ref` and the README all follow it. Zod-free: it is on the CLI's hot path.
 *
 *   reference = "keydeck://" [ workspace "/" ] credential [ "/" field ]
 *   workspace, credential = 1*( unreserved / pct-encoded )
 *   unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
 *   pct-encoded = "%" HEXDIG HEXDIG          ; UTF-8 bytes of any other character
 *   field = "secret" / "header" / "base_url" / "key_id" / "key_secret" / "env_var"   ; default "secret"
 *
 * Two segments are CREDENTIAL/FIELD when the second is a field name, else WORKSPACE/CREDENTIAL; so
 * `formatReference` writes the field whenever the credential's name is itself a field name.
 */
import { KeydeckError } from '../../../shared/errors.js';
import { REFERENCE_FIELDS, type ReferenceField } from '../../../shared/references.js';

export const REFERENCE_SCHEME = 'keydeck://';

export { REFERENCE_FIELDS, type ReferenceField };

export interface Reference {
  /** The workspace named in the reference; absent = the caller's (`--workspace`, else the active one). */
  workspace?: string;
  credential: string;
  field: ReferenceField;
}

export const REFERENCE_GRAMMAR =
  'keydeck://[WORKSPACE/]CREDENTIAL[/FIELD], FIELD one of ' + REFERENCE_FIELDS.join(', ');

/** Characters a segment may hold as they are; every other one is written %XX (its UTF-8 bytes). */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
/** Characters a reference may span in running text: the scheme's tail, segments, `/` and `%XX`. */
const REF_CHAR = /[A-Za-z0-9\-._~%/]/;

function isField(s: string): s is ReferenceField {
  return (REFERENCE_FIELDS as readonly string[]).includes(s);
}

function invalid(text: string, why: string): KeydeckError {
  const shown = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return new KeydeckError(
    'INVALID_REFERENCE',
    `${JSON.stringify(shown)} is not a Keydeck reference: ${why}. The form is ${REFERENCE_GRAMMAR}; encode "/", "%", spaces and other characters as %XX.`,
  );
}

function decodeSegment(text: string, seg: string, what: string): string {
  if (!seg) throw invalid(text, `the ${what} is empty`);
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '%') {
      if (!/^[0-9A-Fa-f]{2}$/.test(seg.slice(i + 1, i + 3))) {
        throw invalid(text, `"%" in the ${what} must be followed by two hex digits`);
      }
      i += 2;
    } else if (!UNRESERVED.test(c)) {
      const shown = /[\x21-\x7e]/.test(c)
        ? `"${c}"`
        : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      throw invalid(text, `the ${what} contains ${shown}, which must be percent-encoded`);
    }
  }
  let out: string;
  try {
    out = decodeURIComponent(seg);
  } catch {
    throw invalid(text, `the ${what}'s %XX bytes are not valid UTF-8`);
  }
  if (/[\u0000-\u001f\u007f]/.test(out)) throw invalid(text, `the ${what} decodes to a control character`);
  return out.normalize('NFC');
}

/** Parses one reference; throws INVALID_REFERENCE saying what is wrong and showing the grammar. */
export function parseReference(text: string): Reference {
  if (!text.startsWith(REFERENCE_SCHEME)) {
    throw invalid(
      text,
      text.toLowerCase().startsWith(REFERENCE_SCHEME)
        ? 'write the scheme in lower case'
        : `it must start with ${REFERENCE_SCHEME}`,
    );
  }
  const rest = text.slice(REFERENCE_SCHEME.length);
  if (!rest) throw invalid(text, 'no credential is named');
  const segs = rest.split('/');
  if (segs.length > 3) throw invalid(text, `it has ${segs.length} parts; at most 3 (workspace, credential, field)`);
  if (segs.length === 3) {
    const field = segs[2]!;
    if (!isField(field)) throw invalid(text, `unknown field "${field.slice(0, 40)}"`);
    return {
      workspace: decodeSegment(text, segs[0]!, 'workspace'),
      credential: decodeSegment(text, segs[1]!, 'credential'),
      field,
    };
  }
  if (segs.length === 2) {
    const second = segs[1]!;
    if (isField(second)) return { credential: decodeSegment(text, segs[0]!, 'credential'), field: second };
    return {
      workspace: decodeSegment(text, segs[0]!, 'workspace'),
      credential: decodeSegment(text, second, 'credential'),
      field: 'secret',
    };
  }
  return { credential: decodeSegment(text, segs[0]!, 'credential'), field: 'secret' };
}

function encodeSegment(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    if (UNRESERVED.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The reference to paste for a credential. The field is left out when it is `secret`, unless the
 * credential's name is itself a field name and a workspace is given (then it would read as CREDENTIAL/FIELD).
 */
export function formatReference(r: { workspace?: string; credential: string; field?: ReferenceField }): string {
  if (!r.credential) throw new KeydeckError('INVALID_REFERENCE', 'A reference needs a credential name.');
  const field = r.field ?? 'secret';
  const parts = [...(r.workspace ? [encodeSegment(r.workspace)] : []), encodeSegment(r.credential)];
  const cred = encodeSegment(r.credential);
  if (field !== 'secret' || (r.workspace && isField(cred))) parts.push(field);
  return REFERENCE_SCHEME + parts.join('/');
}

export interface FoundReference {
  /** Offsets in the text: [start, end). */
  start: number;
  end: number;
  text: string;
}

/**
 * Where references occur in a text (an env value, a placeholder's inside): each `keydeck://` and the
 * characters a reference may hold after it. A reference ends at the first other character (a space,
 * a quote, `@`, `}`…), so one can sit inside a longer value (`postgres://app:keydeck://DB/key_secret@db`).
 * Found spans are not parsed here: `parseReference` says what is wrong with a malformed one.
 */
export function findReferences(text: string): FoundReference[] {
  const out: FoundReference[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(REFERENCE_SCHEME, from);
    if (start < 0) return out;
    let end = start + REFERENCE_SCHEME.length;
    while (end < text.length && REF_CHAR.test(text[end]!)) end++;
    out.push({ start, end, text: text.slice(start, end) });
    from = end;
  }
}
