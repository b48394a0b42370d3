/**
 * The local realtime sandbox: a loopback-only HTTP + WebSocket server that behaves like a production
 * realtime backend. `GET /.well-known/jwks.json` serves the workspace's public keys, `POST /token` mints a
 * short-lived JWT from a stored realtime key, and `/ws` authenticates the upgrade (signature, exp, aud,
 * scope, revocation) and refuses with 401/403 + a JSON reason before upgrading. Accepted sessions get
 * `session.started` with their claims, then an echo. Everything that happens is an event on `events`.
 */
import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isKeydeckError, KeydeckError } from '../../../shared/errors.js';
import type { JwtService } from '../jwt/service.js';
import type { SigningAlg } from '../jwt/token.js';
import type { KeyResolver } from '../jwt/verify.js';
import { verifyToken } from '../jwt/verify.js';
import type { EventBody, SandboxEvent } from './events.js';
import { checkBind, extractToken, hostAllowed, originAllowed, refuseUpgrade, type TokenSource } from './guard.js';

export type { SandboxEvent } from './events.js';

export const WS_PATH = '/ws';

export interface SandboxLimits {
  /** Open sessions plus upgrades being checked. Beyond it, upgrades get 503. */
  maxConnections: number;
  /** Largest WebSocket message; a bigger one closes the session with 1009. */
  maxMessageBytes: number;
  /** A session with no message for this long is closed with 4000. */
  idleMs: number;
  /** Largest `POST /token` body. */
  maxBodyBytes: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  maxConnections: 64,
  maxMessageBytes: 64 * 1024,
  idleMs: 60_000,
  maxBodyBytes: 4096,
};

export interface SandboxOptions {
  jwt: JwtService;
  workspace?: string;
  host?: string;
  port?: number;
  /** Audience and scope an upgrade's token must carry. Default `realtime` / `realtime`. */
  audience?: string;
  scope?: string;
  /** The realtime credential `POST /token` mints for when the request names none. */
  tokenKey?: string;
  tokenAlg?: SigningAlg;
  /** Lifetime of `POST /token` tokens (default 5m). */
  tokenTtl?: string;
  /** Browser origins allowed besides loopback pages. */
  allowedOrigins?: string[];
  limits?: Partial<SandboxLimits>;
  /** Bench baseline only: accept every upgrade without a token check. */
  verifyTokens?: boolean;
}

export class SandboxServer {
  /** Emits `event` with a `SandboxEvent` for every connect, refusal, message, close and minted token. */
  readonly events = new EventEmitter();
  readonly audience: string;
  readonly scope: string;
  private readonly limits: SandboxLimits;
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, WebSocket>();
  private readonly log: SandboxEvent[] = [];
  private readonly resolve: KeyResolver;
  private readonly workspaceId: string;
  private pending = 0;
  private boundPort = 0;

  constructor(private readonly opts: SandboxOptions) {
    this.audience = opts.audience ?? 'realtime';
    this.scope = opts.scope ?? 'realtime';
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.resolve = opts.jwt.localResolver(opts.workspace);
    this.workspaceId = opts.jwt.workspaceId(opts.workspace);
    this.server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => void this.http(req, res));
    // A hard cap on sockets of any kind, well above the session limit so floods still get a JSON 503.
    this.server.maxConnections = this.limits.maxConnections + 128;
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 15_000;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.limits.maxMessageBytes,
      perMessageDeflate: false,
      clientTracking: false,
      // A token sent as a subprotocol is never echoed back if the client offered a real protocol too.
      handleProtocols: (protocols) => {
        const list = [...protocols];
        return list.find((p) => !p.includes('.')) ?? list[0] ?? false;
      },
    });
    this.server.on('upgrade', (req, socket, head) => void this.upgrade(req, socket, head));
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  private emit(body: EventBody): void {
    const event = { at: new Date().toISOString(), ...body } as SandboxEvent;
    this.log.push(event);
    if (this.log.length > 1000) this.log.splice(0, this.log.length - 1000);
    this.events.emit('event', event);
  }

  /** The most recent events (up to 1000), oldest first, for a UI that opens after the server started. */
  recent(): SandboxEvent[] {
    return [...this.log];
  }

  get port(): number {
    return this.boundPort;
  }
  get url(): string {
    return `ws://127.0.0.1:${this.boundPort}${WS_PATH}`;
  }
  get httpUrl(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }
  get connections(): number {
    return this.sessions.size;
  }

  /** Binds 127.0.0.1 (any other address is refused) and resolves once listening. */
  async start(): Promise<{ url: string; httpUrl: string; port: number }> {
    const { host, port } = checkBind(this.opts.host, this.opts.port);
    // The JWKS a client fetches from the sandbox always holds at least the workspace's ES256 key.
    if (this.opts.verifyTokens !== false) await this.opts.jwt.keys.ensure('ES256', this.opts.workspace);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        this.server.off('listening', onListening);
        if (err.code === 'EADDRINUSE') {
          reject(
            new KeydeckError(
              'PORT_IN_USE',
              `Port ${port} on 127.0.0.1 is already in use. Pick another, or 0 for a free one.`,
            ),
          );
        } else if (err.code === 'EACCES') {
          reject(new KeydeckError('PORT_IN_USE', `Port ${port} needs privileges. Pick one above 1023, or 0.`));
        } else reject(err);
      };
      const onListening = () => {
        this.server.off('error', onError);
        resolve();
      };
      this.server.once('error', onError);
      this.server.once('listening', onListening);
      this.server.listen({ host, port, exclusive: true });
    });
    this.boundPort = (this.server.address() as { port: number }).port;
    this.emit({ type: 'listening', url: this.url });
    return { url: this.url, httpUrl: this.httpUrl, port: this.boundPort };
  }

  /** Closes every session (1001) and the listener. */
  async stop(): Promise<void> {
    for (const ws of this.sessions.values()) ws.close(1001, 'sandbox stopping');
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      setTimeout(() => {
        for (const ws of this.sessions.values()) ws.terminate();
      }, 500).unref();
    });
    this.wss.close();
    this.emit({ type: 'stopped' });
  }

  private refuse(socket: Duplex, req: IncomingMessage, status: number, reason: string, message: string): void {
    this.emit({ type: 'refusal', status, reason, message, path: new URL(req.url ?? '/', 'http://x').pathname });
    refuseUpgrade(socket, status, reason, message);
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (this.sessions.size + this.pending >= this.limits.maxConnections) {
      return this.refuse(
        socket,
        req,
        503,
        'too_many_connections',
        `The sandbox allows ${this.limits.maxConnections} connections.`,
      );
    }
    this.pending++;
    try {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== WS_PATH) return this.refuse(socket, req, 404, 'not_found', `The WebSocket endpoint is ${WS_PATH}.`);
      if (!hostAllowed(req.headers.host, this.boundPort)) {
        return this.refuse(socket, req, 403, 'bad_host', 'The Host header does not name this loopback server.');
      }
      if (!originAllowed(req.headers.origin, this.opts.allowedOrigins ?? [])) {
        return this.refuse(socket, req, 403, 'bad_origin', 'This Origin may not open sandbox sessions.');
      }
      let claims: Record<string, unknown> = {};
      let via: TokenSource | undefined;
      if (this.opts.verifyTokens !== false) {
        const found = extractToken(req);
        if (!found) {
          return this.refuse(
            socket,
            req,
            401,
            'missing_token',
            'Send Authorization: Bearer <jwt>, ?token=, or the JWT as a Sec-WebSocket-Protocol value.',
          );
        }
        via = found.via;
        const r = await verifyToken(found.token, this.resolve, {
          audience: this.audience,
          scope: this.scope,
          isRevoked: (jti) => this.opts.jwt.isRevoked(jti, this.workspaceId),
        });
        if (!r.ok) return this.refuse(socket, req, r.reason === 'missing_scope' ? 403 : 401, r.reason, r.message);
        claims = r.claims;
      }
      if (socket.destroyed) return;
      this.wss.handleUpgrade(req, socket, head, (ws) => this.session(ws, claims, via));
    } finally {
      this.pending--;
    }
  }

  private session(ws: WebSocket, claims: Record<string, unknown>, via: TokenSource | undefined): void {
    const id = randomUUID().slice(0, 8);
    this.sessions.set(id, ws);
    this.emit({
      type: 'connect',
      session: id,
      ...(typeof claims.sub === 'string' ? { sub: claims.sub } : {}),
      ...(via ? { via } : {}),
    });
    let idle: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => ws.close(4000, 'idle timeout'), this.limits.idleMs);
      idle.unref();
    };
    arm();
    ws.on('message', (data: RawData, isBinary: boolean) => {
      arm();
      const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
      this.emit({ type: 'message', session: id, bytes, binary: isBinary });
      ws.send(data, { binary: isBinary });
    });
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => {
      clearTimeout(idle);
      this.sessions.delete(id);
      this.emit({ type: 'close', session: id, code, reason: reason.toString('utf8').slice(0, 123) });
    });
    ws.send(JSON.stringify({ type: 'session.started', session: id, claims }));
  }

  // ---- plain HTTP: JWKS and token endpoint ----

  private json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(text);
  }

  private async http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!hostAllowed(req.headers.host, this.boundPort)) {
      return this.json(res, 403, { error: 'bad_host', message: 'The Host header does not name this loopback server.' });
    }
    if (!originAllowed(req.headers.origin, this.opts.allowedOrigins ?? [])) {
      return this.json(res, 403, { error: 'bad_origin', message: 'This Origin may not use the sandbox.' });
    }
    if (path === '/.well-known/jwks.json' && req.method === 'GET') {
      return this.json(res, 200, this.opts.jwt.jwks(this.opts.workspace));
    }
    if (path === '/token' && req.method === 'POST') return this.token(req, res);
    if (path === '/token' || path === '/.well-known/jwks.json') {
      return this.json(res, 405, { error: 'method_not_allowed', message: `${req.method} is not allowed here.` });
    }
    return this.json(res, 404, { error: 'not_found', message: 'Try GET /.well-known/jwks.json, POST /token or /ws.' });
  }

  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return this.json(res, 415, { error: 'unsupported_media_type', message: 'Send Content-Type: application/json.' });
    }
    let raw = '';
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > this.limits.maxBodyBytes) {
        res.setHeader('Connection', 'close');
        return this.json(res, 413, {
          error: 'too_large',
          message: `The body is larger than ${this.limits.maxBodyBytes} bytes.`,
        });
      }
      raw += chunk;
    }
    let body: { key?: unknown; ttl?: unknown; scope?: unknown };
    try {
      body = raw.trim() ? (JSON.parse(raw) as typeof body) : {};
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return this.json(res, 400, { error: 'invalid_json', message: 'The body is not a JSON object.' });
    }
    const key = typeof body.key === 'string' ? body.key : this.opts.tokenKey;
    if (!key) return this.json(res, 400, { error: 'missing_key', message: 'Name the realtime key: {"key":"NAME"}.' });
    try {
      const m = await this.opts.jwt.mint({
        key,
        alg: this.opts.tokenAlg ?? 'ES256',
        ttl: typeof body.ttl === 'string' || typeof body.ttl === 'number' ? body.ttl : (this.opts.tokenTtl ?? '5m'),
        audience: this.audience,
        scope: typeof body.scope === 'string' ? body.scope : this.scope,
        workspace: this.opts.workspace,
        wsUrl: this.url,
      });
      this.emit({ type: 'token', sub: String(m.claims.sub), kid: m.kid, expiresAt: m.expiresAt });
      return this.json(res, 200, {
        token: m.token,
        token_type: 'Bearer',
        expires_at: m.expiresAt,
        expires_in: (m.claims.exp as number) - (m.claims.iat as number),
      });
    } catch (err) {
      const payload = isKeydeckError(err) ? err.toPayload() : { code: 'INTERNAL', message: 'Could not mint a token.' };
      const status = payload.code === 'CREDENTIAL_NOT_FOUND' ? 404 : 400;
      return this.json(res, status, { error: payload.code, message: payload.message });
    }
  }
}
