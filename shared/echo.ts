/**
 * What an error may repeat of what the user typed. An argument that looks like a secret (a known key
 * prefix, key-shaped, long and high-entropy) or is longer than MAX_ECHO is never repeated in full: a
 * secret pasted where a NAME belongs must not end up in a terminal's scrollback, a log or a CI transcript.
 * The one home of the "looks like a key" rule (validation's scrubbing uses it too).
 */
import { detectProvider } from './provider-format.js';
import { printable } from './rules.js';

/** The longest argument an error repeats in full. Names are short; secrets are long. */
export const MAX_ECHO = 40;

/** Said instead of an argument that is not repeated. */
export const NOT_SHOWN = '[argument not shown]';

/** A token that has the shape of a key or token of some kind. */
export function looksLikeKey(token: string): boolean {
  const provider = detectProvider(token);
  if (provider && provider !== 'inworld') return true;
  if (/^(sk|pk|rk|key|api|tok|token)[-_]/i.test(token) && token.length >= 16) return true;
  if (/^eyJ[A-Za-z0-9_-]{8,}\./.test(token)) return true;
  // Long, mixed letters and digits: a token of some kind.
  return token.length >= 32 && /[A-Za-z]/.test(token) && /[0-9]/.test(token) && !/^[0-9a-f-]{36}$/i.test(token);
}

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** 20+ characters without spaces, mixing letters and digits with high entropy: random, so secret-like. */
function randomLooking(s: string): boolean {
  return s.length >= 20 && !/\s/.test(s) && /[A-Za-z]/.test(s) && /[0-9]/.test(s) && entropy(s) >= 3.5;
}

/**
 * For a web or WebSocket URL, whether it may be repeated (undefined when the argument is not one). It may
 * when it carries nothing secret: no user or password, no query or fragment (where tokens travel), and
 * no host or path segment that looks like a key. Judged by its parts, since as a whole a port number can
 * make `ws://127.0.0.1:41234/ws` look random.
 */
function urlEchoable(arg: string): boolean | undefined {
  if (!/^(wss?|https?):\/\//i.test(arg)) return undefined;
  let u: URL;
  try {
    u = new URL(arg);
  } catch {
    return undefined;
  }
  if (u.username || u.password || u.search || u.hash || arg.includes('?') || arg.includes('#')) return false;
  return [u.hostname, ...u.pathname.split('/')].every((part) => !looksLikeKey(part) && !randomLooking(part));
}

/** True when an argument may be repeated in an error: short and not shaped like a secret. */
export function echoable(arg: string): boolean {
  if (arg.length > MAX_ECHO) return false;
  const bare = arg.replace(/^--?[A-Za-z-]+=/, '');
  const url = urlEchoable(bare);
  if (url !== undefined) return url;
  return !looksLikeKey(bare) && !randomLooking(bare);
}

/** The argument quoted for an error, or NOT_SHOWN; control and bidi characters escaped. */
export function quoteArg(arg: string): string {
  return echoable(arg) ? `"${printable(arg)}"` : NOT_SHOWN;
}

/**
 * Removes from an error message every argument that may not be repeated, in full or cut short (messages
 * quote at most the first N characters): any leading run of 8+ characters of such an argument goes.
 */
export function redactArgs(message: string, args: readonly string[]): string {
  let out = message;
  const hidden = args
    .flatMap((a) => [a, a.replace(/^--?[A-Za-z-]+=/, '')])
    .filter((a) => a.length >= 8 && !echoable(a))
    .sort((a, b) => b.length - a.length);
  for (const arg of hidden) {
    for (let n = arg.length; n >= 8; n--) {
      const head = arg.slice(0, n);
      if (out.includes(head)) {
        out = out.split(head).join(NOT_SHOWN);
        break;
      }
    }
  }
  return out;
}
