/**
 * The local realtime sandbox: a loopback-only HTTP + WebSocket server that behaves like a production
 * realtime backend. `GET /.well-known/jwks.json` serves the workspace's public keys, `POST /token` mints a
 * short-lived JWT from a stored realtime key for a caller holding the sandbox's secret (http-routes.ts),
 * and `/ws` checks Host and Origin, then authenticates the upgrade by one of the modes of auth.ts (a JWT:
 * signature, exp, aud, scope, revocation; a standard key: its digest) and refuses with 401/403 + a JSON
 * reason before upgrading. Sessions speak a profile (echo, realtime, a script, a replay) through the
 * faults (faults.ts); with `enforceExp` a session closes with 4001 when its token expires, and a
 * revocation or a deleted key closes the sessions that used it. Slow and half-open clients are bounded
 * (connections.ts). Everything that happens is an event on `events`.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { parseLifetime } from '../jwt/lifetime.js';
import type { KeyResolver } from '../jwt/verify.js';
import { verifyToken } from '../jwt/verify.js';
import { VerifiedTokenCache } from './token-cache.js';
import { AUTH_WARNINGS, KeyRing, presentedCredential } from './auth.js';
import { systemClock, type SandboxClock } from './clock.js';
import { ConnectionGuard, type ConnectionStats } from './connections.js';
import type { EventBody, SandboxEvent } from './events.js';
import { checkFaults, type Faults } from './faults.js';
import { listenLoopback } from './listen.js';
import { DEFAULT_LIMITS, WS_PATH, type SandboxLimits, type SandboxOptions } from './options.js';
import { checkBind, hostAllowed, originAllowed, parseAllowedOrigins, refuseUpgrade } from './guard.js';
import { handleHttp, type RouteContext } from './http-routes.js';
import { realtimeProfile } from './realtime.js';
import { SessionRecorder } from './recording.js';
import { SandboxSession, type Profile, type SessionAuth } from './session.js';

export type { SandboxEvent } from './events.js';

export { WS_PATH, DEFAULT_LIMITS, type SandboxLimits, type SandboxOptions } from './options.js';

/** Today's behaviour: `session.started` with the claims, then every frame echoed. */
export const echoProfile: Profile = {
  open(s) {
    s.send(JSON.stringify({ type: 'session.started', session: s.id, claims: s.auth.claims }));
  },
  message(s, data, binary) {
    s.logIn(data, binary);
    s.send(data, binary);
  },
};

/** Close codes the sandbox uses for a session it ends itself. */
export const CLOSE = { expired: 4001, revoked: 4003, idle: 4000 } as const;

/** Realtime clients stream audio: their frames may be larger than the echo's. */
const REALTIME_MAX_MESSAGE = 1024 * 1024;

export class SandboxServer {
  /** Emits `event` with a `SandboxEvent` for every connect, refusal, message, close and minted token. */
  readonly events = new EventEmitter();
  readonly audience: string;
  readonly scope: string;
  private readonly limits: SandboxLimits;
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sessions = new Map<string, SandboxSession>();
  private readonly log: SandboxEvent[] = [];
  private readonly resolve: KeyResolver;
  /** Tokens that passed the full check (see token-cache.ts); cleared on every catalog change. */
  readonly verified = new VerifiedTokenCache();
  private readonly workspaceId: string;
  private readonly allowedOrigins: string[];
  private readonly guard: ConnectionGuard;
  private readonly routes: RouteContext;
  private readonly profile: Profile;
  private readonly clock: SandboxClock;
  private readonly random: () => number;
  private readonly keys = new KeyRing();
  private faults: Faults;
  /** The subprotocol each accepted upgrade echoes (set by the auth check, read by handleProtocols). */
  private readonly chosenProtocol = new WeakMap<IncomingMessage, string>();
  private watcher: fs.FSWatcher | undefined;
  private recheckQueued = false;
  /** The secret `POST /token` wants in `X-Keydeck-Sandbox-Secret`; print it for the user, never log it. */
  readonly tokenSecret: string;
  private pending = 0;
  private boundPort = 0;

  constructor(private readonly opts: SandboxOptions) {
    this.audience = opts.audience ?? 'realtime';
    this.scope = opts.scope ?? 'realtime';
    const realtime = opts.profile === 'realtime';
    this.limits = {
      ...DEFAULT_LIMITS,
      ...(realtime ? { maxMessageBytes: REALTIME_MAX_MESSAGE } : {}),
      ...opts.limits,
    };
    this.profile = typeof opts.profile === 'object' ? opts.profile : realtime ? realtimeProfile() : echoProfile;
    this.faults = checkFaults({ ...opts.faults });
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
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
      // The auth check chose the protocol to echo: never the token, always one the client offered.
      handleProtocols: (protocols, req) => {
        const chosen = this.chosenProtocol.get(req);
        if (chosen !== undefined) return chosen;
        return [...protocols][0] ?? false;
      },
    });
    this.server.on('upgrade', (req, socket, head) => void this.upgrade(req, socket, head));
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => this.clientError(err, socket));
  }

  private emit(body: EventBody): void {
    const event = { at: new Date(this.clock.now()).toISOString(), ...body } as SandboxEvent;
    this.log.push(event);
    if (this.log.length > 1200) this.log.splice(0, this.log.length - 1000);
    this.events.emit('event', event);
  }

  /** The most recent events (up to 1000), oldest first, for a UI that opens after the server started. */
  recent(): SandboxEvent[] {
    return this.log.slice(-1000);
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
  /** The open sessions' ids, oldest first. */
  sessionIds(): string[] {
    return [...this.sessions.keys()];
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
    await this.loadKeys();
    await listenLoopback(this.server, host, port);
    this.boundPort = (this.server.address() as { port: number }).port;
    this.watch();
    this.emit({ type: 'listening', url: this.url });
    return { url: this.url, httpUrl: this.httpUrl, port: this.boundPort };
  }

  /** Reads the standard keys Basic and `?key=` accept; only their digests stay. */
  private async loadKeys(): Promise<void> {
    const names = this.opts.apiKeys ?? [];
    if (!names.length) return;
    const creds = this.opts.credentials;
    if (!creds) throw new Error('SandboxOptions.apiKeys needs SandboxOptions.credentials');
    for (const name of names) {
      const use = await creds.readSecret(name, { workspace: this.opts.workspace, action: 'sandbox:basic' });
      this.keys.add(use.credential.name, use.secret);
    }
  }

  /** A revocation or a deleted key is a catalog write: each one re-checks the open sessions. */
  private watch(): void {
    if (!this.opts.watchDir) return;
    try {
      this.watcher = fs.watch(this.opts.watchDir, () => {
        if (this.recheckQueued) return;
        this.recheckQueued = true;
        setImmediate(() => {
          this.recheckQueued = false;
          this.recheck();
        });
      });
      this.watcher.on('error', () => undefined);
      this.watcher.unref();
    } catch {
      // No watch (an unusual file system): revocations then apply to new sessions only.
    }
  }

  /**
   * Closes (4003) every open session whose token was revoked or whose stored key no longer exists.
   * Runs on each catalog change; callers in the same process may call it directly after a revocation.
   */
  recheck(): number {
    // A deleted key or signing key must not let a cached token in: every token is checked in full again.
    this.verified.clear();
    let closed = 0;
    for (const s of this.sessions.values()) {
      const why = this.revokedWhy(s.auth);
      if (why) {
        s.close(CLOSE.revoked, why);
        closed++;
      }
    }
    return closed;
  }

  private revokedWhy(auth: SessionAuth): string | undefined {
    try {
      if (auth.jti && this.opts.jwt.isRevoked(auth.jti, this.workspaceId)) return 'token revoked';
      if (auth.credential && this.opts.credentials) {
        try {
          this.opts.credentials.get(auth.credential, this.opts.workspace);
        } catch {
          if (auth.mode === 'basic' || auth.mode === 'query-key') this.keys.remove(auth.credential);
          return 'key revoked';
        }
      }
    } catch {
      // An unreadable catalog mid-write: the next change checks again.
    }
    return undefined;
  }

  /** Faults for one open session (replacing the sandbox's for it). */
  setFaults(session: string, faults: Faults): void {
    const s = this.sessions.get(session);
    if (!s) throw new Error(`no open session ${session}`);
    s.faults = checkFaults({ ...faults });
    this.armForcedClose(s);
  }

  /** Faults for sessions opened from now on. */
  setDefaultFaults(faults: Faults): void {
    this.faults = checkFaults({ ...faults });
  }

  /** Closes one open session with a chosen code and reason (a forced-close fault). */
  closeSession(session: string, code: number, reason = ''): boolean {
    const s = this.sessions.get(session);
    if (!s) return false;
    checkFaults({ closeCode: code, closeReason: reason });
    s.note('info', `fault: forced close ${code}${reason ? ` ${reason}` : ''}`);
    s.close(code, reason);
    return true;
  }

  /** Closes every session (1001) and the listener. */
  async stop(): Promise<void> {
    this.watcher?.close();
    for (const s of this.sessions.values()) s.close(1001, 'sandbox stopping');
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      this.guard.closeAll();
      setTimeout(() => {
        for (const s of this.sessions.values()) s.ws.terminate();
      }, 500).unref();
    });
    this.wss.close();
    this.emit({ type: 'stopped' });
  }

  private refuse(socket: Duplex, req: IncomingMessage, status: number, reason: string, message: string): void {
    this.emit({ type: 'refusal', status, reason, message, path: new URL(req.url ?? '/', 'http://x').pathname });
    refuseUpgrade(socket, status, reason, message);
  }

  /** Headers too large for the parser (a 64 KiB subprotocol value) get a reason, not a silent reset. */
  private clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    if (err.code === 'HPE_HEADER_OVERFLOW' && socket.writable) {
      const message = 'The request headers are larger than 64 KiB (a subprotocol value or a token too large).';
      this.emit({ type: 'refusal', status: 431, reason: 'headers_too_large', message, path: '' });
      refuseUpgrade(socket, 431, 'headers_too_large', message);
      return;
    }
    socket.destroy();
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
      const faults = this.faults;
      if (faults.handshakeDelayMs) await new Promise<void>((r) => this.clock.after(faults.handshakeDelayMs!, r));
      if (faults.refuseHandshake) {
        return this.refuse(
          socket,
          req,
          faults.refuseHandshake,
          'fault',
          'The sandbox refuses handshakes (fault injected).',
        );
      }
      let auth: SessionAuth = { claims: {} };
      if (this.opts.verifyTokens !== false) {
        const checked = await this.authenticate(req);
        if ('refused' in checked) {
          const r = checked.refused;
          return this.refuse(socket, req, r.status, r.reason, r.message);
        }
        auth = checked;
      } else {
        const offered = presentedCredential(req);
        if (offered && 'mode' in offered && offered.mode === 'subprotocol' && offered.protocol) {
          this.chosenProtocol.set(req, offered.protocol);
        }
      }
      if (socket.destroyed) return;
      // Checked again: other upgrades may have filled the sessions while this token was checked.
      if (this.sessions.size >= this.limits.maxConnections) return this.full(socket, req);
      this.wss.handleUpgrade(req, socket, head, (ws) => this.session(ws, auth, req));
    } finally {
      clearTimeout(deadline);
      this.pending--;
    }
  }

  /** Checks the one credential the upgrade carries, by its own path. */
  private async authenticate(
    req: IncomingMessage,
  ): Promise<SessionAuth | { refused: { status: number; reason: string; message: string } }> {
    const found = presentedCredential(req);
    if (found === undefined) {
      return {
        refused: {
          status: 401,
          reason: 'missing_token',
          message:
            'Send Authorization: Bearer <jwt> or Basic <key>, ?token=, ?key=, or the JWT as a Sec-WebSocket-Protocol value beside a protocol name.',
        },
      };
    }
    if ('refused' in found) return found;
    if (found.mode === 'basic' || found.mode === 'query-key') {
      if (!this.keys.size) {
        return {
          refused: {
            status: 401,
            reason: 'keys_not_accepted',
            message: 'This sandbox accepts no standard keys: start it with --basic-key NAME.',
          },
        };
      }
      const name = this.keys.match(found.key, found.mode);
      if (!name)
        return { refused: { status: 401, reason: 'unknown_key', message: 'The key is not one this sandbox accepts.' } };
      return { mode: found.mode, sub: name, credential: name, claims: { sub: name } };
    }
    const { token } = found as { token: string };
    const isRevoked = (jti: string) => this.opts.jwt.isRevoked(jti, this.workspaceId);
    let verified = this.verified.get(token, this.clock.now(), isRevoked);
    if (!verified) {
      const r = await verifyToken(token, this.resolve, {
        audience: this.audience,
        scope: this.scope,
        now: this.clock.now(),
        isRevoked,
      });
      if (!r.ok)
        return { refused: { status: r.reason === 'missing_scope' ? 403 : 401, reason: r.reason, message: r.message } };
      this.verified.set(token, r.claims);
      verified = r.claims;
    }
    if (found.mode === 'subprotocol' && found.protocol) this.chosenProtocol.set(req, found.protocol);
    const claims = verified as Record<string, unknown>;
    return {
      mode: found.mode,
      claims,
      ...(typeof claims.sub === 'string' ? { sub: claims.sub, credential: claims.sub } : {}),
      ...(typeof claims.jti === 'string' ? { jti: claims.jti } : {}),
      ...(typeof claims.exp === 'number' ? { exp: claims.exp } : {}),
    };
  }

  private full(socket: Duplex, req: IncomingMessage): void {
    const message = `The sandbox allows ${this.limits.maxConnections} connections.`;
    this.refuse(socket, req, 503, 'too_many_connections', message);
  }

  private armForcedClose(s: SandboxSession): void {
    const f = s.faults;
    if (f.closeAfterMs === undefined) return;
    const left = Math.max(0, s.openedAt + f.closeAfterMs - this.clock.now());
    s.after(left, () => {
      s.note('info', `fault: forced close ${f.closeCode ?? 1000}${f.closeReason ? ` ${f.closeReason}` : ''}`);
      s.close(f.closeCode ?? 1000, f.closeReason ?? '');
    });
  }

  private session(ws: WebSocket, auth: SessionAuth, req: IncomingMessage): void {
    const id = randomUUID().slice(0, 8);
    let recorder: SessionRecorder | undefined;
    const s = new SandboxSession(id, ws, auth, this.faults, {
      clock: this.clock,
      random: this.random,
      emit: (body) => this.emit(body),
      record: (sess, dir, data, binary) => recorder?.frame(sess, dir, data, binary),
    });
    if (this.opts.recordDir) {
      try {
        recorder = new SessionRecorder(this.opts.recordDir, s, () => this.clock.now());
        s.note('info', `recording to ${recorder.file}`);
      } catch (err) {
        s.note('error', `cannot record: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    }
    this.sessions.set(id, s);
    const warning = auth.mode ? AUTH_WARNINGS[auth.mode] : undefined;
    this.emit({
      type: 'connect',
      session: id,
      ...(auth.sub ? { sub: auth.sub } : {}),
      ...(auth.mode ? { via: auth.mode } : {}),
      ...(ws.protocol ? { protocol: ws.protocol } : {}),
      ...(warning ? { warning } : {}),
    });
    void req;
    let idle: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => s.close(CLOSE.idle, 'idle timeout'), this.limits.idleMs);
      idle.unref();
    };
    arm();
    if (this.opts.enforceExp && auth.exp !== undefined) {
      s.after(auth.exp * 1000 - this.clock.now(), () => s.close(CLOSE.expired, 'token expired'));
    }
    this.armForcedClose(s);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      arm();
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      this.profile.message(s, buf, isBinary);
    });
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => {
      clearTimeout(idle);
      s.dispose();
      this.profile.closed?.(s);
      this.sessions.delete(id);
      this.emit({ type: 'close', session: id, code, reason: reason.toString('utf8').slice(0, 123) });
      try {
        recorder?.end(s, code, reason.toString('utf8'));
      } catch {
        // A full disk ends the recording, not the sandbox.
      }
    });
    this.profile.open(s);
  }
}
