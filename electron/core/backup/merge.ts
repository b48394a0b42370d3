/**
 * Import: merges a decrypted backup into the catalog and keychain with the credential service's write
 * discipline (write each secret, read it back, commit the metadata, undo the secrets if that fails).
 *
 * A backup is a stranger's request (./check.ts): every credential passes add's rules, a kind never
 * changes for an existing id, one BYOK key per provider per workspace. Signing keys and revocations
 * can make tokens verify, so they are only listed unless the caller passes `acceptSigningKeys` (the
 * CLI's `--accept-signing-keys`, the app's separate confirmation); then signing keys merge by kid
 * (identical ones skipped, a kid that exists with other material reported and kept), revocations by
 * jti and workspace.
 */
import type { CatalogData, Credential, SigningKey, Workspace } from '../../../shared/domain.js';
import { KeydeckError } from '../../../shared/errors.js';
import { wiringOf } from '../core-parts.js';
import { accountFor, openEnvelope, sealEnvelope } from '../envelope.js';
import { signingAccount } from '../jwt/keys.js';
import { assertByokFree, findByName, normalizeName, printable } from '../rules.js';
import { setVerified, type Vault } from '../vault.js';
import { boundedAll } from '../keychain-limit.js';
import { assertSameKind, checkImportedCredential } from './check.js';
import type { BackupSource } from './export.js';
import type { BackupDocument } from './format.js';
import { parseStoredSigningKey, privateKeyProblem, privateMaterial, sameSigningKeyMeta } from './signing.js';
import type { StoredSigningKey } from './signing.js';

export interface ImportReport {
  added: string[];
  updated: string[];
  /** Not imported, with why; `code` is set when a rule refused the item. Names are printable. */
  skipped: { name: string; reason: string; code?: string }[];
  workspacesAdded: string[];
  /** JWT signing keys added (by kid), including a known key whose lost private half was put back. */
  signingKeysAdded: string[];
  /** Signing keys already here with the same material. */
  signingKeysUnchanged: string[];
  /** Signing keys not imported: a kid that exists here with other material, or a damaged entry. */
  signingKeysSkipped: { kid: string; reason: string }[];
  revocationsAdded: number;
  /** Without `acceptSigningKeys`: the backup's signing keys and revocations, listed and not merged. */
  signingKeysPending: PendingSigningKey[];
  revocationsPending: number;
}

export interface PendingSigningKey {
  kid: string;
  alg: SigningKey['alg'];
  /** The workspace here it would join, and how it was matched: by id, by name, or a new one. */
  workspace: string;
  matchedBy: 'id' | 'name' | 'new';
}

/** Asked once per credential that already exists and differs; true overwrites it. */
export type OverwriteQuestion = (c: { id: string; name: string; workspace: string }) => Promise<boolean> | boolean;

export interface ImportOptions {
  overwrite: OverwriteQuestion;
  /** Merge the backup's JWT signing keys and revocations (a separate, explicit confirmation). */
  acceptSigningKeys?: boolean;
}

/** Whether a backed-up credential is the one here (same versions, name and last update). */
export function sameCredential(a: Credential, b: Credential): boolean {
  const vs = (c: Credential) => c.versions.map((v) => `${v.version}:${v.status}:${v.fingerprint}`).join(',');
  return a.updatedAt === b.updatedAt && vs(a) === vs(b) && a.name === b.name;
}

export type PlannedItem =
  | { what: 'add' | 'update' | 'unchanged'; credential: Credential; checked: Credential }
  | { what: 'refused'; credential: Credential; code: string; reason: string };

/** What an import would do with each credential (the app's preview shows this before asking). */
export function planImport(data: CatalogData, doc: BackupDocument): PlannedItem[] {
  const secretOf = new Map(doc.secrets.map((s) => [`${s.credentialId}/${s.version}`, s.secret]));
  return doc.credentials.map((c): PlannedItem => {
    try {
      const checked = checkImportedCredential(c, (v) => secretOf.get(`${c.id}/${v}`));
      const ws = doc.workspaces.find((w) => w.id === c.workspaceId);
      if (!ws) throw new KeydeckError('BACKUP_INVALID', 'its workspace is not in the backup');
      normalizeName(ws.name, 'Its workspace name');
      const existing = data.credentials.find((x) => x.id === c.id);
      if (!existing) return { what: 'add', credential: c, checked };
      assertSameKind(existing, c);
      return { what: sameCredential(existing, c) ? 'unchanged' : 'update', credential: c, checked };
    } catch (err) {
      if (!(err instanceof KeydeckError)) throw err;
      return { what: 'refused', credential: c, code: err.code, reason: err.message };
    }
  });
}

/** What an import would do, for the app's preview: each credential's plan and where each signing key would go. */
export interface ImportPreview {
  items: PlannedItem[];
  /** Every signing key of the backup, with the workspace here it would join. */
  signingKeys: PendingSigningKey[];
}

/** The preview of importing `doc` into this core's catalog (nothing is written). */
export function previewImport(core: BackupSource, doc: BackupDocument): ImportPreview {
  const data = wiringOf(core).catalog.read();
  return {
    items: planImport(data, doc),
    signingKeys: doc.signingKeys.map((k) => {
      const w = doc.workspaces.find((x) => x.id === k.workspaceId);
      const matchedBy = w ? matchWorkspace(data, w).by : 'new';
      return { kid: printable(k.kid), alg: k.alg, workspace: printable(w?.name ?? '?'), matchedBy };
    }),
  };
}

/** Where each of the backup's workspaces lands here: by id, else by name (a new machine has its own "Personal"). */
function matchWorkspace(data: CatalogData, w: Workspace): { ws?: Workspace; by: 'id' | 'name' | 'new' } {
  const byId = data.workspaces.find((x) => x.id === w.id);
  if (byId) return { ws: byId, by: 'id' };
  const byName = data.workspaces.find((x) => x.name === w.name.normalize('NFC').trim());
  return byName ? { ws: byName, by: 'name' } : { by: 'new' };
}

function emptyReport(): ImportReport {
  return {
    added: [],
    updated: [],
    skipped: [],
    workspacesAdded: [],
    signingKeysAdded: [],
    signingKeysUnchanged: [],
    signingKeysSkipped: [],
    revocationsAdded: 0,
    signingKeysPending: [],
    revocationsPending: 0,
  };
}

/**
 * Merges a decrypted backup into the catalog and keychain. New workspaces and credentials are added;
 * a credential that exists (same id) and differs is overwritten only if `overwrite` says so. Signing
 * keys and revocations merge only with `acceptSigningKeys` (see the module comment).
 */
export async function importBackup(
  core: BackupSource,
  doc: BackupDocument,
  opts: ImportOptions,
): Promise<ImportReport> {
  const { catalog, vault } = wiringOf(core);
  const { credentials } = core;
  const report = emptyReport();
  const accept = !!opts.acceptSigningKeys;
  const privateOf = new Map(doc.signingSecrets.map((s) => [s.kid, s.jwk]));
  const secretOf = new Map(doc.secrets.map((s) => [`${s.credentialId}/${s.version}`, s.secret]));
  const skip = (c: Credential, reason: string, code?: string) =>
    report.skipped.push({ name: printable(c.name), reason, ...(code ? { code } : {}) });
  // Check and decide, with questions asked, before taking the catalog lock.
  const before = catalog.read();
  const decisions = new Map<string, { what: 'add' | 'update'; checked: Credential }>();
  for (const item of planImport(before, doc)) {
    const c = item.credential;
    const wsName = printable(doc.workspaces.find((w) => w.id === c.workspaceId)?.name ?? '?');
    if (item.what === 'refused') skip(c, item.reason, item.code);
    else if (item.what === 'unchanged') skip(c, 'unchanged');
    else if (item.what === 'add') decisions.set(c.id, { what: 'add', checked: item.checked });
    else if (await opts.overwrite({ id: c.id, name: printable(c.name), workspace: wsName }))
      decisions.set(c.id, { what: 'update', checked: item.checked });
    else skip(c, 'exists; not overwritten');
  }
  const written: { account: string; previous: string | null }[] = [];
  const obsolete: string[] = [];
  try {
    await catalog.mutate(async (data: CatalogData) => {
      const wsMap = new Map<string, Workspace>();
      for (const w of doc.workspaces) {
        const match = matchWorkspace(data, w);
        let ws = match.ws;
        const by = match.by;
        const needed =
          doc.credentials.some((c) => c.workspaceId === w.id && decisions.has(c.id)) ||
          (accept && doc.signingKeys.some((k) => k.workspaceId === w.id)) ||
          (accept && doc.revocations.some((r) => r.workspaceId === w.id));
        if (!ws && needed) {
          let name: string | undefined;
          try {
            name = normalizeName(w.name, 'Workspace name');
          } catch {
            name = undefined; // its items are skipped: "its workspace is not in the backup"
          }
          if (name) {
            ws = { ...w, name };
            data.workspaces.push(ws);
            report.workspacesAdded.push(name);
          }
        }
        if (!accept) {
          for (const k of doc.signingKeys.filter((x) => x.workspaceId === w.id)) {
            report.signingKeysPending.push({ kid: k.kid, alg: k.alg, workspace: printable(w.name), matchedBy: by });
          }
          report.revocationsPending += doc.revocations.filter((r) => r.workspaceId === w.id).length;
        }
        if (ws) wsMap.set(w.id, ws);
      }
      // Check every credential against the catalog as it is now, then write their secrets, a few at a time.
      const toWrite: { next: Credential; idx: number; ws: Workspace }[] = [];
      for (const c of doc.credentials) {
        const d = decisions.get(c.id);
        if (!d) continue;
        const ws = wsMap.get(c.workspaceId)!;
        const idx = data.credentials.findIndex((x) => x.id === c.id);
        const next: Credential = { ...d.checked, workspaceId: ws.id };
        try {
          if (idx >= 0) assertSameKind(data.credentials[idx]!, next);
          const pending = toWrite.map((t) => t.next).filter((x) => x.workspaceId === ws.id);
          assertByokFree(
            { ...data, credentials: [...data.credentials, ...pending] },
            ws.id,
            next.kind,
            next.provider,
            next.id,
          );
        } catch (err) {
          if (!(err instanceof KeydeckError)) throw err;
          skip(c, err.message, err.code);
          continue;
        }
        const others = data.credentials.filter((x) => x.id !== c.id && x.workspaceId === ws.id);
        const taken = [...others, ...toWrite.map((t) => t.next).filter((x) => x.workspaceId === ws.id)];
        if (findByName({ ...data, credentials: taken }, ws.id, next.name)) {
          next.name = `${next.name} (imported)`.slice(0, 128);
        }
        toWrite.push({ next, idx, ws });
      }
      const missingActive = new Set<string>();
      const jobs = toWrite.flatMap(({ next, ws }) =>
        next.versions.map((v) => async () => {
          const secret = secretOf.get(`${next.id}/${v.version}`);
          if (secret === undefined) {
            if (v.status === 'active') missingActive.add(next.id);
            return;
          }
          const account = accountFor(next.kind, next.id, v.version);
          const previous = await vault.get(account);
          if (previous !== null && openEnvelope(previous)?.secret === secret) return;
          written.push({ account, previous });
          const sealed = sealEnvelope(next, ws.name, v.version, secret);
          await setVerified(vault, account, sealed, 'a secret that was written; the import was undone');
        }),
      );
      await boundedAll(jobs);
      for (const { next, idx } of toWrite) {
        next.state = missingActive.has(next.id) ? 'missing-secret' : 'ok';
        if (idx >= 0) {
          const old = data.credentials[idx]!;
          const keep = new Set(next.versions.map((v) => accountFor(next.kind, next.id, v.version)));
          for (const v of old.versions) {
            const a = accountFor(old.kind, old.id, v.version);
            if (!keep.has(a)) obsolete.push(a);
          }
          data.credentials[idx] = next;
          report.updated.push(printable(next.name));
        } else {
          data.credentials.push(next);
          report.added.push(printable(next.name));
        }
      }
      if (accept) await mergeSigningState(doc, data, wsMap, privateOf, vault, written, report);
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

/** Signing keys by kid, never overwritten; revocations by jti and workspace. Only after confirmation. */
async function mergeSigningState(
  doc: BackupDocument,
  data: CatalogData,
  wsMap: Map<string, Workspace>,
  privateOf: Map<string, Record<string, unknown>>,
  vault: Vault,
  written: { account: string; previous: string | null }[],
  report: ImportReport,
): Promise<void> {
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
        written.push({ account, previous });
        await setVerified(
          vault,
          account,
          JSON.stringify(stored),
          'a signing key that was written; the import was undone',
        );
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
}
