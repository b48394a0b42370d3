/**
 * What `keydeck import-env` and the app's "import a .env" flow show (issue 16 §4): a plan with one row
 * per variable and the result of applying it. Neither ever holds a secret value: a row names the
 * variable, the provider detected, the action and at most the masked prefix the catalog already shows.
 * Pure types: no node:*, no DOM, no zod.
 */
import type { Kind } from './constants.js';
import type { ProviderId } from './provider-ids.js';

/** `create`: a new credential; `reference`: the value is already stored; `leave`: not a secret. */
export type EnvImportAction = 'create' | 'reference' | 'leave';

export interface EnvImportItem {
  variable: string;
  /** 1-based line where the variable is set. */
  line: number;
  action: EnvImportAction;
  provider?: ProviderId;
  /** How the provider was recognised: by the variable's name, the key's shape, or both. */
  detectedBy?: 'name' | 'shape' | 'name+shape';
  /** The credential to create (proposed name) or the stored one a reference points to. */
  credential?: string;
  /** The workspace of that credential. */
  workspace?: string;
  /** For `create`: the kind it is created as (a second BYOK key of a provider becomes `standard`). */
  kind?: Kind;
  /** The `keydeck://` reference written in place of the value (create and reference). */
  reference?: string;
  /** The masked prefix (as `keydeck list` shows it), never the value. */
  preview?: string;
  /** Why this action, for people ("not a secret: a URL"). */
  reason: string;
}

export interface EnvImportPlan {
  /** Absolute path of the file. */
  file: string;
  /** The workspace new credentials go to. */
  workspace: string;
  /** SHA-256 of the file as planned: applying refuses a file that changed since. */
  fileHash: string;
  items: EnvImportItem[];
  /** Rows that are secrets (create + reference). */
  secrets: number;
  /** The git repository holding the file, and whether git tracks the file itself. */
  git?: { repo: string; tracked: boolean };
  /** Things to tell the user before they confirm (a tracked file, a shared BYOK slot…). */
  warnings: string[];
}

/** A value found in the folder's git history: rotate the key. */
export interface EnvImportLeak {
  variable: string;
  credential: string;
  credentialId: string;
  commit: string;
  path: string;
}

export interface EnvImportResult {
  file: string;
  created: { variable: string; credential: string }[];
  referenced: { variable: string; credential: string }[];
  left: string[];
  leaks: EnvImportLeak[];
  /** Whether the git history was scanned (false outside a repository or without git). */
  historyScanned: boolean;
  /** Why it was not, when it was not. */
  historyNote?: string;
  /** Whether the rewritten file was allowed for `keydeck run` (trusted projects, issue 16 §5). */
  allowed: boolean;
  /** Why it was not, when it was not. */
  allowedNote?: string;
}
