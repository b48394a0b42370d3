/**
 * Where a form shows an error: beside the field it names (`{ code, message, field? }` from core), or at
 * the form's top when it names none. A form keeps a map so several fields can carry an error at once.
 */
import type { UiError } from '../api.js';

/** Errors by form field; `general` is the one at the form's top. */
export type FieldErrors<F extends string> = Partial<Record<F | 'general', string>>;

/**
 * The form field an error belongs to: the core's `field` when the form has it (through `aliases`, for
 * core names that differ from the form's, e.g. `allowedOrigins` → `origins`), else `byCode`'s answer for
 * errors from before `field` existed, else `general`.
 */
export function errorField<F extends string>(
  e: UiError,
  fields: readonly F[],
  aliases: Partial<Record<string, F>> = {},
  byCode: (e: UiError) => F | undefined = () => undefined,
): F | 'general' {
  const raw = (e as { field?: unknown }).field;
  if (typeof raw === 'string') {
    const f = aliases[raw] ?? raw;
    if ((fields as readonly string[]).includes(f)) return f as F;
  }
  return byCode(e) ?? 'general';
}

/** Props for a `Field` whose error shows under it: `aria-invalid` and `aria-describedby` follow the error. */
export function fieldErrorProps(errors: FieldErrors<string>, field: string, prefix = 'error') {
  const error = errors[field];
  return { errorId: `${prefix}-${field}`, error };
}
