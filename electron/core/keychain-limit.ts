/**
 * One limit on keychain work in flight, shared by every path of this process (the vault takes a slot
 * for each call): bulk work (import, rebuild, export) never floods the Secret Service with parallel
 * D-Bus calls, and `boundedAll` runs a batch with at most that many jobs at once.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export const KEYCHAIN_CONCURRENCY = 8;

let active = 0;
const waiting: (() => void)[] = [];

/** Runs `fn` when one of the process's keychain slots is free. */
export async function withKeychainSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (active >= KEYCHAIN_CONCURRENCY) await new Promise<void>((r) => waiting.push(r));
  else active++;
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }
}

/** Keychain calls running right now (for tests and benches). */
export function keychainCallsInFlight(): number {
  return active;
}

/**
 * Runs the jobs with at most `limit` at once and waits for all; the first failure is thrown after the
 * jobs already started have settled (so a caller's undo sees every write that happened).
 */
export async function boundedAll(jobs: (() => Promise<void>)[], limit = KEYCHAIN_CONCURRENCY): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < jobs.length) {
      const job = jobs[next++]!;
      try {
        await job();
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  if (failure) throw failure.err;
}

/**
 * Each keychain entry handle holds its own D-Bus connection, and the native side lets it go only when
 * the handle is garbage-collected: a bulk run that drops handles faster than the collector runs piles
 * up connections until the bus refuses more ("maximum number of active connections"). The vault calls
 * this for each handle it drops; every `RELEASE_EVERY` drops it asks V8 for a full collection, which
 * frees those unreachable handles (and their connections) at once.
 */
const RELEASE_EVERY = 32;
let dropped = 0;
let collect: ((opts?: { type: 'minor' | 'major' }) => void) | null | undefined;

function collector(): typeof collect {
  if (collect !== undefined) return collect;
  collect = (globalThis as { gc?: typeof collect }).gc ?? null;
  if (!collect) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as typeof collect;
    } catch {
      collect = null;
    }
  }
  return collect;
}

export function handleDropped(): void {
  if (++dropped % RELEASE_EVERY !== 0) return;
  try {
    collector()?.({ type: 'major' });
  } catch {
    // no collector: connections go when V8 collects on its own
  }
}
