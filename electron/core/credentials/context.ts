import { KeydeckError } from '../../../shared/errors.js';
import type { Credential } from '../../../shared/domain.js';
import type { Catalog } from '../catalog.js';
import type { IntentStore } from '../intents.js';
import type { UseLog } from '../use-log.js';
import type { Vault } from '../vault.js';
import { InputIssues } from '../input-issues.js';
import type { SchemaIssue } from '../../../shared/input-words.js';

/** What the credential service's parts share: its stores, its clock and its lookup by name or id. */
export interface CredentialContext {
  readonly catalog: Catalog;
  readonly vault: Vault;
  readonly useLog: UseLog;
  /** Write intents (see intents.ts): recorded before a keychain write, resolved after a crash. */
  readonly intents: IntentStore;
  /** The clock (ms since the epoch); tests inject one instead of sleeping through an overlap window. */
  readonly now: () => number;
  get(nameOrId: string, workspace?: string): Credential;
}

/** Parses a request with its zod schema; every issue is named, in words, beside its field (InputIssues). */
export function parseInput<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  input: unknown,
): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = new InputIssues();
  issues.schema(r.error.issues as SchemaIssue[]);
  issues.throwIfAny();
  throw new KeydeckError('INVALID_INPUT', 'The input is not valid.');
}

/** The error for a credential that another writer deleted between our read and our commit. */
export function deletedMeanwhile(name: string): KeydeckError {
  return new KeydeckError('CREDENTIAL_NOT_FOUND', `The credential "${name}" was deleted meanwhile.`);
}
