/**
 * One limit on keychain work in flight, shared by every path of this process (the vault takes a slot
 * for each call): bulk work (import, rebuild, reconcile, bulk create) never floods the Secret Service
 * with parallel D-Bus calls, and `boundedAll` runs a batch with at most that many jobs at once. It is
 * the keychain pool's size (./keychain-pool.ts), so a call never waits in the worker for a handle.
 */
import { KEYCHAIN_POOL_SIZE } from './keychain-pool.js';

export const KEYCHAIN_CONCURRENCY = KEYCHAIN_POOL_SIZE;

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
