/**
 * The domain's fixed lists and limits, without zod: what a front end needs to shape a form or parse a flag
 * without loading the schemas (the CLI's start-up, the renderer's bundle). `domain.ts` re-exports them.
 */
export const KINDS = ['standard', 'realtime', 'byok'] as const;
export const AUDIENCES = ['secret', 'public'] as const;
export const WRITE_PERMISSIONS = ['voice', 'router'] as const;
export const VERSION_STATUSES = ['active', 'retiring', 'retired'] as const;
export const VALIDATION_STATUSES = [
  'valid',
  'invalid',
  'forbidden',
  'rate_limited',
  'no_credit',
  'unreachable',
  'timeout',
  'unexpected',
] as const;

/** What a trusted file is (issue 16 §5): a project's `.keydeck` file, or an env file with references. */
export const TRUST_KINDS = ['project', 'env-file'] as const;
/** The most names a trusted file's record lists (a `.keydeck` holds at most 64; an env file, more). */
export const MAX_TRUST_NAMES = 1024;

export type Kind = (typeof KINDS)[number];
export type Audience = (typeof AUDIENCES)[number];
export type WritePermission = (typeof WRITE_PERMISSIONS)[number];
export type VersionStatus = (typeof VERSION_STATUSES)[number];
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];
export type TrustKind = (typeof TRUST_KINDS)[number];

/** Limits shared by every front end, so forms and the core say the same thing. */
export const LIMITS = {
  secretBytes: 16 * 1024,
  nameChars: 128,
  noteChars: 4096,
  listItems: 64,
  itemChars: 512,
  useLogEntries: 2000,
} as const;

/** The catalog file's format; a file with a higher number was written by a newer Keydeck. */
export const CATALOG_FORMAT = 1;

/** The settings of a new catalog (typed against the schema where used: `emptyCatalog` in catalog-file.ts). */
export const DEFAULT_SETTINGS = {
  clipboardClearSeconds: 30,
  rotationPolicyDays: 90,
  rotationOverlapHours: 24,
  validateOnSave: true,
  validationTimeoutSeconds: 10,
};

/** How long a deleted credential stays in the trash before it is emptied. */
export const TRASH_DAYS = 30;
/** How many recently used credentials are remembered (per catalog, newest first). */
export const MAX_RECENTS = 20;
/** The global shortcut that shows the window with the palette open, unless the user picked another. */
export const DEFAULT_GLOBAL_SHORTCUT = 'CommandOrControl+Shift+Space';

/** Quick access before the user starred or used anything (checked against its schema in domain.ts). */
export const DEFAULT_PREFERENCES = {
  favourites: [] as string[],
  recents: [] as { credentialId: string; at: string }[],
  globalShortcut: DEFAULT_GLOBAL_SHORTCUT as string,
};
