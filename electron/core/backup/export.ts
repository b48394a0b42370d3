/**
 * Export: builds the backup document for one workspace or all of them, seals it (./format.ts), and the
 * one rule for where it may be written (an existing file is replaced only when the user said so: the
 * CLI's `--force`, the app's confirmed overwrite).
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import { writeFileAtomic } from '../atomic-write.js';
import { wiringOf, type CoreParts } from '../core-parts.js';
import { signingAccount } from '../jwt/keys.js';
import { resolveWorkspace } from '../workspaces.js';
import { BACKUP_FORMAT, type BackupDocument, type BackupKey } from './format.js';
import { sealBackup } from './off-thread.js';
import { parseStoredSigningKey } from './signing.js';

export interface ExportResult {
  bytes: Uint8Array;
  workspaces: number;
  credentials: number;
  versions: number;
  /** Versions whose secret the keychain no longer holds: exported as metadata only. */
  missing: { name: string; version: number }[];
  signingKeys: number;
  revocations: number;
  /** Trashed credentials exported with their secrets (an import puts them in the trash there). */
  trashed: number;
  /** Generated signing keys whose private half the keychain no longer holds: left out. */
  missingSigningKeys: string[];
}

/**
 * The core a backup is made from or merged into: metadata from its catalog, secrets through its
 * credential service, generated signing keys from its keychain (the catalog and keychain through the
 * core's private wiring).
 */
export type BackupSource = CoreParts;

export interface ExportOptions {
  workspace?: string;
  key: BackupKey;
  /** log2 of scrypt's N for passphrase backups; defaults to 18 (age's default). */
  scryptWorkFactor?: number;
}

/**
 * Where a backup may be written. The one overwrite rule for every front: the folder must exist, the
 * target must not be a folder, and an existing file is refused with FILE_EXISTS unless `overwrite`
 * (the CLI's `--force`, the app's confirmation). `shown` is the path as the user gave it. Returns
 * whether a file will be replaced.
 */
export function checkBackupTarget(file: string, opts: { overwrite?: boolean; shown?: string } = {}): boolean {
  const shown = opts.shown ?? file;
  const abs = path.resolve(file);
  if (!fs.existsSync(path.dirname(abs))) {
    throw new KeydeckError('PATH_NOT_FOUND', `The folder for ${shown} does not exist.`);
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) {
    throw new KeydeckError('INVALID_INPUT', `${shown} is a folder: give a file name, like keydeck-backup.age.`);
  }
  if (st && !opts.overwrite) {
    throw new KeydeckError(
      'FILE_EXISTS',
      `${shown} already exists. Choose another name, or confirm that it should be replaced.`,
    );
  }
  return !!st;
}

/** Writes a sealed backup (mode 0600) under the rule of `checkBackupTarget`, checked again right before. */
export function writeBackupFile(
  file: string,
  bytes: Uint8Array,
  opts: { overwrite?: boolean; shown?: string } = {},
): { path: string; replaced: boolean } {
  const replaced = checkBackupTarget(file, opts);
  const abs = path.resolve(file);
  writeFileAtomic(abs, bytes, 0o600);
  return { path: abs, replaced };
}

/**
 * Builds the backup document for one workspace (by name or id) or all of them, then encrypts it. The
 * private halves of generated signing keys are read from `vault`, the keychain the core writes to.
 */
export async function exportBackup(core: BackupSource, opts: ExportOptions): Promise<ExportResult> {
  const { catalog, vault } = wiringOf(core);
  const { credentials } = core;
  const data = catalog.read();
  const workspaces = opts.workspace ? [resolveWorkspace(data, opts.workspace)] : data.workspaces;
  const wsIds = new Set(workspaces.map((w) => w.id));
  const creds = data.credentials.filter((c) => wsIds.has(c.workspaceId));
  const trash = (data.trash ?? []).filter((t) => wsIds.has(t.credential.workspaceId));
  const doc: BackupDocument = {
    keydeck: 'backup',
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    workspace: opts.workspace ? workspaces[0]!.name : null,
    workspaces,
    credentials: creds,
    secrets: [],
    signingKeys: data.signingKeys.filter((k) => wsIds.has(k.workspaceId)),
    signingSecrets: [],
    revocations: data.revocations.filter((r) => wsIds.has(r.workspaceId)),
    trash,
  };
  const missing: ExportResult['missing'] = [];
  const missingSigningKeys: string[] = [];
  for (const k of doc.signingKeys) {
    // A credential's HS256 key is derived from that credential's secret, exported above: metadata only.
    if (k.source !== 'generated') continue;
    const stored = parseStoredSigningKey(await vault.get(signingAccount(k.kid)), k.kid);
    if (stored) doc.signingSecrets.push({ kid: k.kid, jwk: stored.jwk });
    else missingSigningKeys.push(k.kid);
  }
  // One keychain search for every version, not one read (and one D-Bus connection) per version.
  // The trash's secrets too: its keychain entries stay until it is emptied, and an undo needs them.
  const wanted = [...creds, ...trash.map((t) => t.credential)].flatMap((c) =>
    c.versions.map((v) => ({ cred: c, version: v.version })),
  );
  const read = await credentials.readVersions(wanted);
  wanted.forEach(({ cred, version }, i) => {
    const r = read[i]!;
    if ('secret' in r) doc.secrets.push({ credentialId: cred.id, version, secret: r.secret });
    else if (r.error instanceof KeydeckError && r.error.code === 'SECRET_MISSING')
      missing.push({ name: cred.name, version });
    else throw r.error;
  });
  const bytes = await sealBackup(doc, opts.key, opts.scryptWorkFactor);
  const live = new Set(creds.map((c) => c.id));
  return {
    bytes,
    workspaces: workspaces.length,
    credentials: creds.length,
    versions: doc.secrets.filter((x) => live.has(x.credentialId)).length,
    missing,
    signingKeys: doc.signingKeys.length,
    revocations: doc.revocations.length,
    trashed: trash.length,
    missingSigningKeys,
  };
}
