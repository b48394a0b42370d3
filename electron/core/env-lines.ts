/**
 * Env lines that read back byte for byte where they are pasted: bash/zsh, PowerShell, and `.env` files
 * as npm `dotenv`, python-dotenv and `node --env-file` read them. Where no quoting reads back the same
 * in every one of those parsers, the form is refused with an error naming the reason, never written.
 */
import { KeydeckError } from '../../shared/errors.js';

/** POSIX shells: single quotes keep everything literal; a `'` closes, is escaped, and reopens. */
export function bashQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * PowerShell treats ' and the typographic ‘ ’ ‚ ‛ all as single quotes: each one inside a single-quoted
 * string must be doubled, or it ends the string and the rest runs as code.
 */
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201a\u201b]/g;
export function powershellQuote(s: string): string {
  return `'${s.replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;
}

/** Unquoted `.env` values every parser reads literally (backslashes too: no parser unescapes bare values). */
const DOTENV_BARE = /^[A-Za-z0-9_./:+=@,%^~\\-]*$/;
/** python-dotenv expands `${NAME}` (and `${NAME:-default}`) in every quoting style. */
const DOTENV_EXPANDS = /\$\{[^}]*\}/;
/** npm dotenv turns CR into LF; NUL and other controls are not kept by every parser. */
const DOTENV_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * Quotes one `.env` value, or says why it cannot be written safely. Single quotes are literal in npm
 * dotenv and node, but python-dotenv unescapes `\\` and `\'` inside them; double quotes turn `\n` into a
 * newline in all three and python-dotenv unescapes every `\x`. So: bare when plain, else single quotes
 * when the value has no `'`, no `\\` and no trailing `\`, else double quotes when it has no `"` and no `\`.
 */
export function dotenvQuote(s: string, name: string): string {
  if (DOTENV_CONTROL.test(s)) {
    throw unsafe(name, 'it contains a control character (such as a carriage return) that .env parsers drop');
  }
  if (DOTENV_EXPANDS.test(s)) {
    throw unsafe(name, 'it contains ${…}, which python-dotenv replaces with another variable in any quoting');
  }
  if (DOTENV_BARE.test(s)) return s;
  if (!s.includes("'") && !s.includes('\\\\') && !s.endsWith('\\')) return `'${s}'`;
  if (!s.includes('"') && !s.includes('\\')) return `"${s}"`;
  const noSingle = s.includes("'")
    ? 'a single quote'
    : s.endsWith('\\')
      ? 'a trailing backslash'
      : 'a double backslash';
  const noDouble = s.includes('"') ? 'a double quote' : 'a backslash';
  throw unsafe(
    name,
    `it contains ${noSingle} (which python-dotenv or node misread inside single quotes) and ${noDouble} (misread inside double quotes)`,
  );
}

function unsafe(name: string, why: string): KeydeckError {
  return new KeydeckError(
    'UNSAFE_ENV_VALUE',
    `The value of ${name} cannot be written as a .env line: ${why}. Use the bash or PowerShell form, or keydeck exec.`,
  );
}

export type EnvShell = 'bash' | 'powershell' | 'dotenv';

/** The lines that set each variable in one target. */
export function envLines(pairs: readonly (readonly [string, string])[], shell: EnvShell): string {
  return pairs
    .map(([k, v]) => {
      if (shell === 'bash') return `export ${k}=${bashQuote(v)}`;
      if (shell === 'powershell') return `$env:${k} = ${powershellQuote(v)}`;
      return `${k}=${dotenvQuote(v, k)}`;
    })
    .join('\n');
}
