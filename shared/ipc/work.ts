/**
 * IPC channels for keys at work: leak scan, exec "copy command", backups. Spread into the one contract in `shared/ipc-contract.ts`.
 * Namespaced channel names, e.g. 'scan:run'; every request schema is a strict zod object.
 *
 * Nothing here ever answers with a secret: scan findings carry names, versions and fingerprints; the
 * exec command and `.keydeck` file hold credential names; backups answer with counts and names. A backup
 * passphrase travels renderer → main for one call only and is never stored or echoed.
 */
import type { Finding, ScanPhase, ScanProgress, ScanTotals } from '../scan.js';
import { z } from 'zod';
import { LIMITS } from '../domain.js';
import type { ErrorPayload } from '../errors.js';
import { channel, errorPayloadSchema, eventChannel, type ChannelDef, type EventDef } from './channel.js';

/** A file or folder path on this machine (absolute, or starting with `~/`). */
const filePath = z.string().min(1).max(4096);
const jobId = z.string().min(1).max(64);
const workspace = z.string().min(1).max(LIMITS.nameChars);
const credName = z.string().min(1).max(1024);
/** Passphrases are checked in main (empty refused by the core); capped like any IPC string. */
const passphrase = z.string().max(4096);

export type { ScanPhase };
export type ScanProgressInfo = ScanProgress;

export type ScanFinding = Finding;

export interface ScanSummary extends ScanTotals {
  findings: ScanFinding[];
  /** Findings beyond the first `MAX_SCAN_FINDINGS` are counted, not sent. */
  findingsTotal: number;
}

export const MAX_SCAN_FINDINGS = 2000;

export interface ScanJob {
  id: string;
  path: string;
  git: boolean;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  progress: ScanProgressInfo;
  startedAt: string;
  report?: ScanSummary;
  error?: ErrorPayload;
}

export interface ProjectCommand {
  /** The `keydeck exec …` line: names only, never a secret. */
  command: string;
  /** The content of a `.keydeck` file naming the same credentials. */
  projectFile: string;
  /** Which variables the command will set, per credential. */
  env: { name: string; envVar: string }[];
}

/** A `.keydeck` file written into a project folder ("Save .keydeck to this folder"). */
export interface SavedProjectFile {
  /** The file written: `<folder>/.keydeck`. */
  path: string;
  bytes: number;
  /** An existing `.keydeck` was replaced (only ever with `overwrite: true`). */
  replaced: boolean;
  /** The names it lists, as the core spells them. */
  credentials: string[];
}

/**
 * The `.keydeck` of a project folder and whether Keydeck may use it (issue 16 §5): what it asks for, so
 * the Allow dialog shows the workspace and names before the user allows it. `file: null`: none there.
 */
export interface ProjectTrust {
  file: string | null;
  state: 'none' | 'allowed' | 'not-allowed' | 'changed';
  /** The workspace its names resolve in (declared, else the active one, recorded when allowed). */
  workspace?: string;
  credentials: string[];
  /** The content's SHA-256 as shown: `projects:allow` allows only this content. */
  sha256?: string;
  allowedAt?: string;
}

export interface ExportSummary {
  path: string;
  bytes: number;
  workspaces: number;
  credentials: number;
  versions: number;
  encryptedTo: 'passphrase' | 'recipients';
  recipients: number;
  missing: { name: string; version: number }[];
  /** An existing file was replaced (only ever with `overwrite: true`). */
  replaced?: boolean;
}

export interface BackupItem {
  id: string;
  name: string;
  workspace: string;
  versions: number;
}

export interface BackupPreview {
  /** Refers to the decrypted backup main holds for a few minutes; `backup:import` uses it. */
  token: string;
  path: string;
  createdAt: string;
  workspace: string | null;
  add: BackupItem[];
  /** Exist here with the same id and differ: overwritten only when listed in `backup:import`. */
  update: BackupItem[];
  unchanged: BackupItem[];
  /** Items a rule refuses (a hostile name, a URL with a password, a secret that fails its fingerprint…). */
  refused?: (BackupItem & { code: string; reason: string })[];
  /** JWT signing keys in the backup: merged only with `acceptSigningKeys` in `backup:import`. */
  signingKeys?: BackupSigningKey[];
  /** Revocations in the backup: merged only with `acceptSigningKeys`. */
  revocations?: number;
}

export interface BackupSigningKey {
  kid: string;
  alg: string;
  /** The workspace here it would join, and how it was matched: by id, by name, or a new one. */
  workspace: string;
  matchedBy: 'id' | 'name' | 'new';
}

export interface ImportSummary {
  added: string[];
  updated: string[];
  skipped: { name: string; reason: string; code?: string }[];
  workspacesAdded: string[];
  signingKeysAdded?: string[];
  revocationsAdded?: number;
  /** Trashed credentials of the backup put in the trash here (restorable from the Trash view). */
  trashAdded?: string[];
  /** Signing keys and revocations left out because `acceptSigningKeys` was not given. */
  signingKeysPending?: BackupSigningKey[];
  revocationsPending?: number;
}

const projectRequest = {
  credentials: z.array(credName).min(1).max(64),
  workspace: workspace.optional(),
  command: z.string().min(1).max(4096),
};

export const workContract = {
  // ---- "Where are my keys?" (a job: start, then progress and the report are pushed on `scan:progress`) ----
  /** Starts a scan (a running one is cancelled) and answers its first state; the rest is pushed. */
  'scan:start': channel<ScanJob>()(
    z.strictObject({ path: filePath, git: z.boolean().optional(), includeIgnored: z.boolean().optional() }),
  ),
  'scan:cancel': channel<{ cancelled: boolean }>()(z.strictObject({ jobId })),
  'scan:hook': channel<{ text: string; install: string }>()(z.strictObject({})),
  /** Puts the hook text on the clipboard through main's guard. */
  'scan:copy-hook': channel<{ clearAfterSeconds: number }>()(z.strictObject({})),

  // ---- projects: "Copy command" for `keydeck exec` and the `.keydeck` file ----
  'projects:command': channel<ProjectCommand>()(z.strictObject(projectRequest)),
  'projects:copy': channel<{ what: 'command' | 'project-file'; clearAfterSeconds: number }>()(
    z.strictObject({ ...projectRequest, what: z.enum(['command', 'project-file']) }),
  ),
  /**
   * Writes the `.keydeck` file (names only, mode 0644) into an existing folder. An existing `.keydeck`
   * is refused with FILE_EXISTS unless the user confirmed (`overwrite: true`).
   */
  'projects:save-file': channel<SavedProjectFile>()(
    z.strictObject({
      credentials: projectRequest.credentials,
      workspace: workspace.optional(),
      folder: filePath,
      overwrite: z.boolean().optional(),
    }),
  ),
  /** The folder's `.keydeck` and its trust state (a symlinked or malformed one is an error). */
  'projects:trust': channel<ProjectTrust>()(z.strictObject({ folder: filePath })),
  /** Allows the folder's `.keydeck` as it was shown (`sha256` from `projects:trust`). */
  'projects:allow': channel<ProjectTrust>()(
    z.strictObject({ folder: filePath, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  ),
  /** Takes the allow back. */
  'projects:deny': channel<ProjectTrust>()(z.strictObject({ folder: filePath })),

  // ---- encrypted backups (age) ----
  'backup:export': channel<ExportSummary>()(
    z.strictObject({
      output: filePath,
      workspace: workspace.optional(),
      passphrase: passphrase.optional(),
      recipients: z.array(z.string().min(1).max(512)).max(32).optional(),
      overwrite: z.boolean().optional(),
    }),
  ),
  'backup:inspect': channel<{ needs: 'passphrase' | 'identity'; armored: boolean; bytes: number }>()(
    z.strictObject({ path: filePath }),
  ),
  'backup:preview': channel<BackupPreview>()(
    z.strictObject({ path: filePath, passphrase: passphrase.optional(), identityPath: filePath.optional() }),
  ),
  /**
   * Applies a previewed backup: `overwrite` lists the ids to replace; the backup's signing keys and
   * revocations merge only with `acceptSigningKeys: true`, the user's separate confirmation.
   */
  'backup:import': channel<ImportSummary>()(
    z.strictObject({
      token: jobId,
      overwrite: z.array(z.string().min(1).max(64)).max(100_000),
      acceptSigningKeys: z.boolean().optional(),
    }),
  ),
  'backup:discard': channel<{ discarded: boolean }>()(z.strictObject({ token: jobId })),
} as const satisfies Record<string, ChannelDef>;

const int = z.number().int().min(0);
const text = z.string().max(8192);

const findingSchema = z.strictObject({
  file: text,
  line: int,
  commit: z.string().max(64).optional(),
  credential: text,
  credentialId: z.string().max(64),
  workspaceId: z.string().max(64),
  version: int,
  status: z.string().max(64),
  fingerprint: z.string().max(256),
  form: z.enum(['exact', 'base64', 'basic-decoded']),
});

const scanProgressSchema = z.strictObject({
  phase: z.enum(['reading-keychain', 'listing-history', 'scanning', 'done']),
  files: int,
  bytes: int,
  findings: int,
  total: int.optional(),
  current: text.optional(),
});

const scanSummarySchema = z.strictObject({
  root: text,
  mode: z.enum(['files', 'git']),
  files: int,
  bytes: int,
  binarySkipped: int,
  dirsSkipped: int,
  commits: int.optional(),
  problems: z.array(z.strictObject({ path: text, reason: text })).max(1000),
  unreadableSecrets: z.array(z.strictObject({ name: text, version: int, reason: text })).max(100_000),
  secretsSearched: int,
  durationMs: int,
  findings: z.array(findingSchema).max(MAX_SCAN_FINDINGS),
  findingsTotal: int,
});

/** One-way events (main → the window that started the scan). */
export const workEvents = {
  /** The scan's state after each progress step; the last one carries the report (or the error). */
  'scan:progress': eventChannel<ScanJob>(
    z.strictObject({
      id: z.string().min(1).max(64),
      path: text,
      git: z.boolean(),
      state: z.enum(['running', 'done', 'failed', 'cancelled']),
      progress: scanProgressSchema,
      startedAt: z.string(),
      report: scanSummarySchema.optional(),
      error: errorPayloadSchema.optional(),
    }),
  ),
} as const satisfies Record<string, EventDef>;
