/** Waiting on a condition instead of a fixed sleep. */
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves once `check` returns a truthy value (returned), re-checking every `everyMs`; rejects with
 * `what` after `timeoutMs`. The poll interval is only how often to look, never an assumption of timing.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, everyMs = 20 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(everyMs);
  }
}
