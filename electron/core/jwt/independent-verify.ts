/**
 * A second JWT verifier that shares no code with the minting and verifying paths: no jose, no shared
 * helpers, only node:crypto, with its own base64url decoder and its own strict JSON parser. Tests
 * cross-check every minted token with it, so a bug in one path cannot hide behind the same bug in the
 * other.
 */
import { createHmac, createPublicKey, timingSafeEqual, verify as cryptoVerify, type KeyObject } from 'node:crypto';

export type IndependentKey =
  { alg: 'HS256'; secret: Uint8Array | string } | { alg: 'ES256' | 'EdDSA'; jwk: Record<string, unknown> };

export type IndependentResult =
  { ok: true; header: Record<string, unknown>; payload: Record<string, unknown> } | { ok: false; reason: string };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));

/** RFC 4648 §5 base64url without padding, decoded by hand; returns undefined on any foreign character. */
export function b64urlDecode(s: string): Uint8Array | undefined {
  if (s.length % 4 === 1) return undefined;
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const c of s) {
    const v = LOOKUP.get(c);
    if (v === undefined) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** A strict RFC 8259 JSON parser (objects, arrays, strings, numbers, literals). Throws on anything else. */
export function parseJson(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const err = (what: string): never => {
    throw new SyntaxError(`${what} at ${i}`);
  };
  const value = (depth: number): unknown => {
    if (depth > 64) err('too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') err('expected key');
        const k = str();
        ws();
        if (text[i++] !== ':') err('expected :');
        if (Object.prototype.hasOwnProperty.call(obj, k)) err('duplicate key');
        Object.defineProperty(obj, k, {
          value: value(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        const d = text[i++];
        if (d === '}') return obj;
        if (d !== ',') err('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        const d = text[i++];
        if (d === ']') return arr;
        if (d !== ',') err('expected , or ]');
      }
    }
    if (c === '"') return str();
    for (const [lit, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return v;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return err('unexpected character');
    i += m[0].length;
    return Number(m[0]);
  };
  const str = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined) return err('unterminated string');
      if (c === '"') return out;
      if (c.charCodeAt(0) < 0x20) err('control character in string');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[i++];
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i, i + 4))) {
        out += String.fromCharCode(parseInt(text.slice(i, i + 4), 16));
        i += 4;
      } else err('bad escape');
    }
  };
  const v = value(0);
  ws();
  if (i !== text.length) err('trailing characters');
  return v;
}

function object(seg: string): Record<string, unknown> | undefined {
  const bytes = b64urlDecode(seg);
  if (!bytes) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  try {
    const v = parseJson(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function keyObject(key: IndependentKey): KeyObject | undefined {
  if (key.alg === 'HS256') return undefined;
  const { d: _d, ...pub } = key.jwk;
  return createPublicKey({ key: pub as import('node:crypto').JsonWebKey, format: 'jwk' });
}

/**
 * Verifies a compact JWS with `key` and checks `exp` (required) against `nowSec` with `toleranceSec`,
 * plus `aud` when given. Reasons are short words; this is a test oracle, not a UI.
 */
export function independentVerify(
  token: string,
  key: IndependentKey,
  opts: { nowSec?: number; toleranceSec?: number; audience?: string; allowMissingExp?: boolean } = {},
): IndependentResult {
  const bare = token.startsWith('sk-live-') ? token.slice(8) : token;
  const parts = bare.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'segments' };
  const header = object(parts[0]!);
  const payload = object(parts[1]!);
  const sig = b64urlDecode(parts[2]!);
  if (!header || !payload || !sig) return { ok: false, reason: 'encoding' };
  if (header.alg !== key.alg) return { ok: false, reason: 'alg' };
  if (header.crit !== undefined) return { ok: false, reason: 'crit' };
  const input = Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii');
  let good: boolean;
  if (key.alg === 'HS256') {
    const mac = createHmac('sha256', typeof key.secret === 'string' ? Buffer.from(key.secret, 'utf8') : key.secret)
      .update(input)
      .digest();
    good = mac.length === sig.length && timingSafeEqual(mac, sig);
  } else if (key.alg === 'ES256') {
    good = sig.length === 64 && cryptoVerify('sha256', input, { key: keyObject(key)!, dsaEncoding: 'ieee-p1363' }, sig);
  } else {
    good = cryptoVerify(null, input, keyObject(key)!, sig);
  }
  if (!good) return { ok: false, reason: 'signature' };
  const now = opts.nowSec ?? Date.now() / 1000;
  const tol = opts.toleranceSec ?? 0;
  if (payload.exp === undefined && opts.allowMissingExp) return { ok: true, header, payload };
  if (typeof payload.exp !== 'number') return { ok: false, reason: 'exp-missing' };
  if (now >= Math.floor(payload.exp) + tol) return { ok: false, reason: 'expired' };
  if (typeof payload.nbf === 'number' && payload.nbf > now + tol) return { ok: false, reason: 'nbf' };
  if (opts.audience !== undefined) {
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!aud.includes(opts.audience)) return { ok: false, reason: 'aud' };
  }
  return { ok: true, header, payload };
}
