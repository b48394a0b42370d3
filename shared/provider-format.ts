/**
 * Offline key-format checks, pure so the renderer can run them as the user types and the core can run
 * them before saving. Tolerant by design: only a value that cannot work is an error; an unfamiliar
 * prefix or length is a warning, since providers change key shapes (OpenAI's `sk-proj-…`). A key that
 * matches another provider's prefix gets a "looks like a <provider> key" warning.
 */
import { PROVIDER_DESCRIPTORS, PROVIDERS, type ProviderId } from './providers.js';

export interface FormatIssue {
  code: string;
  message: string;
}

export interface FormatCheck {
  /** No errors (warnings allowed). */
  ok: boolean;
  errors: FormatIssue[];
  warnings: FormatIssue[];
  /** Another provider whose key this value resembles, if any. */
  looksLike?: ProviderId;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PRINTABLE = /^[\x20-\x7e]+$/;

function b64decode(s: string): Uint8Array | undefined {
  try {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

function b64text(s: string): string | undefined {
  if (!BASE64.test(s)) return undefined;
  const bytes = b64decode(s);
  if (!bytes) return undefined;
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** Every distinctive prefix of every provider, longest first, so `sk-ant-` wins over `sk-`. */
const PREFIX_TABLE: { prefix: string; provider: ProviderId }[] = PROVIDERS.flatMap((p) => {
  const rule = PROVIDER_DESCRIPTORS[p].keyFormat;
  return rule.distinctive ? rule.prefixes.map((prefix) => ({ prefix, provider: p })) : [];
}).sort((a, b) => b.prefix.length - a.prefix.length);

function looksLikeServiceAccount(v: string): boolean {
  return v.startsWith('{') && /"type"\s*:\s*"service_account"/.test(v);
}

function looksLikeBasic(v: string): boolean {
  const text = b64text(v);
  if (!text || !PRINTABLE.test(text)) return false;
  const i = text.indexOf(':');
  return i > 0 && i < text.length - 1;
}

/** The provider a key's shape points to, from distinctive prefixes, a key file, or a Basic credential. */
export function detectProvider(value: string): ProviderId | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (looksLikeServiceAccount(v)) return 'google-vertex';
  const hit = PREFIX_TABLE.find((e) => v.startsWith(e.prefix));
  if (hit) return hit.provider;
  if (looksLikeBasic(v)) return 'inworld';
  return undefined;
}

const issue = (code: string, message: string): FormatIssue => ({ code, message });

function finish(errors: FormatIssue[], warnings: FormatIssue[], looksLike?: ProviderId): FormatCheck {
  return { ok: errors.length === 0, errors, warnings, ...(looksLike ? { looksLike } : {}) };
}

/** A short hint for a message: never the key itself, only how it starts. */
function startHint(v: string): string {
  const m = /^[A-Za-z]{1,6}[-_]/.exec(v);
  return m ? `"${m[0]}…"` : 'this shape';
}

/** Reads a DER length at `i`; returns [length, headerBytes] or undefined. */
function derLength(bytes: Uint8Array, i: number): [number, number] | undefined {
  const first = bytes[i];
  if (first === undefined) return undefined;
  if (first < 0x80) return [first, 1];
  const n = first & 0x7f;
  if (n === 0 || n > 4) return undefined;
  let len = 0;
  for (let k = 1; k <= n; k++) {
    const b = bytes[i + k];
    if (b === undefined) return undefined;
    len = len * 256 + b;
  }
  return [len, 1 + n];
}

/**
 * Checks that a PEM private key is PKCS#8 (`BEGIN PRIVATE KEY`) and that its body is Base64 of one
 * DER SEQUENCE of the stated length. The core also parses it with a real crypto library.
 */
export function checkPkcs8Pem(pem: string): FormatIssue | undefined {
  const m = /^-----BEGIN PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PRIVATE KEY-----\s*$/.exec(pem.trim());
  if (!m) {
    if (/BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY/.test(pem)) {
      return issue('PRIVATE_KEY_FORMAT', 'The private_key is not an unencrypted PKCS#8 key (BEGIN PRIVATE KEY).');
    }
    return issue('PRIVATE_KEY_FORMAT', 'The private_key is not a PEM private key.');
  }
  const body = m[1]!.replace(/\s+/g, '');
  const der = BASE64.test(body) ? b64decode(body) : undefined;
  if (!der || der.length < 64 || der[0] !== 0x30) {
    return issue('PRIVATE_KEY_FORMAT', 'The private_key PEM does not hold a DER-encoded key.');
  }
  const len = derLength(der, 1);
  if (!len || 1 + len[1] + len[0] !== der.length) {
    return issue('PRIVATE_KEY_FORMAT', 'The private_key PEM is truncated or damaged.');
  }
  return undefined;
}

const SA_REQUIRED = ['project_id', 'private_key_id', 'private_key', 'client_email'] as const;

/** The shape of a Google service-account key file (what Vertex AI keys are). */
export function checkServiceAccountJson(raw: string): FormatCheck {
  const errors: FormatIssue[] = [];
  const warnings: FormatIssue[] = [];
  const v = raw.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    const other = detectProvider(v);
    if (other && other !== 'google-vertex') {
      warnings.push(
        issue('LOOKS_LIKE_OTHER', `This looks like ${article(PROVIDER_DESCRIPTORS[other].displayName)} key.`),
      );
    }
    errors.push(issue('NOT_JSON', 'Google Vertex AI keys are service-account JSON files; this is not JSON.'));
    return finish(errors, warnings, other && other !== 'google-vertex' ? other : undefined);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return finish([issue('NOT_OBJECT', 'The key file must be a JSON object.')], warnings);
  }
  const o = parsed as Record<string, unknown>;
  if (o.type !== 'service_account') {
    const t = typeof o.type === 'string' ? `"${o.type.slice(0, 40)}"` : 'missing';
    errors.push(issue('NOT_SERVICE_ACCOUNT', `The key file's type is ${t}, not "service_account".`));
  }
  for (const f of SA_REQUIRED) {
    if (typeof o[f] !== 'string' || !(o[f] as string).trim()) {
      errors.push(issue('MISSING_FIELD', `The key file has no "${f}".`));
    }
  }
  if (typeof o.private_key === 'string' && o.private_key.trim()) {
    const bad = checkPkcs8Pem(o.private_key);
    if (bad) errors.push(bad);
  }
  if (typeof o.client_email === 'string' && o.client_email && !/^[^@\s]+@[^@\s]+$/.test(o.client_email)) {
    errors.push(issue('BAD_CLIENT_EMAIL', 'The key file\'s "client_email" is not an email address.'));
  } else if (typeof o.client_email === 'string' && !o.client_email.endsWith('.gserviceaccount.com')) {
    warnings.push(issue('UNUSUAL_CLIENT_EMAIL', 'The client_email is not a *.gserviceaccount.com address.'));
  }
  if (o.token_uri === undefined) {
    warnings.push(issue('NO_TOKEN_URI', 'The key file has no "token_uri"; Google\'s default token endpoint is used.'));
  } else if (typeof o.token_uri !== 'string' || !/^https?:\/\/[^\s#@]+$/.test(o.token_uri)) {
    errors.push(issue('BAD_TOKEN_URI', 'The key file\'s "token_uri" is not an http(s) URL.'));
  }
  return finish(errors, warnings);
}

function checkBasic(v: string, errors: FormatIssue[], warnings: FormatIssue[]): void {
  if (v.includes(':')) {
    const i = v.indexOf(':');
    if (i === 0 || i === v.length - 1) {
      errors.push(issue('BASIC_PAIR', 'A Basic credential needs both a key and a secret around ":".'));
    } else {
      warnings.push(issue('BASIC_WILL_ENCODE', 'key:secret will be encoded as a Base64 Basic credential.'));
    }
    return;
  }
  if (!BASE64.test(v)) {
    errors.push(issue('BASIC_NOT_BASE64', 'This is not Base64. Paste the Base64 credential, or key:secret.'));
    return;
  }
  if (!looksLikeBasic(v)) {
    errors.push(issue('BASIC_NO_COLON', 'The Base64 credential does not decode to key:secret.'));
  }
}

/** "an Anthropic", "an OpenAI", "a Groq", "an xAI". */
function article(name: string): string {
  return `${/^[AEIOU]/i.test(name) || name === 'xAI' ? 'an' : 'a'} ${name}`;
}

/**
 * Checks a key against its provider's format rule, offline. `authScheme` matters for custom providers
 * that use Basic.
 */
export function checkKeyFormat(provider: ProviderId, raw: string, opts: { authScheme?: string } = {}): FormatCheck {
  const rule = PROVIDER_DESCRIPTORS[provider].keyFormat;
  const v = raw.trim();
  if (!v) return finish([issue('EMPTY', 'The key is empty.')], []);
  if (rule.shape === 'service-account-json') return checkServiceAccountJson(v);

  const errors: FormatIssue[] = [];
  const warnings: FormatIssue[] = [];
  if (/[\s\u0000-\u001f\u007f]/.test(v)) {
    errors.push(issue('INNER_WHITESPACE', 'The key contains spaces, line breaks or control characters.'));
  }
  const other = detectProvider(v);
  const looksLike = other && other !== provider && !(other === 'inworld' && rule.shape === 'basic') ? other : undefined;
  if (looksLike) {
    warnings.push(
      issue(
        'LOOKS_LIKE_OTHER',
        `This looks like ${article(PROVIDER_DESCRIPTORS[looksLike].displayName)} key, not ${article(PROVIDER_DESCRIPTORS[provider].displayName)} key.`,
      ),
    );
  }
  if (/^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(v) && provider !== 'custom') {
    warnings.push(issue('LOOKS_LIKE_JWT', 'This looks like a JWT (a signed token), not an API key.'));
  }
  if (rule.shape === 'basic' || opts.authScheme === 'basic') {
    checkBasic(v, errors, warnings);
    return finish(errors, warnings, looksLike);
  }
  if (errors.length) return finish(errors, warnings, looksLike);

  const prefix = rule.prefixes.find((p) => v.startsWith(p));
  if (rule.prefixes.length && !prefix && !looksLike) {
    warnings.push(
      issue(
        'UNKNOWN_PREFIX',
        `${PROVIDER_DESCRIPTORS[provider].displayName} keys usually start with ${rule.prefixes.map((p) => `"${p}"`).join(' or ')}; ${startHint(v)} is unfamiliar (a new key type?).`,
      ),
    );
  }
  const body = prefix ? v.slice(prefix.length) : v;
  if (rule.charset && body && !rule.charset.test(body)) {
    warnings.push(issue('UNUSUAL_CHARACTERS', "The key has characters this provider's keys usually do not."));
  }
  if (rule.minLength !== undefined && v.length < rule.minLength) {
    warnings.push(
      issue('SHORT', `The key is shorter than usual (${v.length} characters; usually ${rule.minLength}+).`),
    );
  } else if (rule.maxLength !== undefined && v.length > rule.maxLength) {
    warnings.push(
      issue('LONG', `The key is longer than usual (${v.length} characters; usually up to ${rule.maxLength}).`),
    );
  }
  return finish(errors, warnings, looksLike);
}
