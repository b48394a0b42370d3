/**
 * One registry for long work (scan, validate all, sandbox, import): `start` runs a job and returns its
 * id at once; the job reports progress through its context, stops when its AbortSignal fires, and ends
 * with a result or an error. Every job's events (progress in order, then exactly one end) reach the
 * listeners given at start and any added later with `subscribe`, so main pushes them instead of the
 * renderer polling. Errors become `{ code, message, field? }` payloads, never raw messages.
 *
 * No Electron, no timers: the clock and the id source are injected, so tests drive it directly.
 */
import { randomUUID } from 'node:crypto';
import { toErrorPayload, type ErrorPayload } from '../../../shared/errors.js';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobSnapshot<P = unknown, R = unknown> {
  id: string;
  kind: string;
  /** Jobs with the same key (e.g. a workspace) are one at a time: see `StartOptions.key`. */
  key?: string;
  state: JobState;
  /** The last progress reported (or the initial one). */
  progress?: P;
  result?: R;
  error?: ErrorPayload;
  startedAt: string;
  finishedAt?: string;
  /** How many events the job has sent (its last event's `seq`). */
  seq: number;
}

export type JobEvent<P = unknown, R = unknown> =
  { type: 'progress'; seq: number; job: JobSnapshot<P, R> } | { type: 'end'; seq: number; job: JobSnapshot<P, R> };

export type JobListener<P = unknown, R = unknown> = (event: JobEvent<P, R>) => void;

export interface JobContext<P> {
  id: string;
  signal: AbortSignal;
  /** Reports progress (ignored once the job has ended). */
  progress(p: P): void;
}

export interface StartOptions<P, R> {
  /** At most one running job per `kind` + `key`: starting another returns the running one. */
  key?: string;
  /** With `key`: cancel the running job and start anew instead of returning it. */
  replace?: boolean;
  progress?: P;
  listener?: JobListener<P, R>;
}

export interface RegistryOptions {
  now?: () => Date;
  newId?: () => string;
  /** Finished jobs kept for `get` (oldest dropped first). */
  keepFinished?: number;
}

interface Entry {
  snap: JobSnapshot;
  controller: AbortController;
  listeners: Set<JobListener>;
  done: Promise<JobSnapshot>;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly keep: number;

  constructor(opts: RegistryOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.newId = opts.newId ?? randomUUID;
    this.keep = opts.keepFinished ?? 16;
  }

  /** Starts `run` as a job; answers its first snapshot (state `running`) without waiting for it. */
  start<P, R>(kind: string, run: (ctx: JobContext<P>) => Promise<R>, opts: StartOptions<P, R> = {}): JobSnapshot<P, R> {
    if (opts.key !== undefined) {
      const same = this.list(kind).find((j) => j.key === opts.key && j.state === 'running');
      if (same && !opts.replace) {
        if (opts.listener) this.subscribe(same.id, opts.listener as JobListener);
        return same as JobSnapshot<P, R>;
      }
      if (same) this.cancel(same.id);
    }
    const id = this.newId();
    const controller = new AbortController();
    const snap: JobSnapshot<P, R> = {
      id,
      kind,
      ...(opts.key !== undefined ? { key: opts.key } : {}),
      state: 'running',
      ...(opts.progress !== undefined ? { progress: opts.progress } : {}),
      startedAt: this.now().toISOString(),
      seq: 0,
    };
    const listeners = new Set<JobListener>();
    if (opts.listener) listeners.add(opts.listener as JobListener);
    const entry = { snap, controller, listeners } as Omit<Entry, 'done'> as Entry;
    this.jobs.set(id, entry);
    this.prune();

    const emit = (type: JobEvent['type']) => {
      snap.seq++;
      const event = { type, seq: snap.seq, job: copy(snap) } as JobEvent;
      for (const l of [...listeners]) {
        try {
          l(event);
        } catch {
          // A listener's failure (a closed window) never stops the job or the other listeners.
        }
      }
    };
    const finish = (state: JobState, fields: Partial<JobSnapshot<P, R>>) => {
      Object.assign(snap, fields, { state, finishedAt: this.now().toISOString() });
      emit('end');
      listeners.clear();
      this.prune();
      return copy(snap) as JobSnapshot;
    };
    const ctx: JobContext<P> = {
      id,
      signal: controller.signal,
      progress: (p) => {
        if (snap.state !== 'running' || controller.signal.aborted) return;
        snap.progress = p;
        emit('progress');
      },
    };
    entry.done = Promise.resolve()
      .then(() => run(ctx))
      .then(
        (result) => finish(controller.signal.aborted ? 'cancelled' : 'done', { result }),
        (err: unknown) =>
          controller.signal.aborted ? finish('cancelled', {}) : finish('failed', { error: toErrorPayload(err) }),
      );
    return copy(snap);
  }

  get<P = unknown, R = unknown>(id: string): JobSnapshot<P, R> | undefined {
    const e = this.jobs.get(id);
    return e ? (copy(e.snap) as JobSnapshot<P, R>) : undefined;
  }

  /** Every job of a kind still held, oldest first. */
  list(kind?: string): JobSnapshot[] {
    return [...this.jobs.values()].filter((e) => kind === undefined || e.snap.kind === kind).map((e) => copy(e.snap));
  }

  /** Aborts a running job's signal; answers false when it is unknown or already ended. */
  cancel(id: string): boolean {
    const e = this.jobs.get(id);
    if (!e || e.snap.state !== 'running') return false;
    e.controller.abort();
    return true;
  }

  /** Adds a listener to a running job's events; returns the unsubscribe function. */
  subscribe(id: string, listener: JobListener): () => void {
    const e = this.jobs.get(id);
    if (!e || e.snap.state !== 'running') return () => undefined;
    e.listeners.add(listener);
    return () => void e.listeners.delete(listener);
  }

  /** Resolves with the job's final snapshot (never rejects: a failure is `state: 'failed'`). */
  async wait(id: string): Promise<JobSnapshot | undefined> {
    const e = this.jobs.get(id);
    return e ? e.done : undefined;
  }

  /** Cancels every running job (on quit). */
  cancelAll(): void {
    for (const e of this.jobs.values()) if (e.snap.state === 'running') e.controller.abort();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.snap.state !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - this.keep))) this.jobs.delete(e.snap.id);
  }
}

function copy<T extends JobSnapshot>(s: T): T {
  return { ...s };
}
