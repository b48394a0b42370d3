/**
 * Keydeck's domain: workspaces, credential metadata and secret versions, with zod schemas.
 * The secret itself is never part of any type here.
 */
import { z } from 'zod';
import { PROVIDERS } from './providers.js';
import { AUTH_SCHEME } from './provider-auth.js';
import { SETTINGS_BOUNDS, type NumberBound } from './settings-bounds.js';

export * from './constants.js';
import {
  AUDIENCES,
  KINDS,
  DEFAULT_PREFERENCES,
  LIMITS,
  MAX_RECENTS,
  MAX_TRUST_NAMES,
  TRUST_KINDS,
  VALIDATION_STATUSES,
  VERSION_STATUSES,
  WRITE_PERMISSIONS,
  type Audience,
  type Kind,
} from './constants.js';

const isoDate = z.iso.datetime({ offset: true });
const shortText = z.string().max(LIMITS.itemChars);
const list = z.array(shortText).max(LIMITS.listItems);

export const authSchemeSchema = z.string().regex(AUTH_SCHEME, 'auth scheme must be basic, bearer or header:<name>');
export type AuthScheme = z.infer<typeof authSchemeSchema>;

export const envVarSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'env var names use letters, digits and _ and do not start with a digit');

export const workspaceSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(LIMITS.nameChars),
  createdAt: isoDate,
});
export type Workspace = z.infer<typeof workspaceSchema>;

export const versionSchema = z.object({
  version: z.number().int().positive(),
  status: z.enum(VERSION_STATUSES),
  createdAt: isoDate,
  /** When a `retiring` version stops being usable (the end of the rotation overlap). */
  retiringUntil: isoDate.optional(),
  retiredAt: isoDate.optional(),
  displayPrefix: z.string().max(64),
  fingerprint: z.string().max(64),
});
export type SecretVersion = z.infer<typeof versionSchema>;

export const validationResultSchema = z.object({
  status: z.enum(VALIDATION_STATUSES),
  httpStatus: z.number().int().optional(),
  checkedAt: isoDate,
  detail: z.string().max(500).optional(),
});
export type ValidationResult = z.infer<typeof validationResultSchema>;

/** What the BYOK router check reports: the router used the user's key, fell back, or gave no answer. */
export const ROUTER_CREDENTIAL_TYPES = ['byok', 'system', 'failed'] as const;

/** The last BYOK router check of a credential (cleared when the credential is rotated). */
export const routerCheckResultSchema = z.object({
  credentialType: z.enum(ROUTER_CREDENTIAL_TYPES),
  model: z.string().max(256).optional(),
  checkedAt: isoDate,
  detail: z.string().max(500).optional(),
  /** The router call's HTTP status, when it answered. */
  httpStatus: z.number().int().optional(),
  /** When the router call itself failed: how (e.g. `invalid` for a bad Inworld key). */
  callStatus: z.enum(VALIDATION_STATUSES).optional(),
});
export type StoredRouterCheck = z.infer<typeof routerCheckResultSchema>;

/**
 * A stored value found in a git history (issue 16 §4: `import-env` scans the folder's history): the
 * key must be rotated. Rotating the credential clears it.
 */
export const leakSchema = z.object({
  commit: z.string().min(1).max(64),
  file: z.string().max(4096),
  foundAt: isoDate,
});
export type CredentialLeak = z.infer<typeof leakSchema>;

export const credentialSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(LIMITS.nameChars),
  workspaceId: z.string().min(1).max(64),
  kind: z.enum(KINDS),
  audience: z.enum(AUDIENCES),
  provider: z.enum(PROVIDERS),
  authScheme: authSchemeSchema,
  envVar: envVarSchema,
  baseUrl: z.string().max(2048).optional(),
  scopes: list,
  writePermissions: z.array(z.enum(WRITE_PERMISSIONS)).max(2),
  allowedOrigins: list,
  allowedAssistants: list,
  tags: list,
  note: z.string().max(LIMITS.noteChars),
  createdAt: isoDate,
  updatedAt: isoDate,
  rotatedAt: isoDate.optional(),
  expiresAt: isoDate.optional(),
  /** The active version's display prefix and fingerprint, denormalised for list and search. */
  displayPrefix: z.string().max(64),
  fingerprint: z.string().max(64),
  versions: z.array(versionSchema).min(1),
  /** `missing-secret`: the catalog knows the credential but the keychain no longer holds its secret. */
  state: z.enum(['ok', 'missing-secret']),
  validation: validationResultSchema.optional(),
  routerCheck: routerCheckResultSchema.optional(),
  /** Set when the active secret was found committed in a git history: "leaked: rotate". */
  leak: leakSchema.optional(),
});
export type Credential = z.infer<typeof credentialSchema>;

export const tombstoneSchema = z.object({
  credentialId: z.string(),
  accounts: z.array(z.string()),
  deletedAt: isoDate,
});
export type Tombstone = z.infer<typeof tombstoneSchema>;

/** A number setting's zod rule, from its one definition in settings-bounds.ts. */
function bounded(b: NumberBound) {
  const n = z.number().min(b.min).max(b.max);
  return b.integer ? n.int() : n;
}

export const settingsSchema = z.object({
  clipboardClearSeconds: bounded(SETTINGS_BOUNDS.clipboardClearSeconds),
  rotationPolicyDays: bounded(SETTINGS_BOUNDS.rotationPolicyDays),
  rotationOverlapHours: bounded(SETTINGS_BOUNDS.rotationOverlapHours),
  validateOnSave: z.boolean(),
  validationTimeoutSeconds: bounded(SETTINGS_BOUNDS.validationTimeoutSeconds),
  /** Overrides every credential's base URL for probes (a proxy, or a local mock); empty for none. */
  globalBaseUrl: z.string().max(2048).optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

/** `DEFAULT_SETTINGS` and `CATALOG_FORMAT` live in constants.ts (zod-free: the CLI's read path uses them). */

/**
 * A JWT signing key of a workspace (issue: JWT workbench). The private half lives in the keychain under
 * the account `signing/<kid>`; the catalog keeps only public material.
 */
export const signingKeySchema = z.object({
  kid: z.string().min(1).max(128),
  workspaceId: z.string(),
  alg: z.enum(['HS256', 'ES256', 'EdDSA']),
  createdAt: isoDate,
  /** `credential`: HS256 from a realtime key's secret (`credentialId`); `generated` otherwise. */
  source: z.enum(['generated', 'credential']),
  credentialId: z.string().optional(),
  publicJwk: z.record(z.string(), z.unknown()).optional(),
});
export type SigningKey = z.infer<typeof signingKeySchema>;

/** A revoked token or JWT-shaped API key (by `jti`): rejected even when its signature is valid. */
export const revocationSchema = z.object({
  jti: z.string().min(1).max(256),
  workspaceId: z.string(),
  credentialId: z.string().optional(),
  revokedAt: isoDate,
  reason: z.string().max(500).optional(),
});
export type Revocation = z.infer<typeof revocationSchema>;

/**
 * A deleted credential kept in the trash: its metadata whole, its keychain entries untouched until the
 * trash is emptied (by hand, or when `purgeAt` passes), then deleted through a tombstone like any delete.
 */
export const trashEntrySchema = z.object({
  credential: credentialSchema,
  deletedAt: isoDate,
  /** When emptying the trash deletes it for good (default: 30 days after `deletedAt`). */
  purgeAt: isoDate,
});
export type TrashEntry = z.infer<typeof trashEntrySchema>;

/** Quick access: starred credentials, recently used ones, and the global shortcut (desktop app only). */
export const preferencesSchema = z.object({
  favourites: z.array(z.string().min(1).max(64)).max(100_000),
  recents: z.array(z.object({ credentialId: z.string().min(1).max(64), at: isoDate })).max(MAX_RECENTS),
  /** An Electron accelerator, or '' for none. */
  globalShortcut: z.string().max(100),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/** DEFAULT_PREFERENCES lives in constants.ts (zod-free: every command's core builds the preferences service). */
const _defaultsFit: Preferences = DEFAULT_PREFERENCES;
void _defaultsFit;

/**
 * A file the user allowed (issue 16 §5): its real path, the SHA-256 of the content allowed, and what
 * that content asks for (shown before allowing, kept so `keydeck allow --list` can say it again).
 */
export const trustedFileSchema = z.object({
  path: z.string().min(1).max(4096),
  kind: z.enum(TRUST_KINDS),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The workspace the file's names resolve in: the one it declares, else the active one when allowed. */
  workspace: z.string().max(128).optional(),
  credentials: z.array(z.string().max(1024)).max(MAX_TRUST_NAMES),
  allowedAt: isoDate,
});
export type TrustedFile = z.infer<typeof trustedFileSchema>;

/**
 * A workspace's link to a team store (issue 13), this machine's side of it: the store's working tree,
 * the workspace's folder in it, the commit both sides had at the last sync, and per shared credential
 * (by id) what this machine last saw in sync (file blob, credential signature), which is how status
 * tells "local newer" from "team newer" from "conflict"; plus the "exposed: rotate" marks left by a
 * member's removal (cleared by a rotation past `version`). No secret is in it.
 */
export const teamLinkSchema = z.object({
  workspaceId: z.string().min(1).max(64),
  store: z.string().min(1).max(4096),
  folder: z.string().min(1).max(1024),
  head: z.string().max(64),
  branch: z.string().max(256).optional(),
  remote: z.boolean().optional(),
  shared: z.record(
    z.string().max(64),
    z.object({ path: z.string().min(1).max(4096), blob: z.string().max(64), sig: z.string().max(128) }),
  ),
  exposed: z.record(
    z.string().max(64),
    z.object({ version: z.number().int().positive(), member: z.string().max(256), at: isoDate }),
  ),
});
export type TeamLinkData = z.infer<typeof teamLinkSchema>;

export const catalogSchema = z.object({
  format: z.number().int().positive(),
  activeWorkspaceId: z.string(),
  workspaces: z.array(workspaceSchema),
  credentials: z.array(credentialSchema),
  tombstones: z.array(tombstoneSchema),
  settings: settingsSchema,
  signingKeys: z.array(signingKeySchema).default([]),
  revocations: z.array(revocationSchema).default([]),
  /** Optional so catalogs written before the trash existed read as they are. */
  trash: z.array(trashEntrySchema).optional(),
  preferences: preferencesSchema.optional(),
  /** Files the user allowed (optional: catalogs written before trust existed read as they are). */
  trusted: z.array(trustedFileSchema).max(100_000).optional(),
  /** Team store links, one per linked workspace (optional: catalogs written before the team vault). */
  teamLinks: z.array(teamLinkSchema).max(10_000).optional(),
});
export type CatalogData = z.infer<typeof catalogSchema>;

/** What a user gives when adding a credential (the secret travels separately). */
export const createInputSchema = z.strictObject({
  name: z.string().max(1024),
  workspace: z.string().max(LIMITS.nameChars).optional(),
  kind: z.enum(KINDS),
  audience: z.enum(AUDIENCES).optional(),
  provider: z.enum(PROVIDERS).optional(),
  authScheme: authSchemeSchema.optional(),
  envVar: envVarSchema.optional(),
  baseUrl: z.string().max(2048).optional(),
  scopes: list.optional(),
  writePermissions: z.array(z.enum(WRITE_PERMISSIONS)).max(2).optional(),
  allowedOrigins: list.optional(),
  allowedAssistants: list.optional(),
  tags: list.optional(),
  note: z.string().max(LIMITS.noteChars).optional(),
  expiresAt: z.string().max(64).optional(),
});
export type CreateInput = z.infer<typeof createInputSchema>;

/** A metadata edit. `kind` is accepted only to refuse it with a clear error. */
export const updateInputSchema = createInputSchema
  .omit({ workspace: true })
  .partial()
  .extend({ expiresAt: z.string().max(64).nullable().optional() });
export type UpdateInput = z.infer<typeof updateInputSchema>;

export interface ListQuery {
  workspace?: string;
  /** Free text over name, tags, provider, kind, env var, prefix and fingerprint. */
  text?: string;
  kind?: Kind;
  provider?: string;
  audience?: Audience;
  tag?: string;
  /** `all` lists every workspace. */
  allWorkspaces?: boolean;
}

/** The copy forms live in one list both fronts use: `shared/copy-forms.ts`. */
export { COPY_FORMATS, type CopyFormat } from './copy-forms.js';

export interface UseLogEntry {
  at: string;
  credentialId: string;
  name: string;
  version: number;
  action: string;
}

export interface KeychainBackend {
  /** e.g. `secret-service`, `macos-keychain`, `windows-credential-manager`. */
  id: string;
  label: string;
  persistent: boolean;
  detail: string;
}

export interface Notice {
  code: string;
  message: string;
}
