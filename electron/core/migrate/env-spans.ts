/**
 * Where each variable of a `.env` file sits, so the file can be rewritten in place: for every
 * assignment, its lines, the text before the value (`export KEY=`) and the text after it (a comment),
 * with the line ending kept. Lines that are not assignments (comments, blanks) are kept as they are.
 * The values themselves follow the dotenv grammar most tools share (see `valueOf`).
 */
import { KeydeckError } from '../../../shared/errors.js';

export interface EnvSpan {
  variable: string;
  /** 0-based index of the first and last line of the assignment in `lines`. */
  first: number;
  last: number;
  /** `export KEY=` as written (indentation and spacing kept). */
  head: string;
  /** What follows the value on its last line (` # comment`), without the line ending. */
  tail: string;
  value: string;
}

export interface EnvLayout {
  /** The file's lines, each with its own line ending. */
  lines: string[];
  spans: EnvSpan[];
}

const ASSIGN = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=[ \t]*)(.*)$/;

function stripEol(line: string): string {
  return line.replace(/\r?\n$/, '');
}

function unescapeDouble(s: string): string {
  return s.replace(/\\([nrt"\\$`])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

/** Reads a quoted value starting on `lines[i]` at `rest` (which starts with the quote). */
function quoted(
  lines: string[],
  i: number,
  rest: string,
  variable: string,
): { value: string; last: number; tail: string } {
  const q = rest[0]!;
  let text = rest.slice(1);
  let last = i;
  for (;;) {
    let j = 0;
    while (j < text.length) {
      const ch = text[j]!;
      if (ch === '\\' && q !== "'") {
        j += 2;
        continue;
      }
      if (ch === q) {
        const inner = text.slice(0, j);
        const tail = text.slice(j + 1);
        if (tail.trim() && !/^\s+#/.test(tail) && !tail.trim().startsWith('#')) {
          throw new KeydeckError(
            'ENV_SYNTAX',
            `Line ${last + 1}: text after the closing quote of ${variable} (quote the whole value or use a # comment).`,
          );
        }
        return { value: q === '"' ? unescapeDouble(inner) : inner, last, tail };
      }
      j++;
    }
    if (last + 1 >= lines.length) {
      throw new KeydeckError(
        'ENV_SYNTAX',
        `Line ${i + 1}: the value of ${variable} opens with ${q} but never closes. Nothing was imported.`,
      );
    }
    last++;
    text += '\n' + stripEol(lines[last]!);
  }
}

/** The file's assignments and their places. Duplicate names and unclosed quotes are errors with the line. */
export function envLayout(text: string): EnvLayout {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/(?<=\n)/);
  if (text.startsWith('\uFEFF') && lines.length) lines[0] = '\uFEFF' + lines[0];
  const spans: EnvSpan[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = stripEol(lines[i]!).replace(/^\uFEFF/, '');
    const m = ASSIGN.exec(line);
    if (!m) continue;
    const [, lead, variable, eq, rest] = m as unknown as [string, string, string, string, string];
    const head = (lines[i]!.startsWith('\uFEFF') ? '\uFEFF' : '') + lead + variable + eq;
    const before = seen.get(variable);
    if (before !== undefined) {
      throw new KeydeckError(
        'ENV_DUPLICATE',
        `Line ${i + 1}: ${variable} is set again (first on line ${before + 1}). Keep one, then import. Nothing was imported.`,
      );
    }
    seen.set(variable, i);
    if (rest[0] === '"' || rest[0] === "'" || rest[0] === '`') {
      const q = quoted(lines, i, rest, variable);
      spans.push({ variable, first: i, last: q.last, head, tail: q.tail, value: q.value });
      i = q.last;
      continue;
    }
    const hash = /\s#/.exec(rest);
    const raw = hash ? rest.slice(0, hash.index) : rest;
    const value = raw.trimEnd();
    spans.push({ variable, first: i, last: i, head, tail: rest.slice(value.length), value });
  }
  return { lines, spans };
}

/** The file with each named span's value replaced (same lines elsewhere, same line endings). */
export function rewriteLayout(layout: EnvLayout, replace: ReadonlyMap<string, string>): string {
  const out: string[] = [];
  const byFirst = new Map(layout.spans.map((s) => [s.first, s]));
  for (let i = 0; i < layout.lines.length; i++) {
    const span = byFirst.get(i);
    const next = span && replace.get(span.variable);
    if (!span || next === undefined) {
      out.push(layout.lines[i]!);
      continue;
    }
    const eol = /\r?\n$/.exec(layout.lines[span.last]!)?.[0] ?? '';
    out.push(`${span.head}${next}${span.tail}${eol}`);
    i = span.last;
  }
  return out.join('');
}
