/**
 * Encrypted backups in the age format (https://age-encryption.org/v1), so a backup opens with the
 * standard `age` tool too: `age -d backup.age > backup.json`. The plaintext is one JSON document with
 * the workspaces, the credentials' metadata and every secret version, and the workspaces' JWT signing
 * keys (metadata, plus the private JWK of each generated key, read from the keychain's `signing/<kid>`)
 * and revocation list. Import decrypts and validates the whole file before it changes anything, then
 * merges by id with the credential service's write discipline: write each secret, read it back, commit
 * the metadata, undo the secrets if that fails. Signing keys merge by kid (identical ones skipped, a kid
 * that exists with other material reported and kept), revocations by jti and workspace.
 *
 * Format: still 1. The signing-key fields were added as optional arrays, so every older backup (without
 * them) still imports, and an older Keydeck reading a newer file imports its credentials as before.
 */
import fs from 'node:fs';
import { createPrivateKey, createPublicKey, type JsonWebKey } from 'node:crypto';
import { Decrypter, Encrypter, armor, identityToRecipient } from 'age-encryption';
import { z } from 'zod';
import { KeydeckError } from '../../shared/errors.js';
import {
  credentialSchema,
  revocationSchema,
  signingKeySchema,
  workspaceSchema,
  type CatalogData,
  type Credential,
  type SigningKey,
  type Workspace,
} from '../../shared/domain.js';
import type { Catalog } from './catalog.js';
import type { CredentialService } from './credential-service.js';
import { fingerprint } from './display.js';
import { accountFor, openEnvelope, sealEnvelope } from './envelope.js';
import { signingAccount } from './jwt/keys.js';
import { findByName } from './rules.js';
import { setVerified, type Vault } from './vault.js';
import { resolveWorkspace } from './workspaces.js';

export const BACKUP_FORMAT = 1;
const AGE_MAGIC = 'age-encryption.org/v1\n';
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

const backupSchema = z.object({
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
});
export type BackupDocument = z.infer<typeof backupSchema>;

export type BackupKey = { passphrase: string } | { recipients: string[] };

export interface ExportResult {
  bytes: Uint8Array;
  workspaces: number;
  credentials: number;
  versions: number;
  /** Versions whose secret the keychain no longer holds: exported as metadata only. */
  missing: { name: string; version: number }[];
  signingKeys: number;
  revocations: number;
  /** Generated signing keys whose private half the keychain no longer holds: left out. */
  missingSigningKeys: string[];
}

/** What the keychain holds under `signing/<kid>` (see `electron/core/jwt/keys.ts`). */
interface StoredSigningKey {
  keydeckSigningKey: 1;
  kid: string;
  alg: SigningKey['alg'];
  workspaceId: string;
  jwk: Record<string, unknown>;
}

function parseStoredSigningKey(raw: string | null, kid: string): StoredSigningKey | undefined {
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as StoredSigningKey;
    if (s.keydeckSigningKey === 1 && s.kid === kid && s.jwk && typeof s.jwk === 'object') return s;
  } catch {
    // damaged: treated as absent
  }
  return undefined;
}

/** The private key material of a JWK, for comparing two keys (the public half follows from it). */
function privateMaterial(jwk: Record<string, unknown>): string {
  return JSON.stringify([jwk.kty, jwk.crv, jwk.k, jwk.d]);
}

/**
 * Checks a backed-up private JWK against its key's metadata: the right type for the algorithm, and for
 * key pairs a public half equal to the catalog's public JWK. Returns why it does not fit, or undefined.
 */
function privateKeyProblem(meta: SigningKey, jwk: Record<string, unknown>): string | undefined {
  try {
    if (meta.alg === 'HS256') {
      if (jwk.kty !== 'oct' || typeof jwk.k !== 'string' || Buffer.from(jwk.k, 'base64url').length < 32) {
        return 'its HS256 secret is missing or too short';
      }
      return undefined;
    }
    const priv = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    const pub = createPublicKey(priv).export({ format: 'jwk' });
    const want = meta.publicJwk ?? {};
    if (pub.x !== want.x || pub.y !== want.y || pub.crv !== want.crv) {
      return 'its private key does not match its public key';
    }
    return undefined;
  } catch {
    return 'its private key does not parse';
  }
}

/** An age recipient is `age1…` (X25519) or one of the post-quantum forms; anything else is refused. */
function checkRecipient(r: string): string {
  const s = r.trim();
  if (!/^age1[0-9a-z]{20,}$/.test(s)) {
    throw new KeydeckError('INVALID_INPUT', `Not an age recipient (expected age1…): ${s.slice(0, 16)}…`);
  }
  return s;
}

/** The stores a backup reads: metadata, the secrets through the service, and the keychain itself. */
export type BackupSource = { catalog: Catalog; credentials: CredentialService; vault: Vault };

/**
 * Builds the backup document for one workspace (by name or id) or all of them, then encrypts it. The
 * private halves of generated signing keys are read from `vault`, the keychain the core writes to.
 */
export async function exportBackup(
  { catalog, credentials, vault }: BackupSource,
  opts: { workspace?: string; key: BackupKey; scryptWorkFactor?: number },
): Promise<ExportResult> {
  const data = catalog.read();
  const workspaces = opts.workspace ? [resolveWorkspace(data, opts.workspace)] : data.workspaces;
  const wsIds = new Set(workspaces.map((w) => w.id));
  const creds = data.credentials.filter((c) => wsIds.has(c.workspaceId));
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
  for (const c of creds) {
    for (const v of c.versions) {
      try {
        doc.secrets.push({
          credentialId: c.id,
          version: v.version,
          secret: await credentials.readVersion(c, v.version),
        });
      } catch (err) {
        if (err instanceof KeydeckError && err.code === 'SECRET_MISSING')
          missing.push({ name: c.name, version: v.version });
        else throw err;
      }
    }
  }
  const e = new Encrypter();
  if ('passphrase' in opts.key) {
    if (!opts.key.passphrase) throw new KeydeckError('INVALID_INPUT', 'The passphrase is empty.');
    e.setPassphrase(opts.key.passphrase);
    if (opts.scryptWorkFactor) e.setScryptWorkFactor(opts.scryptWorkFactor);
  } else {
    if (!opts.key.recipients.length) throw new KeydeckError('INVALID_INPUT', 'Give at least one --recipient.');
    for (const r of opts.key.recipients) e.addRecipient(checkRecipient(r));
  }
  const bytes = await e.encrypt(JSON.stringify(doc));
  return {
    bytes,
    workspaces: workspaces.length,
    credentials: creds.length,
    versions: doc.secrets.length,
    missing,
    signingKeys: doc.signingKeys.length,
    revocations: doc.revocations.length,
    missingSigningKeys,
  };
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

/** Decrypts and validates a backup. Throws a typed error for every way a file can be wrong. */
export async function openBackup(
  file: Uint8Array,
  key: { passphrase: string } | { identities: string[] },
): Promise<BackupDocument> {
  const { binary } = unarmor(file);
  const d = new Decrypter();
  if ('passphrase' in key) d.addPassphrase(key.passphrase);
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

export interface ImportReport {
  added: string[];
  updated: string[];
  skipped: { name: string; reason: string }[];
  workspacesAdded: string[];
  /** JWT signing keys added (by kid), including a known key whose lost private half was put back. */
  signingKeysAdded: string[];
  /** Signing keys already here with the same material. */
  signingKeysUnchanged: string[];
  /** Signing keys not imported: a kid that exists here with other material, or a damaged entry. */
  signingKeysSkipped: { kid: string; reason: string }[];
  revocationsAdded: number;
}

/** Asked once per credential that already exists and differs; true overwrites it. */
export type OverwriteQuestion = (c: { name: string; workspace: string }) => Promise<boolean> | boolean;

function sameCredential(a: Credential, b: Credential): boolean {
  const vs = (c: Credential) => c.versions.map((v) => `${v.version}:${v.status}:${v.fingerprint}`).join(',');
  return a.updatedAt === b.updatedAt && vs(a) === vs(b) && a.name === b.name;
}

/** A JSON value with object keys sorted, for comparing JWKs whatever their key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function sameSigningKeyMeta(a: SigningKey, b: SigningKey): boolean {
  return (
    a.kid === b.kid &&
    a.workspaceId === b.workspaceId &&
    a.alg === b.alg &&
    a.source === b.source &&
    (a.credentialId ?? '') === (b.credentialId ?? '') &&
    canonical(a.publicJwk ?? null) === canonical(b.publicJwk ?? null)
  );
}

/**
 * Merges a decrypted backup into the catalog and keychain. New workspaces and credentials are added;
 * a credential that exists (same id) and differs is overwritten only if `overwrite` says so. Signing
 * keys merge by kid and are never overwritten: a kid here with other material is reported and kept.
 * Revocations merge by jti and workspace.
 */
export async function importBackup(
  catalog: Catalog,
  vault: Vault,
  credentials: CredentialService,
  doc: BackupDocument,
  overwrite: OverwriteQuestion,
): Promise<ImportReport> {
  const report: ImportReport = {
    added: [],
    updated: [],
    skipped: [],
    workspacesAdded: [],
    signingKeysAdded: [],
    signingKeysUnchanged: [],
    signingKeysSkipped: [],
    revocationsAdded: 0,
  };
  const privateOf = new Map(doc.signingSecrets.map((s) => [s.kid, s.jwk]));
  const secretOf = new Map(doc.secrets.map((s) => [`${s.credentialId}/${s.version}`, s.secret]));
  // Decide, with questions asked, before taking the catalog lock.
  const before = catalog.read();
  const decisions = new Map<string, 'add' | 'update'>();
  for (const c of doc.credentials) {
    const existing = before.credentials.find((x) => x.id === c.id);
    const wsName = doc.workspaces.find((w) => w.id === c.workspaceId)?.name ?? '?';
    if (!existing) decisions.set(c.id, 'add');
    else if (sameCredential(existing, c)) report.skipped.push({ name: c.name, reason: 'unchanged' });
    else if (await overwrite({ name: c.name, workspace: wsName })) decisions.set(c.id, 'update');
    else report.skipped.push({ name: c.name, reason: 'exists; not overwritten' });
  }
  const written: { account: string; previous: string | null }[] = [];
  const obsolete: string[] = [];
  try {
    await catalog.mutate(async (data: CatalogData) => {
      const wsMap = new Map<string, Workspace>();
      for (const w of doc.workspaces) {
        // By id; else a workspace of the same name (a new machine has its own "Personal").
        let ws = data.workspaces.find((x) => x.id === w.id) ?? data.workspaces.find((x) => x.name === w.name);
        const needed =
          doc.credentials.some((c) => c.workspaceId === w.id && decisions.has(c.id)) ||
          doc.signingKeys.some((k) => k.workspaceId === w.id) ||
          doc.revocations.some((r) => r.workspaceId === w.id);
        if (!ws && needed) {
          ws = { ...w };
          data.workspaces.push(ws);
          report.workspacesAdded.push(ws.name);
        }
        if (ws) wsMap.set(w.id, ws);
      }
      for (const c of doc.credentials) {
        const what = decisions.get(c.id);
        if (!what) continue;
        const ws = wsMap.get(c.workspaceId);
        if (!ws) {
          report.skipped.push({ name: c.name, reason: 'its workspace is not in the backup' });
          continue;
        }
        const idx = data.credentials.findIndex((x) => x.id === c.id);
        const others = data.credentials.filter((x) => x.id !== c.id && x.workspaceId === ws.id);
        if (c.kind === 'byok' && others.some((x) => x.kind === 'byok' && x.provider === c.provider)) {
          report.skipped.push({
            name: c.name,
            reason: `workspace "${ws.name}" already has a BYOK key for ${c.provider}`,
          });
          continue;
        }
        const next: Credential = structuredClone(c);
        next.workspaceId = ws.id;
        const clash = findByName({ ...data, credentials: others }, ws.id, next.name);
        if (clash) next.name = `${next.name} (imported)`.slice(0, 128);
        let missing = false;
        for (const v of next.versions) {
          const secret = secretOf.get(`${c.id}/${v.version}`);
          if (secret === undefined || fingerprint(secret) !== v.fingerprint) {
            if (v.status === 'active') missing = true;
            continue;
          }
          const account = accountFor(next.kind, next.id, v.version);
          const previous = await vault.get(account);
          const sealed = sealEnvelope(next, ws.name, v.version, secret);
          if (previous !== null && openEnvelope(previous)?.secret === secret) continue;
          written.push({ account, previous });
          await setVerified(vault, account, sealed, 'a secret that was written; the import was undone');
        }
        next.state = missing ? 'missing-secret' : 'ok';
        if (idx >= 0) {
          const old = data.credentials[idx]!;
          const keep = new Set(next.versions.map((v) => accountFor(next.kind, next.id, v.version)));
          for (const v of old.versions) {
            const a = accountFor(old.kind, old.id, v.version);
            if (!keep.has(a)) obsolete.push(a);
          }
          data.credentials[idx] = next;
          report.updated.push(next.name);
        } else {
          data.credentials.push(next);
          report.added.push(next.name);
        }
      }
      for (const k of doc.signingKeys) {
        const ws = wsMap.get(k.workspaceId);
        const skip = (reason: string) => report.signingKeysSkipped.push({ kid: k.kid, reason });
        if (!ws) {
          skip('its workspace is not in the backup');
          continue;
        }
        const next: SigningKey = { ...structuredClone(k), workspaceId: ws.id };
        const jwk = privateOf.get(k.kid);
        if (k.source === 'generated') {
          // A generated key is only worth importing with its private half, and only if that half fits.
          const problem = jwk ? privateKeyProblem(k, jwk) : 'the backup holds no private half for it';
          if (problem) {
            skip(problem);
            continue;
          }
        }
        const existing = data.signingKeys.find((x) => x.kid === k.kid);
        if (existing && !sameSigningKeyMeta(existing, next)) {
          skip(
            existing.workspaceId !== ws.id
              ? 'this kid belongs to another workspace here; kept'
              : 'a key with this kid but other material exists here; kept',
          );
          continue;
        }
        if (k.source === 'generated') {
          const account = signingAccount(k.kid);
          const previous = await vault.get(account);
          const local = parseStoredSigningKey(previous, k.kid);
          if (local && privateMaterial(local.jwk) !== privateMaterial(jwk!)) {
            skip('a key with this kid but other material exists here; kept');
            continue;
          }
          if (!local) {
            const stored: StoredSigningKey = {
              keydeckSigningKey: 1,
              kid: k.kid,
              alg: k.alg,
              workspaceId: ws.id,
              jwk: jwk!,
            };
            const sealed = JSON.stringify(stored);
            written.push({ account, previous });
            await setVerified(vault, account, sealed, 'a signing key that was written; the import was undone');
            if (existing) {
              // Known here, but the keychain had lost its private half: put back.
              report.signingKeysAdded.push(k.kid);
              continue;
            }
          }
        }
        if (existing) {
          report.signingKeysUnchanged.push(k.kid);
          continue;
        }
        data.signingKeys.push(next);
        report.signingKeysAdded.push(k.kid);
      }
      for (const r of doc.revocations) {
        const ws = wsMap.get(r.workspaceId);
        if (!ws || data.revocations.some((x) => x.jti === r.jti && x.workspaceId === ws.id)) continue;
        data.revocations.push({ ...r, workspaceId: ws.id });
        report.revocationsAdded++;
      }
      if (obsolete.length) {
        data.tombstones.push({
          credentialId: `import-${Date.now()}`,
          accounts: obsolete,
          deletedAt: new Date().toISOString(),
        });
      }
    });
  } catch (err) {
    // Put the keychain back as it was, newest write first.
    for (const w of written.reverse()) {
      if (w.previous === null) await vault.delete(w.account).catch(() => undefined);
      else await vault.set(w.account, w.previous).catch(() => undefined);
    }
    throw err;
  }
  if (obsolete.length) await credentials.clearTombstones();
  return report;
}

/** The public key of an identity, for "export to myself" flows in the app. */
export async function recipientOf(identity: string): Promise<string> {
  return identityToRecipient(identity);
}
