/**
 * Typed errors shared by core, CLI, main and renderer. Errors cross process boundaries as
 * `{ code, message }` only; a message never contains a secret.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'EMPTY_SECRET',
  'INVALID_SECRET',
  'SECRET_TOO_LARGE',
  'INVALID_BASIC_CREDENTIAL',
  'INVALID_NAME',
  'DUPLICATE_NAME',
  'BYOK_PROVIDER_TAKEN',
  'KIND_IMMUTABLE',
  'PUBLIC_KEY_NEEDS_ORIGIN',
  'INVALID_ORIGIN',
  'INVALID_URL',
  'CREDENTIAL_NOT_FOUND',
  'WORKSPACE_NOT_FOUND',
  'WORKSPACE_NOT_EMPTY',
  'VERSION_NOT_FOUND',
  'VERSION_RETIRED',
  'SECRET_MISSING',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_VERIFY_FAILED',
  'CATALOG_LOCKED',
  'CATALOG_WRITE_FAILED',
  'CATALOG_NEWER_FORMAT',
  'UNSUPPORTED_FORMAT',
  'FORBIDDEN_SENDER',
  'NOT_ALLOWED',
  'CHANGED_SINCE_ALLOWED',
  'CHANGED_SINCE_SHOWN',
  'PROJECT_FILE_SYMLINK',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number] | (string & {});

/** The only shape of an error that crosses IPC or reaches a terminal. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** The input field the error is about (a form shows it next to that field), when there is one. */
  field?: string;
  /** When one request had several problems: each, with its field, so a form shows them all at once. */
  issues?: InputIssue[];
}

/** One problem of a request's input, in words a person reads, and the field it is about. */
export interface InputIssue {
  field?: string;
  message: string;
}

export class KeydeckError extends Error {
  override readonly name = 'KeydeckError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault (`name`, `baseUrl`, …), so a form can put the message beside it. */
    readonly field?: string,
    /** Every problem found, when there were several (the first is `message`/`field`). */
    readonly issues?: InputIssue[],
  ) {
    super(message);
  }

  toPayload(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(this.issues?.length ? { issues: this.issues } : {}),
    };
  }
}

export function isKeydeckError(err: unknown): err is KeydeckError {
  return err instanceof KeydeckError;
}

/** Turns anything thrown into a payload; unknown errors keep a generic message so nothing leaks. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (isKeydeckError(err)) return err.toPayload();
  return { code: 'INTERNAL', message: 'An unexpected error occurred.' };
}
