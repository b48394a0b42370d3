/**
 * Slow clients cannot starve the sandbox: every socket that has not finished its request headers is
 * "half-open". They are capped (beyond the cap the oldest is dropped, so a newcomer is always heard and
 * a slowloris attacker loses its oldest sockets first) and each gets a deadline for its headers.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionStats {
  /** Sockets accepted since start. */
  accepted: number;
  /** Sockets still waiting for their request headers. */
  halfOpen: number;
  /** Half-open sockets dropped to make room for newer ones. */
  evicted: number;
  /** Half-open sockets dropped because their headers did not arrive in time. */
  timedOut: number;
}

export class ConnectionGuard {
  private readonly halfOpen = new Map<Socket, NodeJS.Timeout>();
  private accepted = 0;
  private evicted = 0;
  private timedOut = 0;

  constructor(
    private readonly maxHalfOpen: number,
    private readonly headersTimeoutMs: number,
  ) {}

  /** Tracks every socket `server` accepts; a plain HTTP request settles its socket. */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.track(socket));
    server.on('request', (req) => this.settle(req.socket));
  }

  private track(socket: Socket): void {
    this.accepted++;
    const timer = setTimeout(() => {
      if (!this.halfOpen.delete(socket)) return;
      this.timedOut++;
      socket.destroy();
    }, this.headersTimeoutMs);
    timer.unref();
    this.halfOpen.set(socket, timer);
    socket.once('close', () => this.settle(socket));
    // A Map iterates in insertion order: the first key is the oldest half-open socket.
    while (this.halfOpen.size > this.maxHalfOpen) {
      const oldest = this.halfOpen.keys().next().value as Socket;
      this.settle(oldest);
      this.evicted++;
      oldest.destroy();
    }
  }

  /** The socket's request headers arrived (or it closed): it no longer counts as half-open. */
  settle(socket: Socket): void {
    const timer = this.halfOpen.get(socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.halfOpen.delete(socket);
  }

  stats(): ConnectionStats {
    return { accepted: this.accepted, halfOpen: this.halfOpen.size, evicted: this.evicted, timedOut: this.timedOut };
  }

  /** Drops every half-open socket (the server is stopping). */
  closeAll(): void {
    for (const socket of [...this.halfOpen.keys()]) {
      this.settle(socket);
      socket.destroy();
    }
  }
}
