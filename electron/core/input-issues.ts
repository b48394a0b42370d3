/**
 * Collects every problem of one request's input instead of stopping at the first, so a form can show them
 * all at once, each beside its field. Each check is still the one rule it was (no rule restated here):
 * `take` runs it and keeps its KeydeckError; `throwIfAny` throws one error carrying them all.
 */
import { KeydeckError, isKeydeckError, type InputIssue } from '../../shared/errors.js';
import { describeIssues, type SchemaIssue } from '../../shared/input-words.js';

/** Core errors that name no field, and the input field they are about. */
const FIELD_OF_CODE: Record<string, string> = {
  INVALID_NAME: 'name',
  DUPLICATE_NAME: 'name',
  EMPTY_SECRET: 'secret',
  INVALID_SECRET: 'secret',
  SECRET_TOO_LARGE: 'secret',
  INVALID_BASIC_CREDENTIAL: 'secret',
  BYOK_PROVIDER_TAKEN: 'provider',
  PUBLIC_KEY_NEEDS_ORIGIN: 'allowedOrigins',
  INVALID_ORIGIN: 'allowedOrigins',
  INVALID_URL: 'baseUrl',
};

export class InputIssues {
  private readonly found: (InputIssue & { code: string })[] = [];

  /** Runs one check; its KeydeckError is kept (under `field` unless it names its own), anything else thrown. */
  take<T>(field: string | undefined, check: () => T): T | undefined {
    try {
      return check();
    } catch (err) {
      if (!isKeydeckError(err)) throw err;
      const f = err.field ?? field ?? FIELD_OF_CODE[err.code];
      if (err.issues?.length) {
        for (const i of err.issues) this.found.push({ code: err.code, ...i });
      } else this.found.push({ code: err.code, message: err.message, ...(f ? { field: f } : {}) });
      return undefined;
    }
  }

  /** Keeps a schema's complaints, in words. */
  schema(issues: readonly SchemaIssue[]): void {
    for (const i of describeIssues(issues)) this.found.push({ code: 'INVALID_INPUT', ...i });
  }

  get any(): boolean {
    return this.found.length > 0;
  }

  /** Throws the first problem, carrying every one (one per field), when there is any. */
  throwIfAny(): void {
    const first = this.found[0];
    if (!first) return;
    const seen = new Set<string>();
    const issues = this.found.filter((i) => {
      const k = i.field ?? '';
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    throw new KeydeckError(
      first.code,
      issues.length > 1 ? issues.map((i) => i.message).join(' ') : first.message,
      first.field,
      issues.length > 1 ? issues.map(({ field, message }) => (field ? { field, message } : { message })) : undefined,
    );
  }
}
