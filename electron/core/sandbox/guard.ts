/**
 * The sandbox's front door: where it may bind, which Host and Origin it answers, where a token may
 * travel in an upgrade request, and how a refusal is written before any upgrade happens.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { KeydeckError } from '../../../shared/errors.js';

/** The one address the sandbox binds. `localhost` is accepted as a spelling of it. */
export const SANDBOX_HOST = '127.0.0.1';

/** Refuses any bind address but loopback IPv4: the sandbox mints tokens, so nothing off-box may reach it. */
export function checkBind(host: string | undefined, port: number | undefined): { host: string; port: number } {
  const h = (host ?? SANDBOX_HOST).trim().toLowerCase();
  if (h !== SANDBOX_HOST && h !== 'localhost') {
    throw new KeydeckError(
      'SANDBOX_BIND_REFUSED',
      `The sandbox binds to 127.0.0.1 only; "${h.slice(0, 60)}" would expose it beyond this machine.`,
    );
  }
  const p = port ?? 0;
  if (!Number.isInteger(p) || p < 0 || p > 65535) {
    throw new KeydeckError(
      'INVALID_INPUT',
      `"${String(port).slice(0, 20)}" is not a port (0 to 65535; 0 picks a free one).`,
    );
  }
  return { host: SANDBOX_HOST, port: p };
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** The Host header must name this loopback server (a DNS-rebinding page sends its own host name). */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return LOOPBACK_NAMES.some((n) => hostHeader.toLowerCase() === `${n}:${port}`);
}

/** An Origin in canonical form (`scheme://host[:port]`, lower case), or undefined when it is none. */
export function normalizeOrigin(origin: string): string | undefined {
  let u: URL;
  try {
    u = new URL(origin.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  return u.origin === 'null' ? undefined : u.origin;
}

/**
 * Checks `--allow-origin` values: each a bare http(s) origin, never `*`, no path, no credentials.
 * Returns them normalized.
 */
export function parseAllowedOrigins(list: readonly string[] = []): string[] {
  return list.map((raw) => {
    const text = raw.trim();
    const o = text === '*' ? undefined : normalizeOrigin(text);
    if (!o || text.replace(/\/$/, '').toLowerCase() !== o.toLowerCase()) {
      throw new KeydeckError(
        'INVALID_ORIGIN',
        `"${text.slice(0, 80)}" is not an origin: give scheme://host[:port] (like http://localhost:5173), never *.`,
        'allowedOrigins',
      );
    }
    return o;
  });
}

/**
 * No Origin (a CLI or server-side client) is allowed; a browser Origin must be a loopback page or one
 * the user listed. (`POST /token` is stricter: only listed origins; see http-routes.ts.)
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  const o = normalizeOrigin(origin);
  if (!o) return false;
  if (allowed.includes(o)) return true;
  return LOOPBACK_NAMES.includes(new URL(o).hostname);
}

export type TokenSource = 'header' | 'query' | 'protocol';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Finds the bearer token of an upgrade: `Authorization: Bearer`, then `?token=`, then a
 * `Sec-WebSocket-Protocol` value shaped like a JWT (browsers cannot set headers on a WebSocket).
 */
export function extractToken(req: IncomingMessage): { token: string; via: TokenSource } | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return { token: m[1]!, via: 'header' };
  }
  const q = new URL(req.url ?? '/', 'http://sandbox').searchParams.get('token');
  if (q) return { token: q, via: 'query' };
  const protocols = req.headers['sec-websocket-protocol'];
  if (protocols) {
    for (const p of protocols.split(',').map((s) => s.trim())) {
      if (JWT_SHAPE.test(p)) return { token: p, via: 'protocol' };
    }
  }
  return undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with an HTTP error and a JSON reason, then closes the socket: no upgrade. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: reason, message });
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'Connection: close',
  ];
  if (status === 401) lines.push(`WWW-Authenticate: Bearer error="invalid_token", error_description="${reason}"`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  // A client that never reads must not hold the socket open.
  setTimeout(() => socket.destroy(), 2000).unref();
}
