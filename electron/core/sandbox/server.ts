/**
 * The local realtime sandbox: a loopback-only HTTP + WebSocket server that behaves like a production
 * realtime backend. `GET /.well-known/jwks.json` serves the workspace's public keys, `POST /token` mints a
 * short-lived JWT from a stored realtime key for a caller holding the sandbox's secret (http-routes.ts),
 * and `/ws` checks Host and Origin, then authenticates the upgrade (signature, exp, aud, scope,
 * revocation) and refuses with 401/403 + a JSON reason before upgrading. Accepted sessions get
 * `session.started` with their claims, then an echo. Slow and half-open clients are bounded
 * (connections.ts). Everything that happens is an event on `events`.
 */
import { EventEmitter } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { parseLifetime } from '../jwt/lifetime.js';
import type { KeyResolver } from '../jwt/verify.js';
import { verifyToken } from '../jwt/verify.js';
import { ConnectionGuard, type ConnectionStats } from './connections.js';
import type { EventBody, SandboxEvent } from './events.js';
import { listenLoopback } from './listen.js';
import { DEFAULT_LIMITS, WS_PATH, type SandboxLimits, type SandboxOptions } from './options.js';
import { checkBind, extractToken, hostAllowed, originAllowed, parseAllowedOrigins, refuseUpgrade } from './guard.js';
import type { TokenSource } from './guard.js';
import { handleHttp, type RouteContext } from './http-routes.js';

export type { SandboxEvent } from './events.js';

export { WS_PATH, DEFAULT_LIMITS, type SandboxLimits, type SandboxOptions } from './options.js';

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
  private readonly allowedOrigins: string[];
  private readonly guard: ConnectionGuard;
  private readonly routes: RouteContext;
  /** The secret `POST /token` wants in `X-Keydeck-Sandbox-Secret`; print it for the user, never log it. */
  readonly tokenSecret: string;
  private pending = 0;
  private boundPort = 0;

  constructor(private readonly opts: SandboxOptions) {
    this.audience = opts.audience ?? 'realtime';
    this.scope = opts.scope ?? 'realtime';
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.allowedOrigins = parseAllowedOrigins(opts.allowedOrigins);
    this.tokenSecret = opts.tokenSecret ?? randomBytes(24).toString('base64url');
    const ttlCapSec = parseLifetime(opts.tokenTtl ?? '5m');
    this.resolve = opts.jwt.localResolver(opts.workspace);
    this.workspaceId = opts.jwt.workspaceId(opts.workspace);
    this.routes = {
      jwt: opts.jwt,
      workspace: opts.workspace,
      audience: this.audience,
      scopes: this.scope.split(' ').filter(Boolean),
      tokenKey: opts.tokenKey,
      tokenAlg: opts.tokenAlg ?? 'ES256',
      ttlCapSec,
      allowedOrigins: this.allowedOrigins,
      secret: this.tokenSecret,
      maxBodyBytes: this.limits.maxBodyBytes,
      port: () => this.boundPort,
      wsUrl: () => this.url,
      emit: (body) => this.emit(body),
    };
    this.server = http.createServer(
      {
        maxHeaderSize: 64 * 1024,
        headersTimeout: this.limits.headersTimeoutMs,
        requestTimeout: this.limits.headersTimeoutMs * 3,
        keepAliveTimeout: 2_000,
        connectionsCheckingInterval: Math.min(1_000, this.limits.headersTimeoutMs),
      },
      (req, res) => void handleHttp(this.routes, req, res),
    );
    this.guard = new ConnectionGuard(this.limits.maxHalfOpen, this.limits.headersTimeoutMs);
    this.guard.attach(this.server);
    // A backstop only: half-open sockets are capped by the guard, sessions and checks by the limits.
    this.server.maxConnections = this.limits.maxConnections + this.limits.maxPending + this.limits.maxHalfOpen + 1024;
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
  /** Socket counters: accepted, half-open, evicted, timed out. */
  stats(): ConnectionStats & { sessions: number; pending: number } {
    return { ...this.guard.stats(), sessions: this.sessions.size, pending: this.pending };
  }

  /** Binds 127.0.0.1 (any other address is refused) and resolves once listening. */
  async start(): Promise<{ url: string; httpUrl: string; port: number }> {
    const { host, port } = checkBind(this.opts.host, this.opts.port);
    // The JWKS a client fetches from the sandbox always holds at least the workspace's ES256 key.
    if (this.opts.verifyTokens !== false) await this.opts.jwt.keys.ensure('ES256', this.opts.workspace);
    await listenLoopback(this.server, host, port);
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
      this.guard.closeAll();
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
    this.guard.settle(socket as Socket);
    socket.on('error', () => socket.destroy());
    // Host and Origin first, exactly as for HTTP: a DNS-rebinding page names its own host.
    if (!hostAllowed(req.headers.host, this.boundPort)) {
      return this.refuse(socket, req, 403, 'bad_host', 'The Host header does not name this loopback server.');
    }
    if (!originAllowed(req.headers.origin, this.allowedOrigins)) {
      return this.refuse(socket, req, 403, 'bad_origin', 'This Origin may not open sandbox sessions.');
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== WS_PATH) return this.refuse(socket, req, 404, 'not_found', `The WebSocket endpoint is ${WS_PATH}.`);
    if (this.sessions.size >= this.limits.maxConnections) return this.full(socket, req);
    if (this.pending >= this.limits.maxPending) {
      return this.refuse(socket, req, 503, 'busy', 'Too many handshakes at once; try again.');
    }
    this.pending++;
    const deadline = setTimeout(() => {
      this.refuse(socket, req, 503, 'handshake_timeout', 'The handshake took too long.');
      socket.destroy();
    }, this.limits.handshakeTimeoutMs);
    deadline.unref();
    try {
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
      // Checked again: other upgrades may have filled the sessions while this token was checked.
      if (this.sessions.size >= this.limits.maxConnections) return this.full(socket, req);
      this.wss.handleUpgrade(req, socket, head, (ws) => this.session(ws, claims, via));
    } finally {
      clearTimeout(deadline);
      this.pending--;
    }
  }

  private full(socket: Duplex, req: IncomingMessage): void {
    const message = `The sandbox allows ${this.limits.maxConnections} connections.`;
    this.refuse(socket, req, 503, 'too_many_connections', message);
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
}
