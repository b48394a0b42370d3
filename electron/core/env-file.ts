/**
 * The dotenv grammar most tools share (npm `dotenv`, python-dotenv, `node --env-file`), read strictly:
 * where those tools disagree on a line, the line is refused with the reason rather than read one way.
 *
 * - `KEY=value` or `export KEY=value`; spaces around `=` are allowed; KEY is `[A-Za-z_][A-Za-z0-9_]*`.
 * - Blank lines and `#` comment lines; an unquoted value ends at ` #` (a `#` glued to the value is
 *   refused: npm dotenv and node cut there, python-dotenv does not). Unquoted values are trimmed.
 * - `'single'` and `` `backtick` `` quotes are literal; `"double"` quotes turn `\n` into a newline and
 *   `\"`, `\\` into `"`, `\` (other backslashes stay). Quoted values may span lines. After the closing
 *   quote only spaces and a `# comment` may follow.
 * - A BOM at the start and CRLF line ends are accepted. No `${VAR}` expansion.
 * - Refused: a duplicate KEY (tools disagree on which wins), a quote never closed, a line with no `=`,
 *   a value over 1 MiB (nothing is read or run).
 */
import { KeydeckError } from '../../shared/errors.js';

export type EnvQuote = 'none' | 'single' | 'double' | 'backtick';

export interface EnvEntry {
  key: string;
  value: string;
  /** 1-based line of the KEY. */
  line: number;
  quote: EnvQuote;
}

/** The largest value read (a 10 MB line is a mistake, not a key). */
export const ENV_VALUE_MAX_BYTES = 1024 * 1024;

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUOTES: Record<string, EnvQuote> = { "'": 'single', '"': 'double', '`': 'backtick' };

function bad(file: string, line: number, why: string): KeydeckError {
  return new KeydeckError('INVALID_ENV_FILE', `${file}:${line}: ${why}`);
}

/** Parses an env file's text into its entries, in file order. Throws INVALID_ENV_FILE naming the line. */
export function parseEnvFile(text: string, opts: { file: string }): EnvEntry[] {
  const file = opts.file;
  let src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (src.includes('\r')) src = src.replace(/\r\n/g, '\n');
  const out: EnvEntry[] = [];
  const seen = new Map<string, number>();
  let pos = 0;
  let line = 1;
  const n = src.length;
  while (pos < n) {
    let eol = src.indexOf('\n', pos);
    if (eol < 0) eol = n;
    // A line longer than any value we take is refused before any regex looks at it.
    if (eol - pos > ENV_VALUE_MAX_BYTES + 4096 && src[pos] !== undefined) {
      const start = src.slice(pos, pos + 200).trimStart();
      if (!start.startsWith('#')) throw tooLong(file, line, eol - pos);
    }
    const raw = src.slice(pos, eol);
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) {
      pos = eol + 1;
      line++;
      continue;
    }
    const m = /^\s*(?:export\s+)?([^=\s]+)\s*=[ \t]*/.exec(raw);
    if (!m) {
      throw bad(
        file,
        line,
        `expected KEY=value, found ${JSON.stringify(trimmed.slice(0, 40))}${trimmed.length > 40 ? '…' : ''}`,
      );
    }
    const key = m[1]!;
    if (!KEY.test(key)) {
      throw bad(
        file,
        line,
        `${JSON.stringify(key.slice(0, 60))} is not a variable name (letters, digits and _, not starting with a digit)`,
      );
    }
    const prev = seen.get(key);
    if (prev !== undefined) {
      throw bad(
        file,
        line,
        `${key} is set twice (lines ${prev} and ${line}); tools disagree on which one wins, so remove one`,
      );
    }
    seen.set(key, line);
    const keyLine = line;
    const vStart = pos + m[0].length;
    const q = src[vStart];
    let value: string;
    let quote: EnvQuote = 'none';
    if (q !== undefined && QUOTES[q]) {
      quote = QUOTES[q];
      const close = closingQuote(src, vStart + 1, q);
      if (close < 0) {
        throw bad(file, keyLine, `the ${quote} quote opened here is never closed`);
      }
      const body = src.slice(vStart + 1, close);
      if (Buffer.byteLength(body) > ENV_VALUE_MAX_BYTES) throw tooLong(file, keyLine, body.length);
      value = quote === 'double' ? unescapeDouble(body) : body;
      for (let i = vStart; i < close; i++) if (src.charCodeAt(i) === 10) line++;
      let end = src.indexOf('\n', close + 1);
      if (end < 0) end = n;
      const tail = src.slice(close + 1, end).trim();
      if (tail && !tail.startsWith('#')) {
        throw bad(
          file,
          line,
          `unexpected text after the closing quote of ${key}: ${JSON.stringify(tail.slice(0, 40))}`,
        );
      }
      pos = end + 1;
    } else {
      let v = src.slice(vStart, eol);
      const hash = v.search(/\s#/);
      if (hash >= 0) v = v.slice(0, hash);
      v = v.trim();
      if (v.includes('#')) {
        throw bad(
          file,
          line,
          `the value of ${key} contains "#": npm dotenv and node cut the value there, python-dotenv does not; put the value in quotes`,
        );
      }
      if (Buffer.byteLength(v) > ENV_VALUE_MAX_BYTES) throw tooLong(file, line, v.length);
      value = v;
      pos = eol + 1;
    }
    out.push({ key, value, line: keyLine, quote });
    line++;
  }
  return out;
}

function closingQuote(src: string, from: number, q: string): number {
  if (q !== '"') return src.indexOf(q, from);
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return -1;
}

function unescapeDouble(body: string): string {
  return body.replace(/\\([n"\\])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function tooLong(file: string, line: number, chars: number): KeydeckError {
  const mib = (chars / (1024 * 1024)).toFixed(1);
  return bad(file, line, `this value is ${mib} MiB; values are capped at 1 MiB, so nothing was read`);
}
