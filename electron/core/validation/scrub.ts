/**
 * Provider error bodies are shown to the user and stored, so they are shortened and scrubbed first:
 * the key itself, any long fragment of it, and anything else shaped like a key are replaced.
 */
import { looksLikeKey } from '../../../shared/echo.js';

export const REDACTED = '[redacted]';
/** What a detail becomes when it still holds a piece of the key after scrubbing (a chunked echo). */
export const WITHHELD = '[detail withheld: the response echoed part of the key]';
/** Any run this long taken from the key (or its encoded forms) marks a detail as an echo. */
export const ECHO_WINDOW = 6;
const TOKEN = /[A-Za-z0-9_\-+/=.~]{8,}/g;
const MAX_DETAIL = 300;

/** What counts as "the key": the secret, plus the parts of a Basic credential or a key file. */
export function secretFragments(secret: string): string[] {
  const out = new Set<string>([secret]);
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) {
    const decoded = Buffer.from(secret, 'base64').toString('utf8');
    if (/^[\x20-\x7e]+$/.test(decoded) && decoded.includes(':')) {
      out.add(decoded);
      for (const part of decoded.split(':')) out.add(part);
    }
  }
  if (secret.trimStart().startsWith('{')) {
    try {
      const o = JSON.parse(secret) as Record<string, unknown>;
      for (const k of ['private_key_id', 'private_key', 'client_id']) {
        const v = o[k];
        if (typeof v === 'string') {
          out.add(v);
          for (const line of v.split('\n')) if (line.length >= 16 && !line.startsWith('-----')) out.add(line);
        }
      }
    } catch {
      // not JSON: the whole value is the key
    }
  }
  return [...out].filter((s) => s.length >= 6);
}

/** The forms a key travels in: as is, Base64, Base64url, and URL-encoded. */
function encodedForms(s: string): string[] {
  const b = Buffer.from(s, 'utf8');
  const forms = [s, b.toString('base64').replace(/=+$/, ''), b.toString('base64url'), encodeURIComponent(s)];
  return [...new Set(forms)];
}

/** True when `text` holds any ECHO_WINDOW-character run of a key-shaped secret or of its encoded forms. */
export function echoesSecret(text: string, secrets: readonly string[]): boolean {
  const keyish = secrets.filter((s) => s.length >= ECHO_WINDOW && !/[\s"{}]/.test(s));
  if (!keyish.length || text.length < ECHO_WINDOW) return false;
  const windows = new Set<string>();
  for (let i = 0; i + ECHO_WINDOW <= text.length; i++) windows.add(text.slice(i, i + ECHO_WINDOW));
  for (const secret of keyish) {
    for (const form of encodedForms(secret)) {
      for (let i = 0; i + ECHO_WINDOW <= form.length; i++) if (windows.has(form.slice(i, i + ECHO_WINDOW))) return true;
    }
  }
  return false;
}

/**
 * Scrubs and shortens provider text for a detail line. Whole echoes of the key are replaced in place;
 * a detail that still holds any 6-character run of the key (a chunked or encoded echo) is dropped.
 */
export function scrub(text: string, secrets: readonly string[], max = MAX_DETAIL): string {
  let out = text;
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join(REDACTED);
  // Fragment matching only against token-like secrets: a key file's JSON contains ordinary words.
  const keyish = secrets.filter((s) => s.length >= 8 && !/[\s"{}]/.test(s));
  out = out.replace(TOKEN, (tok) => {
    if (tok === REDACTED) return tok;
    if (keyish.some((s) => s.includes(tok) || tok.includes(s))) return REDACTED;
    return looksLikeKey(tok) ? REDACTED : tok;
  });
  out = out
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (echoesSecret(out, secrets)) return WITHHELD;
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}
