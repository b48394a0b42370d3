/**
 * One open sandbox session: who it is (auth mode, subject, token expiry), what it sends through the
 * session's faults, and the timers that close it (token expiry, a forced close). The profile (echo,
 * realtime, a script or a replay) decides what to send; this decides how it reaches the client.
 */
import type { WebSocket } from 'ws';
import type { AuthMode } from './auth.js';
import type { SandboxClock } from './clock.js';
import type { EventBody } from './events.js';
import type { Faults } from './faults.js';

export interface SessionAuth {
  mode?: AuthMode;
  /** The token's subject, or the standard key's name. */
  sub?: string;
  jti?: string;
  /** The token's exp, seconds since the epoch. */
  exp?: number;
  /** The stored credential this session depends on (revoked or deleted: the session closes). */
  credential?: string;
  claims: Record<string, unknown>;
}

/** What a profile does with a session. */
export interface Profile {
  /** The frames a new session gets. */
  open(s: SandboxSession): void;
  /** A frame from the client. */
  message(s: SandboxSession, data: Buffer, binary: boolean): void;
  /** The session ended. */
  closed?(s: SandboxSession): void;
}

export interface SessionDeps {
  clock: SandboxClock;
  random: () => number;
  emit(body: EventBody): void;
  /** Records a frame (recordings); `dir` is from the sandbox's side. */
  record?(s: SandboxSession, dir: 'in' | 'out', data: Buffer | string, binary: boolean): void;
}

type Frame = { data: Buffer | string; binary: boolean };

export class SandboxSession {
  readonly openedAt: number;
  private lastDue = 0;
  private held: Frame | undefined;
  private readonly timers = new Set<{ cancel(): void }>();
  private ended = false;
  /** Counters of what the faults did, for the log and the tests. */
  readonly faultCounts = { dropped: 0, duplicated: 0, reordered: 0, delayed: 0 };

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    readonly auth: SessionAuth,
    public faults: Faults,
    private readonly deps: SessionDeps,
  ) {
    this.openedAt = deps.clock.now();
  }

  get closed(): boolean {
    return this.ended || this.ws.readyState > 1;
  }

  emit(body: EventBody): void {
    this.deps.emit(body);
  }

  note(level: 'info' | 'warn' | 'error', message: string): void {
    this.deps.emit({ type: 'note', session: this.id, level, message });
  }

  /** Logs a client frame (its event type when the profile knows it) and records it. */
  logIn(data: Buffer, binary: boolean, event?: string): void {
    this.deps.emit({ type: 'message', session: this.id, bytes: data.byteLength, binary, ...(event ? { event } : {}) });
    this.deps.record?.(this, 'in', data, binary);
  }

  /** Runs `fn` after `ms` on the sandbox clock, unless the session has ended by then. */
  after(ms: number, fn: () => void): void {
    const handle = this.deps.clock.after(ms, () => {
      this.timers.delete(handle);
      if (!this.closed) fn();
    });
    this.timers.add(handle);
  }

  /** Sends a frame through the faults: dropped, duplicated, held back or delayed as they say. */
  send(data: Buffer | string, binary = false): void {
    if (this.closed) return;
    const f = this.faults;
    const { random } = this.deps;
    if (f.drop && random() < f.drop) {
      this.faultCounts.dropped++;
      this.note('info', `fault: dropped a ${frameName(data, binary)} frame`);
      return;
    }
    const frame = { data, binary };
    if (f.reorder && !this.held && random() < f.reorder) {
      this.faultCounts.reordered++;
      this.held = frame;
      this.note('info', `fault: holding back a ${frameName(data, binary)} frame to send it after the next`);
      // A held frame whose successor never comes goes out on its own.
      this.after((f.latencyMs ?? 0) + (f.jitterMs ?? 0) + 50, () => this.flushHeld());
      return;
    }
    this.schedule(frame);
    if (f.duplicate && random() < f.duplicate) {
      this.faultCounts.duplicated++;
      this.note('info', `fault: sent a ${frameName(data, binary)} frame twice`);
      this.schedule(frame);
    }
    this.flushHeld();
  }

  private flushHeld(): void {
    const h = this.held;
    this.held = undefined;
    if (h) this.schedule(h);
  }

  private schedule(frame: Frame): void {
    const delay = (this.faults.latencyMs ?? 0) + (this.faults.jitterMs ? this.deps.random() * this.faults.jitterMs : 0);
    if (delay <= 0 && this.lastDue <= this.deps.clock.now()) return this.write(frame);
    this.faultCounts.delayed++;
    // Jitter never reorders: a frame leaves no earlier than the one before it (TCP keeps order).
    const now = this.deps.clock.now();
    const due = Math.max(now + delay, this.lastDue);
    this.lastDue = due;
    this.after(due - now, () => this.write(frame));
  }

  private write(frame: Frame): void {
    if (this.closed) return;
    this.ws.send(frame.data, { binary: frame.binary });
    this.deps.record?.(this, 'out', frame.data, frame.binary);
  }

  /** Closes the session with a code and reason (logged by the close handler). */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.ended = true;
    this.ws.close(code, reason.slice(0, 123));
    // A client that never answers the close is cut off.
    const t = setTimeout(() => this.ws.terminate(), 2000);
    t.unref();
  }

  /** Cancels every timer (the socket closed). */
  dispose(): void {
    this.ended = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
  }
}

function frameName(data: Buffer | string, binary: boolean): string {
  if (binary) return 'binary';
  const text = typeof data === 'string' ? data : data.toString('utf8');
  const m = /"type"\s*:\s*"([^"]{1,80})"/.exec(text.slice(0, 200));
  return m ? m[1]! : 'text';
}
