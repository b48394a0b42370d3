/**
 * Every way a realtime client authenticates, each its own checked path (issue 12 §1):
 * `Authorization: Bearer <jwt>`, `Authorization: Basic <key>` with a stored standard key, `?token=<jwt>`,
 * `?key=<key>`, and a JWT carried as a `Sec-WebSocket-Protocol` value beside a protocol name that is
 * echoed in the 101 (a browser closes the socket when the server picks none of the offered protocols).
 * Only one mode per upgrade: a request that carries two is refused, so the log always says which was used.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AUTH_MODES, type AuthMode } from '../../../shared/sandbox.js';

export { AUTH_MODES, type AuthMode };

/** What the log says about a mode that exposes its credential (URLs end up in proxy and server logs). */
export const AUTH_WARNINGS: Partial<Record<AuthMode, string>> = {
  'query-token':
    'the token travels in the URL: proxies, server logs and browser history keep URLs (prefer a header or subprotocol)',
  'query-key':
    'the API key travels in the URL: proxies, server logs and browser history keep it, and a key does not expire',
  basic: 'a long-lived standard key on the wire: use it from a backend only, never in browser or app code',
};

/** Sec-WebSocket-Protocol bounds: browsers offer a handful; a JWT stays under 16 KiB (verify.ts). */
export const PROTOCOL_LIMITS = { maxEntries: 16, maxEntryBytes: 16 * 1024 } as const;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export type Presented =
  | { mode: 'bearer' | 'query-token' | 'subprotocol'; token: string; protocol?: string }
  | { mode: 'basic' | 'query-key'; key: string };

export interface AuthRefusal {
  status: number;
  reason: string;
  message: string;
}

const refusal = (status: number, reason: string, message: string): { refused: AuthRefusal } => ({
  refused: { status, reason, message },
});

/** The offered subprotocols, bounded; a refusal for a list too long or an entry too large. */
export function offeredProtocols(header: string | undefined): string[] | { refused: AuthRefusal } {
  if (!header) return [];
  const list = header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length > PROTOCOL_LIMITS.maxEntries) {
    return refusal(
      400,
      'too_many_protocols',
      `The client offered ${list.length} subprotocols; the sandbox reads at most ${PROTOCOL_LIMITS.maxEntries}.`,
    );
  }
  const big = list.find((p) => p.length > PROTOCOL_LIMITS.maxEntryBytes);
  if (big !== undefined) {
    return refusal(
      431,
      'protocol_too_large',
      `A subprotocol value is ${Math.ceil(big.length / 1024)} KiB; at most ${PROTOCOL_LIMITS.maxEntryBytes / 1024} KiB.`,
    );
  }
  return list;
}

/**
 * Finds the one credential an upgrade carries, and how. Undefined when it carries none; a refusal when
 * it carries two, an Authorization scheme the sandbox does not speak, or a bad subprotocol list.
 */
export function presentedCredential(req: IncomingMessage): Presented | { refused: AuthRefusal } | undefined {
  const found: Presented[] = [];
  const auth = req.headers.authorization?.trim();
  if (auth) {
    const m = /^(\S+)(?:\s+(\S+))?$/.exec(auth);
    const scheme = m?.[1]?.toLowerCase();
    const value = m?.[2];
    // "Bearer " with nothing after it carries no credential: it is refused as a missing token.
    if (scheme === 'bearer') {
      if (value) found.push({ mode: 'bearer', token: value });
    } else if (scheme === 'basic') {
      if (value) found.push({ mode: 'basic', key: value });
    } else {
      return refusal(
        401,
        'unsupported_scheme',
        'Authorization must be "Bearer <jwt>" or "Basic <key>" (a stored standard key).',
      );
    }
  }
  const params = new URL(req.url ?? '/', 'http://sandbox').searchParams;
  const qToken = params.get('token');
  if (qToken) found.push({ mode: 'query-token', token: qToken });
  const qKey = params.get('key');
  if (qKey) found.push({ mode: 'query-key', key: qKey });
  const offered = offeredProtocols(req.headers['sec-websocket-protocol']);
  if ('refused' in offered) return offered;
  const inProtocol = offered.filter((p) => JWT_SHAPE.test(p));
  if (inProtocol.length > 1)
    return refusal(400, 'ambiguous_credentials', 'Offer one token as a subprotocol, not several.');
  if (inProtocol.length === 1) {
    const token = inProtocol[0]!;
    const protocol = offered.find((p) => p !== token);
    if (protocol === undefined) {
      return refusal(
        400,
        'no_protocol_to_echo',
        'Offer a protocol name beside the token, e.g. new WebSocket(url, ["realtime", token]): the server must echo one, and never echoes the token.',
      );
    }
    found.push({ mode: 'subprotocol', token, protocol });
  }
  if (found.length > 1) {
    return refusal(
      400,
      'ambiguous_credentials',
      `The upgrade carries ${found.map((f) => f.mode).join(' and ')}; send one credential only.`,
    );
  }
  return found[0];
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * The standard keys `Basic` and `?key=` accept, held as SHA-256 digests only (never the value). A Basic
 * credential is matched as sent (Inworld's keys are already Base64) and decoded, as `id:secret`.
 */
export class KeyRing {
  private readonly entries: { name: string; digest: Buffer }[] = [];

  add(name: string, secret: string): void {
    this.entries.push({ name, digest: digest(secret) });
  }

  get size(): number {
    return this.entries.length;
  }

  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /** The name of the key `presented` is, comparing every entry in constant time. */
  match(presented: string, mode: 'basic' | 'query-key'): string | undefined {
    const candidates = [digest(presented)];
    if (mode === 'basic') {
      const decoded = Buffer.from(presented, 'base64').toString('utf8');
      if (decoded) candidates.push(digest(decoded));
    }
    let hit: string | undefined;
    for (const e of this.entries) {
      for (const c of candidates) if (timingSafeEqual(c, e.digest) && hit === undefined) hit = e.name;
    }
    return hit;
  }

  remove(name: string): void {
    const i = this.entries.findIndex((e) => e.name === name);
    if (i >= 0) this.entries.splice(i, 1);
  }
}
