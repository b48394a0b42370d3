/**
 * Where each variable of a `.env` file sits, so the file can be rewritten in place: for every
 * assignment, its lines, the text before the value (`export KEY=`) and the text after it (a comment),
 * with the line ending kept. Lines that are not assignments (comments, blanks) are kept as they are.
 * Only places: what a value is, and which files are refused, is the dotenv grammar of core/env-file.ts
 * (`parseEnvFile`), which runs first.
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
}

export interface EnvLayout {
  /** The file's lines, each with its own line ending (a BOM stays on the first). */
  lines: string[];
  spans: EnvSpan[];
}

const ASSIGN = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(\s*=[ \t]*)(.*)$/;

function stripEol(line: string): string {
  return line.replace(/\r?\n$/, '');
}

/** The line and text after the closing quote of a value that starts with a quote at `rest[0]`. */
function closing(lines: string[], i: number, rest: string): { last: number; tail: string } {
  const q = rest[0]!;
  let text = rest.slice(1);
  for (let last = i; ;) {
    for (let j = 0; j < text.length; j++) {
      if (text[j] === '\\' && q === '"') j++;
      else if (text[j] === q) return { last, tail: text.slice(j + 1) };
    }
    if (++last >= lines.length) throw new KeydeckError('INVALID_ENV_FILE', `line ${i + 1}: a quote is never closed`);
    text = stripEol(lines[last]!);
  }
}

/** The file's assignments and their places (the file was already checked by `parseEnvFile`). */
export function envLayout(text: string): EnvLayout {
  const lines = text.split(/(?<=\n)/);
  const spans: EnvSpan[] = [];
  for (let i = 0; i < lines.length; i++) {
    const bom = i === 0 && lines[0]!.startsWith('\uFEFF') ? '\uFEFF' : '';
    const m = ASSIGN.exec(stripEol(lines[i]!).slice(bom.length));
    if (!m || m[1]!.trimStart().startsWith('#')) continue;
    const [, lead, variable, eq, rest] = m as unknown as [string, string, string, string, string];
    const head = bom + lead + variable + eq;
    if (rest[0] === '"' || rest[0] === "'" || rest[0] === '`') {
      const c = closing(lines, i, rest);
      spans.push({ variable, first: i, last: c.last, head, tail: c.tail });
      i = c.last;
      continue;
    }
    const hash = /\s#/.exec(rest);
    const value = (hash ? rest.slice(0, hash.index) : rest).trimEnd();
    spans.push({ variable, first: i, last: i, head, tail: rest.slice(value.length) });
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
