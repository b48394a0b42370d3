/**
 * The bounds of each numeric setting, defined once: the settings schema (shared/domain.ts) builds its zod
 * rules from them, and the Settings form checks them before sending, so a person reads "between 5 and
 * 3600 seconds" beside the field instead of a schema path. No zod here: the renderer imports it.
 */
export interface NumberBound {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer: boolean;
  /** The unit, as the message names it ("seconds"). */
  readonly unit: string;
}

export const SETTINGS_BOUNDS = {
  clipboardClearSeconds: { min: 5, max: 3600, integer: true, unit: 'seconds' },
  rotationPolicyDays: { min: 1, max: 3650, integer: true, unit: 'days' },
  rotationOverlapHours: { min: 0, max: 24 * 90, integer: false, unit: 'hours' },
  validationTimeoutSeconds: { min: 1, max: 120, integer: false, unit: 'seconds' },
} as const satisfies Record<string, NumberBound>;

export type BoundedSetting = keyof typeof SETTINGS_BOUNDS;

/** Why `value` (as typed) is not a valid value for `setting`, or undefined when it is. */
export function settingProblem(setting: BoundedSetting, value: string | number): string | undefined {
  const b: NumberBound = SETTINGS_BOUNDS[setting];
  const text = String(value).trim();
  const n = Number(text);
  const range = `between ${b.min} and ${b.max} ${b.unit}`;
  if (text === '' || !Number.isFinite(n)) return `Enter a number ${range}.`;
  if (b.integer && !Number.isInteger(n)) return `Enter a whole number of ${b.unit}, ${range}.`;
  if (n < b.min || n > b.max) return `Enter a number ${range}.`;
  return undefined;
}
