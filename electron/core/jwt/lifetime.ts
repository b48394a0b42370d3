import { KeydeckError } from '../../../shared/errors.js';

/** The countdown lives in shared/ so the renderer uses the same wording; re-exported for the core's importers. */
export { describeRemaining } from '../../../shared/countdown.js';

/** Session tokens live between 1 second and 24 hours: long enough to test, short enough to stay a session. */
export const LIFETIME_BOUNDS = { minSeconds: 1, maxSeconds: 24 * 3600 } as const;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * Parses a relative lifetime (`90s`, `15m`, `2h`; a bare number is seconds) into seconds. Negative,
 * zero, fractional and absurd values are refused rather than clamped, so a typo never mints a token
 * that lives for a year.
 */
export function parseLifetime(raw: string | number): number {
  const text = String(raw).trim();
  const m = /^(\d{1,9})([smh]?)$/.exec(text);
  if (!m) {
    throw new KeydeckError(
      'INVALID_LIFETIME',
      `"${text.slice(0, 40)}" is not a lifetime: use a positive whole number with s, m or h (90s, 15m, 2h).`,
    );
  }
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] || 's']!;
  if (seconds < LIFETIME_BOUNDS.minSeconds || seconds > LIFETIME_BOUNDS.maxSeconds) {
    throw new KeydeckError(
      'INVALID_LIFETIME',
      `A token lifetime must be between ${LIFETIME_BOUNDS.minSeconds}s and ${LIFETIME_BOUNDS.maxSeconds / 3600}h, not ${text}.`,
    );
  }
  return seconds;
}
