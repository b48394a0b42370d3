/**
 * `keydeck inject` templates (issue 16 §3): any text with `{{ keydeck://… }}` placeholders (spaces
 * inside the braces optional). A placeholder may end in a filter that quotes the value for where it
 * goes, because raw substitution cannot be safe in every file (a value with a quote or a newline ends
 * a quoted `.env` value early):
 *
 *   {{ keydeck://OpenAI }}            the value as is
 *   {{ keydeck://OpenAI | dotenv }}   a `.env` value that npm dotenv, node and python-dotenv read back
 *                                     byte for byte (or an error saying why no quoting can: ../env-lines.ts)
 *   {{ keydeck://OpenAI | shell }}    one POSIX shell word ('…')
 *   {{ keydeck://OpenAI | json }}     a JSON string, quotes included (also valid YAML)
 *
 * A `{{` not followed by `keydeck://` is left alone (other template languages use braces too). A
 * placeholder must close on its own line; one that does not is an error with its line:column.
 */
import { KeydeckError } from '../../../shared/errors.js';
import type { CredentialService } from '../credential-service.js';
import { bashQuote, dotenvQuote } from '../env-lines.js';
import { parseReference } from './reference.js';
import { resolveReferences } from './resolve.js';

export const TEMPLATE_FILTERS = ['dotenv', 'shell', 'json'] as const;
export type TemplateFilter = (typeof TEMPLATE_FILTERS)[number];

export interface Placeholder {
  /** Offsets of the whole `{{ … }}` in the text: [start, end). */
  start: number;
  end: number;
  /** `FILE:LINE:COLUMN` of the `{{` (1-based). */
  where: string;
  ref: string;
  filter?: TemplateFilter;
}

const OPEN = /\{\{[ \t]*keydeck:\/\//g;

/** The placeholders of a template; throws INVALID_TEMPLATE listing every malformed one with its place. */
export function parseTemplate(text: string, file: string): Placeholder[] {
  const out: Placeholder[] = [];
  const problems: string[] = [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const whereOf = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return `${file}:${lo + 1}:${pos - lineStarts[lo]! + 1}`;
  };
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    const start = m.index;
    const where = whereOf(start);
    let eol = text.indexOf('\n', start);
    if (eol < 0) eol = text.length;
    const close = text.indexOf('}}', start + 2);
    if (close < 0 || close > eol) {
      problems.push(`${where}: this placeholder never closes (expected "}}" on the same line)`);
      OPEN.lastIndex = eol;
      continue;
    }
    const inner = text.slice(start + 2, close).trim();
    const bar = inner.indexOf('|');
    const ref = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const p: Placeholder = { start, end: close + 2, where, ref };
    try {
      parseReference(ref);
    } catch (err) {
      problems.push(`${where}: ${(err as Error).message}`);
    }
    if (bar >= 0) {
      const f = inner.slice(bar + 1).trim();
      if (!(TEMPLATE_FILTERS as readonly string[]).includes(f)) {
        problems.push(
          `${where}: unknown filter ${JSON.stringify(f.slice(0, 40))}; filters are ${TEMPLATE_FILTERS.join(', ')}`,
        );
      } else p.filter = f as TemplateFilter;
    }
    out.push(p);
    OPEN.lastIndex = close + 2;
  }
  if (problems.length) {
    throw new KeydeckError('INVALID_TEMPLATE', `${file} has malformed placeholders:\n  ${problems.join('\n  ')}`);
  }
  return out;
}

/**
 * Fills a template: every placeholder resolved all or nothing (../refs/resolve.ts), each value passed
 * through its filter. Returns the text and the secret forms it holds.
 */
export async function renderTemplate(
  credentials: CredentialService,
  text: string,
  opts: { file: string; workspace?: string },
): Promise<{ text: string; secrets: { name: string; value: string }[]; placeholders: number }> {
  const places = parseTemplate(text, opts.file);
  const res = await resolveReferences(
    credentials,
    places.map((p) => ({ where: p.where, ref: p.ref })),
    { ...(opts.workspace ? { workspace: opts.workspace } : {}), action: 'inject' },
  );
  const problems: string[] = [];
  let out = '';
  let at = 0;
  places.forEach((p, i) => {
    let v = res.values[i]!;
    try {
      v = applyFilter(v, p.filter, p.ref);
    } catch (err) {
      problems.push(`${p.where}: ${(err as Error).message}`);
    }
    out += text.slice(at, p.start) + v;
    at = p.end;
  });
  if (problems.length) {
    throw new KeydeckError('UNSAFE_ENV_VALUE', `Nothing was written:\n  ${problems.join('\n  ')}`);
  }
  return { text: out + text.slice(at), secrets: res.secrets, placeholders: places.length };
}

function applyFilter(v: string, filter: TemplateFilter | undefined, ref: string): string {
  switch (filter) {
    case undefined:
      return v;
    case 'dotenv':
      return dotenvQuote(v, ref);
    case 'shell':
      return bashQuote(v);
    case 'json':
      return JSON.stringify(v);
  }
}
