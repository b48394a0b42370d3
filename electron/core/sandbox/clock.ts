/**
 * The sandbox's clock: token expiry, fault delays and script timings run on it, so tests inject a manual
 * clock and advance it instead of sleeping.
 */
export interface SandboxClock {
  /** ms since the epoch. */
  now(): number;
  /** Runs `fn` after `ms`; the handle cancels it. */
  after(ms: number, fn: () => void): { cancel(): void };
}

export const systemClock: SandboxClock = {
  now: () => Date.now(),
  after(ms, fn) {
    // Timers beyond setTimeout's 2^31-1 ms range are chained, so a token valid for a month still closes on time.
    const MAX = 2 ** 31 - 1;
    let t: NodeJS.Timeout;
    const arm = (left: number) => {
      t = setTimeout(() => (left > MAX ? arm(left - MAX) : fn()), Math.min(Math.max(0, left), MAX));
      t.unref();
    };
    arm(ms);
    return { cancel: () => clearTimeout(t) };
  },
};
