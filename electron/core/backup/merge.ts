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
import { accountFor, openEnvelope, sealEnvelope } from '../envelope.js';
import { signingAccount } from '../jwt/keys.js';
import { assertByokFree, findByName, normalizeName, printable } from '../rules.js';
import { setVerified } from '../vault.js';
import { fingerprint } from '../display.js';
import { IntentStore } from '../intents.js';
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
  { catalog, credentials, vault }: BackupSource,
  doc: BackupDocument,
  opts: ImportOptions,
): Promise<ImportReport> {
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
  const intents = new IntentStore(catalog.dir);
  const intentIds: string[] = [];
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
      // Never over a secret in place: a version that differs from the one here gets a new number.
      const secretFor = new Map<string, string>();
      for (const t of toWrite) {
        t.next = renumbered(t.next, t.idx >= 0 ? data.credentials[t.idx] : undefined, secretOf, secretFor);
      }
      const planned = toWrite.flatMap(({ next }) =>
        next.versions.flatMap((v) => {
          const secret = secretFor.get(`${next.id}/${v.version}`);
          return secret === undefined
            ? []
            : [{ account: accountFor(next.kind, next.id, v.version), fingerprint: fingerprint(secret) }];
        }),
      );
      // Recorded before any keychain write: if this process dies, the next start deletes what it wrote.
      if (planned.length) intentIds.push(intents.record({ op: 'import', writes: planned }));
      const jobs = toWrite.flatMap(({ next, ws }) =>
        next.versions.map((v) => async () => {
          const secret = secretFor.get(`${next.id}/${v.version}`);
          if (secret === undefined) {
            if (v.status === 'active') missingActive.add(next.id);
            return;
          }
          const account = accountFor(next.kind, next.id, v.version);
          const previous = await vault.get(account);
          if (previous !== null && openEnvelope(previous)?.secret === secret) return;
          if (previous !== null) {
            throw new KeydeckError(
              'CONFLICT',
              `The keychain entry for "${printable(next.name)}" v${v.version} changed meanwhile; nothing was imported. Try again.`,
            );
          }
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
      if (accept) await mergeSigningState(doc, data, wsMap, privateOf, vault, written, report, intents, intentIds);
      if (obsolete.length) {
        data.tombstones.push({
          credentialId: `import-${Date.now()}`,
          accounts: obsolete,
          deletedAt: new Date().toISOString(),
        });
      }
    });
  } catch (err) {
    // Put the keychain back as it was, newest write first; the intents go once that worked.
    let undone = true;
    for (const w of written.reverse()) {
      const put = w.previous === null ? vault.delete(w.account) : vault.set(w.account, w.previous);
      await put.catch(() => (undone = false));
    }
    if (undone) for (const id of intentIds) intents.done(id);
    throw err;
  }
  for (const id of intentIds) intents.done(id);
  if (obsolete.length) await credentials.clearTombstones();
  return report;
}

/** Signing keys by kid, never overwritten; revocations by jti and workspace. Only after confirmation. */
async function mergeSigningState(
  doc: BackupDocument,
  data: CatalogData,
  wsMap: Map<string, Workspace>,
  privateOf: Map<string, Record<string, unknown>>,
  vault: BackupSource['vault'],
  written: { account: string; previous: string | null }[],
  report: ImportReport,
  intents: IntentStore,
  intentIds: string[],
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
        intentIds.push(
          intents.record({ op: 'import', writes: [{ account, fingerprint: fingerprint(JSON.stringify(stored)) }] }),
        );
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

/**
 * The credential as it will be stored here, its versions numbered so that no keychain entry is written
 * over (issue 15 §6: an import killed mid-way must never leave a secret its metadata does not describe).
 * A new credential keeps its numbers. For one that exists here, a version whose secret it already has
 * (same fingerprint) takes that version's number, and any other version a number above every version
 * here and in the backup, skipping the next one (which a rotation running meanwhile may be writing):
 * a differing secret goes into a new entry first, the catalog switches to it on commit, and the entries
 * no longer used are deleted after. Fills `secretFor` with each stored version's secret, by `id/version`.
 */
function renumbered(
  next: Credential,
  here: Credential | undefined,
  secretOf: Map<string, string>,
  secretFor: Map<string, string>,
): Credential {
  const byFp = new Map(here?.versions.map((v) => [v.fingerprint, v.version]));
  const used = new Set<number>();
  let fresh = Math.max(0, ...(here?.versions.map((v) => v.version) ?? []), ...next.versions.map((v) => v.version)) + 1;
  const versions = [...next.versions]
    .sort((a, b) => a.version - b.version)
    .map((v) => {
      const same = byFp.get(v.fingerprint);
      const version = !here ? v.version : same !== undefined && !used.has(same) ? same : ++fresh;
      used.add(version);
      const secret = secretOf.get(`${next.id}/${v.version}`);
      if (secret !== undefined) secretFor.set(`${next.id}/${version}`, secret);
      return { ...v, version };
    })
    .sort((a, b) => a.version - b.version);
  return { ...next, versions };
}
