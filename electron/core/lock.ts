import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';

/**
 * A cross-process lock (the app and the CLI may write at once): an exclusive-create lock file naming its
 * owner (host, pid, the pid's start time) and a unique token. While held, the owner refreshes the file's
 * mtime (its heartbeat). A lock is stale only when its owner is gone (same host: the pid is dead, or
 * the pid now belongs to a process started at another time) or its heartbeat stopped for `staleMs`;
 * never because of its age alone: a slow owner that keeps beating keeps its lock.
 *
 * Breaking a stale lock is race-free: the breaker renames the lock file to a claim name of its own
 * (one rename wins), checks that the claimed file is the stale lock it judged (same token) and only
 * then deletes it; a claim that turns out to be a fresh lock is linked back. Then everyone competes
 * for a new lock with O_EXCL again. The owner checks its token before committing (`assertHeld`).
 */

export interface LockOptions {
  /** Give up with CATALOG_LOCKED after waiting this long. */
  timeoutMs?: number;
  /** How often the owner refreshes the lock's mtime; 0 turns the automatic heartbeat off (tests beat by hand). */
  heartbeatMs?: number;
  /** A lock whose heartbeat is older than this is stale, even if its pid seems alive. */
  staleMs?: number;
  /** The clock for heartbeats and staleness (tests inject one). */
  now?: () => number;
}

export const LOCK_DEFAULTS = { timeoutMs: 10_000, heartbeatMs: 1_000, staleMs: 30_000 } as const;

export interface LockOwner {
  host: string;
  pid: number;
  /** The pid's start time (Linux: clock ticks since boot), so a reused pid is not taken for the owner. */
  start?: string;
  token: string;
}

/** A process's start time from /proc (Linux); undefined where there is no /proc or no such process. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); fields after the ")" that ends the command name start at field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let selfStart: string | undefined | null = null;
function me(): Omit<LockOwner, 'token'> {
  if (selfStart === null) selfStart = processStart(process.pid);
  return { host: os.hostname(), pid: process.pid, ...(selfStart ? { start: selfStart } : {}) };
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const o = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.token === 'string') return o as LockOwner;
  } catch {
    // an older Keydeck wrote the bare pid
  }
  const pid = Number.parseInt(raw, 10);
  return Number.isInteger(pid) && pid > 0 ? { host: os.hostname(), pid, token: `pid:${pid}` } : undefined;
}

/** Why a lock file is stale, or undefined while its owner lives and beats. */
export function staleReason(
  owner: LockOwner | undefined,
  mtimeMs: number,
  opts: { now?: () => number; staleMs?: number } = {},
): string | undefined {
  const now = (opts.now ?? Date.now)();
  const staleMs = opts.staleMs ?? LOCK_DEFAULTS.staleMs;
  if (owner && owner.host === os.hostname()) {
    if (!pidAlive(owner.pid)) return 'owner process is gone';
    if (owner.start !== undefined) {
      const start = processStart(owner.pid);
      if (start !== undefined && start !== owner.start) return 'owner pid now belongs to another process';
    }
  }
  if (now - mtimeMs > staleMs) return 'owner heartbeat stopped';
  return undefined;
}

/** A held lock. */
export class FileLock {
  private timer?: NodeJS.Timeout;
  private released = false;

  constructor(
    readonly path: string,
    readonly token: string,
    private readonly now: () => number,
    heartbeatMs: number,
  ) {
    if (heartbeatMs > 0) {
      this.timer = setInterval(() => this.beat(), heartbeatMs);
      this.timer.unref();
    }
  }

  /** Refreshes the heartbeat (the lock file's mtime). */
  beat(): void {
    // Only our own lock: after a takeover, the new owner's heartbeat is its own business.
    if (!this.held()) return;
    const t = this.now() / 1000;
    try {
      fs.utimesSync(this.path, t, t);
    } catch {
      // briefly absent while a breaker checks its claim; assertHeld decides
    }
  }

  /** True while the lock file is still ours (nobody broke it as stale). */
  held(): boolean {
    if (this.released) return false;
    try {
      return parseOwner(fs.readFileSync(this.path, 'utf8'))?.token === this.token;
    } catch {
      return false;
    }
  }

  /** Throws CATALOG_LOCK_LOST if another process took the lock over; call it right before committing. */
  assertHeld(): void {
    if (!this.held()) {
      throw new KeydeckError(
        'CATALOG_LOCK_LOST',
        `Another Keydeck process took over the catalog lock (${this.path}) while this one stalled; nothing was saved. Try again.`,
      );
    }
  }

  release(): void {
    if (this.released) return;
    if (this.timer) clearInterval(this.timer);
    const mine = this.held();
    this.released = true;
    if (mine) fs.rmSync(this.path, { force: true });
  }
}

/**
 * Breaks the lock at `lockPath` if it is still the stale one whose owner was `stale` (undefined: an
 * unreadable lock). Returns true if
 * the stale lock is gone (by us or someone else), false if a live lock stands there.
 */
export function breakStale(lockPath: string, stale: LockOwner | undefined): boolean {
  const claim = `${lockPath}.claim-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    fs.renameSync(lockPath, claim);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true; // another breaker won
    throw err;
  }
  let claimed: LockOwner | undefined;
  try {
    claimed = parseOwner(fs.readFileSync(claim, 'utf8'));
  } catch {
    claimed = undefined;
  }
  if (claimed?.token === stale?.token) {
    fs.rmSync(claim, { force: true });
    return true;
  }
  // We took a lock that someone acquired after our look: put it back unless a newer one stands there.
  try {
    fs.linkSync(claim, lockPath);
  } catch {
    // EEXIST: yet another writer got in; the owner we displaced finds out in assertHeld and saves nothing.
  }
  fs.rmSync(claim, { force: true });
  return false;
}

function readOwner(lockPath: string): { owner: LockOwner | undefined; mtimeMs: number } | undefined {
  try {
    const st = fs.statSync(lockPath);
    return { owner: parseOwner(fs.readFileSync(lockPath, 'utf8')), mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

const DRAFT_MARK = '.draft-';

/**
 * Removes lock drafts left by writers killed between writing a draft and linking it. Called holding the
 * lock: a live writer whose draft goes missing just fails to link and tries again.
 */
function removeDeadDrafts(lockPath: string): void {
  const dir = path.dirname(lockPath);
  const prefix = `${path.basename(lockPath)}${DRAFT_MARK}`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (pid !== process.pid && !pidAlive(pid)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Takes the lock, waiting (with backoff) while a live owner holds it. */
export async function acquireLock(lockPath: string, opts: LockOptions = {}): Promise<FileLock> {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? LOCK_DEFAULTS.timeoutMs;
  const started = Date.now();
  let wait = 2;
  for (;;) {
    const owner: LockOwner = { ...me(), token: randomBytes(12).toString('hex') };
    // The lock appears whole or not at all: its content is written to a file of our own first, then linked
    // into place (link fails if a lock exists). A writer killed mid-way never leaves an empty, ownerless
    // lock that only the heartbeat rule could clear.
    const draft = `${lockPath}${DRAFT_MARK}${process.pid}-${randomBytes(6).toString('hex')}`;
    fs.writeFileSync(draft, JSON.stringify(owner), { mode: 0o600 });
    const t = now() / 1000;
    fs.utimesSync(draft, t, t);
    try {
      fs.linkSync(draft, lockPath);
      fs.rmSync(draft, { force: true });
      removeDeadDrafts(lockPath);
      return new FileLock(lockPath, owner.token, now, opts.heartbeatMs ?? LOCK_DEFAULTS.heartbeatMs);
    } catch (err) {
      fs.rmSync(draft, { force: true });
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const seen = readOwner(lockPath);
    if (!seen) continue; // released meanwhile
    // An unreadable lock (its writer died between create and write) gets the heartbeat rule only.
    if (staleReason(seen.owner, seen.mtimeMs, { now, staleMs: opts.staleMs }) && breakStale(lockPath, seen.owner)) {
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new KeydeckError(
        'CATALOG_LOCKED',
        `The catalog is locked by another Keydeck process (${lockPath}). Try again.`,
      );
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 50);
  }
}

/** Runs `fn` holding the lock; `fn` gets the lock so it can check it still holds it before committing. */
export async function withFileLock<T>(
  lockPath: string,
  fn: (lock: FileLock) => Promise<T> | T,
  opts: LockOptions = {},
): Promise<T> {
  const lock = await acquireLock(lockPath, opts);
  try {
    return await fn(lock);
  } finally {
    lock.release();
  }
}
