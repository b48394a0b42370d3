/**
 * The backup file: the age format (https://age-encryption.org/v1), so a backup opens with the standard
 * `age` tool too (`age -d backup.age > backup.json`), around one JSON document with the workspaces, the
 * credentials' metadata and every secret version, the workspaces' JWT signing keys (metadata, plus the
 * private JWK of each generated key) and revocation list.
 *
 * Format: still 1. The signing-key fields and the trash were added as optional arrays, so every older backup (without
 * them) still imports, and an older Keydeck reading a newer file imports its credentials as before.
 *
 * Passphrase files use the async scrypt of `./scrypt.ts` (native, off the event loop); recipient files
 * use X25519, which is cheap. The rest of the work is not: age-encryption's ChaCha20-Poly1305 is pure
 * JavaScript, and a backup of 1,000 credentials is a ~750 KB JSON document to stringify, parse and
 * check with zod. So `sealBackupHere` and `openBackupHere` run in a worker thread (./off-thread.ts).
 */
import fs from 'node:fs';
import { Decrypter, Encrypter, armor, identityToRecipient } from 'age-encryption';
import { z } from 'zod';
import { KeydeckError } from '../../../shared/errors.js';
import {
  credentialSchema,
  revocationSchema,
  signingKeySchema,
  trashEntrySchema,
  workspaceSchema,
} from '../../../shared/domain.js';
import { AsyncScryptIdentity, AsyncScryptRecipient, DEFAULT_SCRYPT_WORK_FACTOR } from './scrypt.js';

export const BACKUP_FORMAT = 1;
const AGE_MAGIC = 'age-encryption.org/v1\n';
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

export const backupSchema = z.object({
  keydeck: z.literal('backup'),
  format: z.number().int().positive(),
  createdAt: z.string(),
  workspace: z.string().nullable(),
  workspaces: z.array(workspaceSchema),
  credentials: z.array(credentialSchema),
  secrets: z.array(z.object({ credentialId: z.string(), version: z.number().int().positive(), secret: z.string() })),
  /** JWT signing keys of the exported workspaces (metadata and public JWK, as in the catalog). */
  signingKeys: z.array(signingKeySchema).default([]),
  /** The private JWK of each `generated` signing key (credential-sourced HS256 keys have none). */
  signingSecrets: z
    .array(z.object({ kid: z.string().min(1).max(128), jwk: z.record(z.string(), z.unknown()) }))
    .default([]),
  revocations: z.array(revocationSchema).default([]),
  /**
   * The exported workspaces' trash (deleted, not yet purged), whose secrets are in `secrets` too: an
   * import puts them in the trash there, so an undo still works after a restore. Optional: older
   * backups and team sync documents have none.
   */
  trash: z.array(trashEntrySchema).optional(),
});
export type BackupDocument = z.infer<typeof backupSchema>;

export type BackupKey = { passphrase: string } | { recipients: string[] };
export type BackupOpenKey = { passphrase: string } | { identities: string[] };

/** An age recipient is `age1…` (X25519) or one of the post-quantum forms; anything else is refused. */
function checkRecipient(r: string): string {
  const s = r.trim();
  if (!/^age1[0-9a-z]{20,}$/.test(s)) {
    throw new KeydeckError('INVALID_INPUT', `Not an age recipient (expected age1…): ${s.slice(0, 16)}…`);
  }
  return s;
}

/**
 * Encrypts a backup document on the calling thread. `scryptWorkFactor` (log2 N) applies to
 * passphrases; it defaults to age's 18, and only tests pass a lower one. Callers use `sealBackup` of
 * ./off-thread.ts, which runs this in the backup worker.
 */
export async function sealBackupHere(
  doc: BackupDocument,
  key: BackupKey,
  scryptWorkFactor: number = DEFAULT_SCRYPT_WORK_FACTOR,
): Promise<Uint8Array> {
  const e = new Encrypter();
  if ('passphrase' in key) {
    if (!key.passphrase) throw new KeydeckError('INVALID_INPUT', 'The passphrase is empty.');
    e.addRecipient(new AsyncScryptRecipient(key.passphrase, scryptWorkFactor));
  } else {
    if (!key.recipients.length) throw new KeydeckError('INVALID_INPUT', 'Give at least one --recipient.');
    for (const r of key.recipients) e.addRecipient(checkRecipient(r));
  }
  return e.encrypt(JSON.stringify(doc));
}

/** What a backup file needs to be opened: a passphrase (scrypt) or an identity (recipients). */
export function inspectBackup(file: Uint8Array): { needs: 'passphrase' | 'identity'; armored: boolean } {
  const { binary, armored } = unarmor(file);
  const head = Buffer.from(binary.subarray(0, 4096)).toString('latin1');
  const needs = /\n-> scrypt /.test(head) ? 'passphrase' : 'identity';
  return { needs, armored };
}

function unarmor(file: Uint8Array): { binary: Uint8Array; armored: boolean } {
  const start = Buffer.from(file.subarray(0, 64)).toString('latin1');
  if (start.trimStart().startsWith(ARMOR_BEGIN)) {
    try {
      return { binary: armor.decode(Buffer.from(file).toString('latin1')), armored: true };
    } catch (err) {
      throw new KeydeckError(
        'BACKUP_CORRUPT',
        `The armored backup is damaged: ${(err as Error).message.slice(0, 120)}.`,
      );
    }
  }
  if (!start.startsWith(AGE_MAGIC)) {
    throw new KeydeckError('BACKUP_NOT_AGE', 'This is not an age-encrypted Keydeck backup (no age header).');
  }
  return { binary: file, armored: false };
}

/** Reads an age identity file: `AGE-SECRET-KEY-1…` lines, comments and blank lines ignored. */
export function parseIdentities(text: string): string[] {
  const ids = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (!ids.length || ids.some((l) => !/^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(l))) {
    throw new KeydeckError('INVALID_INPUT', 'The identity file holds no age identity (AGE-SECRET-KEY-1…).');
  }
  return ids;
}

/** Reads an age identity file (`shown` names it in the error); a file that cannot be read is PATH_NOT_FOUND. */
export function readIdentityFile(file: string, shown = file): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new KeydeckError('PATH_NOT_FOUND', `Cannot read the identity file ${shown}.`);
  }
  return parseIdentities(text);
}

/**
 * Decrypts and validates a backup on the calling thread. Throws a typed error for every way a file can
 * be wrong. Callers use `openBackup` of ./off-thread.ts, which runs this in the backup worker.
 */
export async function openBackupHere(file: Uint8Array, key: BackupOpenKey): Promise<BackupDocument> {
  const { binary } = unarmor(file);
  const d = new Decrypter();
  if ('passphrase' in key) d.addIdentity(new AsyncScryptIdentity(key.passphrase));
  else for (const id of key.identities) d.addIdentity(id);
  let text: string;
  try {
    text = await d.decrypt(binary, 'text');
  } catch (err) {
    const msg = (err as Error).message;
    if (/no identity matched/.test(msg)) {
      throw new KeydeckError(
        'BACKUP_WRONG_KEY',
        'passphrase' in key
          ? 'Wrong passphrase (or the file was encrypted to age recipients: give its identity file); nothing was imported.'
          : 'None of the identities can open this backup (or it was encrypted with a passphrase); nothing was imported.',
      );
    }
    throw new KeydeckError(
      'BACKUP_CORRUPT',
      `The backup is truncated or was tampered with (${msg.slice(0, 80)}); nothing was imported.`,
    );
  }
  return parseBackupText(text);
}

function parseBackupText(text: string): BackupDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KeydeckError('BACKUP_INVALID', 'The file decrypts, but is not a Keydeck backup.');
  }
  const r = raw as { keydeck?: unknown; format?: unknown };
  if (r?.keydeck !== 'backup')
    throw new KeydeckError('BACKUP_INVALID', 'The file decrypts, but is not a Keydeck backup.');
  if (typeof r.format === 'number' && r.format > BACKUP_FORMAT) {
    throw new KeydeckError(
      'BACKUP_NEWER_FORMAT',
      `This backup was written by a newer Keydeck (format ${r.format}; this one reads ${BACKUP_FORMAT}). Update Keydeck; nothing was imported.`,
    );
  }
  const parsed = backupSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new KeydeckError(
      'BACKUP_INVALID',
      `The backup is not valid at ${i.path.map(String).join('.') || 'top level'}: ${i.message}.`,
    );
  }
  return parsed.data;
}

/** The public key of an identity, for "export to myself" flows in the app. */
export async function recipientOf(identity: string): Promise<string> {
  return identityToRecipient(identity);
}
