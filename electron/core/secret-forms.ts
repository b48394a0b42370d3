/**
 * The forms a secret is printed or stored in: the one list that the leak scan (./scan/needles.ts) and the
 * output masker (./exec/masker.ts) both search for. The scan looks for the forms a secret leaks into files
 * in (exact, Base64, a Basic credential decoded); the masker also catches how programs print a value:
 * JSON-escaped, Python `repr`, URL-encoded, and each line of a multi-line secret (a PEM private key, also
 * when it sits inside a service-account JSON).
 */
import type { MatchForm } from '../../shared/scan.js';

/** The scan's forms, plus how a program prints a value. */
export type SecretForm = MatchForm | 'json-escaped' | 'repr' | 'url-encoded' | 'line';

export interface FormBytes {
  form: SecretForm;
  bytes: Buffer;
}

/** The forms a leak scan reports (shared/scan.ts); the others are for the masker only. */
export const SCAN_FORMS: ReadonlySet<SecretForm> = new Set<MatchForm>(['exact', 'base64', 'basic-decoded']);

/** A line of a multi-line secret shorter than this is not looked for on its own (`{`, `}`, `-----`). */
const MIN_LINE = 12;

/**
 * The stable base64 fragments of `secret` when it sits at any offset inside encoded data, e.g. the
 * `key:secret` of a Basic credential. Each of the three byte alignments gives one fragment: the
 * characters that depend on the secret's bytes alone.
 */
export function base64Fragments(secret: Buffer): string[] {
  const out = new Set<string>();
  for (let a = 0; a < 3; a++) {
    const padded = Buffer.concat([Buffer.alloc(a), secret]);
    const full = Math.floor(padded.length / 3) * 3;
    const enc = padded.subarray(0, full).toString('base64');
    const skip = a === 0 ? 0 : a === 1 ? 2 : 3;
    const frag = enc.slice(skip);
    if (frag.length >= 12) out.add(frag);
  }
  for (const f of [...out]) {
    const url = f.replace(/\+/g, '-').replace(/\//g, '_');
    if (url !== f) out.add(url);
  }
  return [...out];
}

/** `key:secret` when the stored value is a Base64 Basic credential; undefined otherwise. */
export function decodedBasic(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]{8,}={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  if (!/^[\x21-\x7e]+:[\x21-\x7e]+$/.test(text)) return undefined;
  return text;
}

/** The inside of Python's `repr(s)` for a str: its quote choice and escapes. */
export function pythonReprBody(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** Percent-encodings programs print: JS encodeURIComponent, Python quote (also `!'()*`) and quote_plus, form encoding. */
function urlEncodings(s: string): string[] {
  const js = encodeURIComponent(s);
  const strict = js.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const form = new URLSearchParams({ a: s }).toString().slice(2);
  // Python's quote_plus: quote's set, with spaces as '+'.
  const all = [js, strict, form, strict.replace(/%20/g, '+')];
  return [...all, ...all.map((t) => t.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()))];
}

/**
 * Secret values inside a JSON secret (a service-account key file): the strings under a key that names a
 * secret (`private_key`, `client_secret`, `refresh_token`…), not ids or URLs. Printed apart from the file
 * (a traceback, a log line), they are what must not come out.
 */
function innerSecrets(secret: string): string[] {
  if (!/^\s*\{/.test(secret)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      if (/private|secret|token|password|passwd|key/i.test(key) && !/(_id|_uri|_url|type)$/i.test(key)) out.push(v);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) walk(child, Array.isArray(v) ? key : k);
    }
  };
  walk(parsed, '');
  return out;
}

/**
 * Every form of `secret`, each once, in a fixed order (exact first). The scan keeps SCAN_FORMS; the
 * masker uses them all.
 */
export function secretForms(secret: string): FormBytes[] {
  const out: FormBytes[] = [];
  const seen = new Set<string>();
  const add = (form: SecretForm, text: string | Buffer) => {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    const key = bytes.toString('latin1');
    if (!bytes.length || seen.has(key)) return;
    seen.add(key);
    out.push({ form, bytes });
  };
  const raw = Buffer.from(secret, 'utf8');
  if (!raw.length) return out;
  add('exact', raw);
  if (raw.length >= 8) for (const f of base64Fragments(raw)) add('base64', f);
  const basic = decodedBasic(secret);
  if (basic) {
    add('basic-decoded', basic);
    const pass = basic.slice(basic.indexOf(':') + 1);
    if (pass.length >= 8) add('basic-decoded', pass);
  }
  // How a program prints the value, and the values inside a JSON secret.
  const values = [secret, ...innerSecrets(secret).filter((v) => v.length >= 8)];
  values.forEach((v, i) => {
    if (i > 0) add('exact', v);
    add('json-escaped', JSON.stringify(v).slice(1, -1));
    add(
      'json-escaped',
      JSON.stringify(v)
        .slice(1, -1)
        .replace(/[^\x00-\x7f]/g, jsonAscii),
    );
    add('repr', pythonReprBody(v));
    for (const u of urlEncodings(v)) add('url-encoded', u);
    if (i > 0 && v.length >= 16) for (const f of base64Fragments(Buffer.from(v))) add('base64', f);
    // Each line of a multi-line value (a PEM key's lines), unless the value is the JSON around them.
    if (/[\r\n]/.test(v) && !(i === 0 && values.length > 1)) {
      for (const line of v.split(/\r?\n|\r/)) if (line.trim().length >= MIN_LINE) add('line', line.trim());
    }
  });
  return out;
}

/** Python's json.dumps (ensure_ascii) spells non-ASCII as \uXXXX (UTF-16 units). */
function jsonAscii(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
