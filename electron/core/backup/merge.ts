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
import type { CatalogData, Credential, SigningKey, TrashEntry, Workspace } from '../../../shared/domain.js';
import { KeydeckError } from '../../../shared/errors.js';
import { wiringOf } from '../core-parts.js';
import { accountFor, openEnvelope, sealEnvelope } from '../envelope.js';
import { signingAccount } from '../jwt/keys.js';
import { assertByokFree, normalizeName, printable } from '../rules.js';
import { TimeSlice } from '../time-slice.js';
import { readAllSecrets, setVerified, type Vault } from '../vault.js';
import { boundedAll } from '../keychain-limit.js';
import { fingerprint } from '../display.js';
import { IntentStore } from '../intents.js';
import { referenced } from '../credentials/recover.js';
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
  /** Trashed credentials of the backup put in the trash here (with their secrets), by name. */
  trashAdded: string[];
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

/** What an import would do with one credential of the backup. */
function planItem(here: Map<string, Credential>, doc: BackupDocument, c: Credential, secretOf: SecretOf): PlannedItem {
  try {
    const checked = checkImportedCredential(c, (v) => secretOf.get(`${c.id}/${v}`));
    const ws = doc.workspaces.find((w) => w.id === c.workspaceId);
    if (!ws) throw new KeydeckError('BACKUP_INVALID', 'its workspace is not in the backup');
    normalizeName(ws.name, 'Its workspace name');
    const existing = here.get(c.id);
    if (!existing) return { what: 'add', credential: c, checked };
    assertSameKind(existing, c);
    return { what: sameCredential(existing, c) ? 'unchanged' : 'update', credential: c, checked };
  } catch (err) {
    if (!(err instanceof KeydeckError)) throw err;
    return { what: 'refused', credential: c, code: err.code, reason: err.message };
  }
}

type SecretOf = Map<string, string>;

function secretsOf(doc: BackupDocument): SecretOf {
  return new Map(doc.secrets.map((s) => [`${s.credentialId}/${s.version}`, s.secret]));
}

/** What an import would do with each credential (the app's preview shows this before asking). */
export function planImport(data: CatalogData, doc: BackupDocument): PlannedItem[] {
  const secretOf = secretsOf(doc);
  const here = new Map(data.credentials.map((c) => [c.id, c]));
  return doc.credentials.map((c) => planItem(here, doc, c, secretOf));
}

/**
 * planImport in slices of at most `SLICE_MS` of work, yielding to the event loop between them: the
 * per-item checks (rules, a SHA-256 per secret, a copy) of a 10,000-credential backup take seconds.
 */
async function planImportSliced(data: CatalogData, doc: BackupDocument): Promise<PlannedItem[]> {
  const secretOf = secretsOf(doc);
  const here = new Map(data.credentials.map((c) => [c.id, c]));
  const out: PlannedItem[] = [];
  const slice = new TimeSlice();
  for (const c of doc.credentials) {
    await slice.tick();
    out.push(planItem(here, doc, c, secretOf));
  }
  return out;
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
    trashAdded: [],
    signingKeysPending: [],
    revocationsPending: 0,
  };
}

/**
 * One credential as it will be stored here. `from` maps a version number here to the backup's, where
 * they differ (see `renumbered`).
 */
interface Placed {
  next: Credential;
  ws: Workspace;
  existing?: Credential;
  from?: Map<number, number>;
}

/** Where the credentials of a backup land in a catalog: workspaces, final names, refusals. */
interface Placement {
  /** The backup's workspace id → the workspace here (new ones included). */
  wsMap: Map<string, Workspace>;
  newWorkspaces: Workspace[];
  items: Placed[];
  refused: { c: Credential; err: KeydeckError }[];
}

/**
 * Places the decided credentials against a catalog, without changing it: the workspace each lands in
 * (matched by id, else by name, else new), the kind rule, the one-BYOK-per-provider rule and a name
 * free in its workspace (`… (imported)` otherwise). Linear in the catalog and the backup (indexes, not
 * a scan per item). Run once before the lock, to write the secrets, and again under the lock on the
 * catalog as it is then.
 */
function place(
  data: CatalogData,
  doc: BackupDocument,
  decided: Map<string, Credential>,
  accept: boolean,
  trash: readonly TrashDecided[] = [],
): Placement {
  const out: Placement = { wsMap: new Map(), newWorkspaces: [], items: [], refused: [] };
  const needed = new Set<string>(trash.map((t) => t.checked.workspaceId));
  for (const c of doc.credentials) if (decided.has(c.id)) needed.add(c.workspaceId);
  if (accept) for (const x of [...doc.signingKeys, ...doc.revocations]) needed.add(x.workspaceId);
  for (const w of doc.workspaces) {
    let ws = matchWorkspace(data, w).ws;
    if (!ws && needed.has(w.id)) {
      let name: string | undefined;
      try {
        name = normalizeName(w.name, 'Workspace name');
      } catch {
        name = undefined; // its items are skipped: "its workspace is not in the backup"
      }
      if (name) out.newWorkspaces.push((ws = { ...w, name }));
    }
    if (ws) out.wsMap.set(w.id, ws);
  }
  const byId = new Map(data.credentials.map((c) => [c.id, c]));
  const nameOwner = new Map<string, string>();
  const byokOwner = new Map<string, string>();
  const claim = (c: Credential) => {
    const n = `${c.workspaceId}\u0000${c.name.normalize('NFC')}`;
    if (!nameOwner.has(n)) nameOwner.set(n, c.id);
    if (c.kind === 'byok' && !byokOwner.has(`${c.workspaceId}\u0000${c.provider}`))
      byokOwner.set(`${c.workspaceId}\u0000${c.provider}`, c.id);
  };
  for (const c of data.credentials) claim(c);
  for (const c of doc.credentials) {
    const checked = decided.get(c.id);
    if (!checked) continue;
    const ws = out.wsMap.get(c.workspaceId)!;
    const existing = byId.get(c.id);
    const { next, from } = renumbered({ ...checked, workspaceId: ws.id }, existing);
    try {
      if (existing) assertSameKind(existing, next);
      const holder = next.kind === 'byok' ? byokOwner.get(`${ws.id}\u0000${next.provider}`) : undefined;
      if (holder !== undefined && holder !== next.id) {
        // The rule's own wording, from the one place it is defined.
        const held = byId.get(holder) ?? out.items.find((i) => i.next.id === holder)!.next;
        assertByokFree({ ...data, credentials: [held] }, ws.id, next.kind, next.provider, next.id);
      }
    } catch (err) {
      if (!(err instanceof KeydeckError)) throw err;
      out.refused.push({ c, err });
      continue;
    }
    const owner = nameOwner.get(`${ws.id}\u0000${next.name}`);
    if (owner !== undefined && owner !== next.id) next.name = `${next.name} (imported)`.slice(0, 128);
    claim(next);
    out.items.push({ next, ws, ...(existing ? { existing, from } : {}) });
  }
  return out;
}

/** A trashed credential of the backup that passed add's rules and is not known here (live or trashed). */
interface TrashDecided {
  entry: TrashEntry;
  checked: Credential;
}

/**
 * The backup's trash, checked as a stranger's request like its credentials. An entry whose id is known
 * here (live, trashed, or live in the same backup) is left alone: the trash never overwrites anything.
 */
function planTrash(
  data: CatalogData,
  doc: BackupDocument,
  skip: (c: Credential, reason: string, code?: string) => void,
) {
  const secretOf = secretsOf(doc);
  const known = new Set([
    ...data.credentials.map((c) => c.id),
    ...(data.trash ?? []).map((t) => t.credential.id),
    ...doc.credentials.map((c) => c.id),
  ]);
  const out: TrashDecided[] = [];
  for (const entry of doc.trash ?? []) {
    const c = entry.credential;
    if (known.has(c.id)) continue;
    try {
      const checked = checkImportedCredential(c, (v) => secretOf.get(`${c.id}/${v}`));
      if (!doc.workspaces.some((w) => w.id === c.workspaceId)) {
        throw new KeydeckError('BACKUP_INVALID', 'its workspace is not in the backup');
      }
      out.push({ entry, checked });
    } catch (err) {
      if (!(err instanceof KeydeckError)) throw err;
      skip(c, `(in the trash) ${err.message}`, err.code);
    }
  }
  return out;
}

/** The backup's trash placed on a catalog: in its workspace here, unless its id became known meanwhile. */
function placeTrash(data: CatalogData, trash: readonly TrashDecided[], wsMap: Map<string, Workspace>): Placed[] {
  const known = new Set([...data.credentials.map((c) => c.id), ...(data.trash ?? []).map((t) => t.credential.id)]);
  return trash.flatMap(({ checked }) => {
    const ws = wsMap.get(checked.workspaceId);
    return ws && !known.has(checked.id) ? [{ next: { ...checked, workspaceId: ws.id }, ws }] : [];
  });
}

/** Whether two placements of a credential seal the same keychain envelope (its secret aside). */
function sameEnvelope(a: { next: Credential; ws: Workspace }, b: { next: Credential; ws: Workspace }): boolean {
  const k = (x: { next: Credential; ws: Workspace }) =>
    JSON.stringify([
      x.next.name,
      x.next.kind,
      x.ws.id,
      x.ws.name,
      x.next.provider,
      x.next.audience,
      x.next.authScheme,
      x.next.envVar,
      x.next.allowedOrigins,
      x.next.versions.map((v) => v.version),
    ]);
  return k(a) === k(b);
}

type Written = { account: string; previous: string | null };

/**
 * Writes (and reads back) each version's secret of the placed credentials, a pool's worth at a time.
 * `current` is the keychain as one search found it: an entry that already holds the same secret is
 * not written again. Returns the credentials with an active version the backup has no secret for.
 */
async function writeSecrets(
  vault: Vault,
  items: readonly Placed[],
  secretOf: SecretOf,
  current: Map<string, string>,
  written: Written[],
  intend: (writes: { account: string; fingerprint: string }[]) => Promise<void>,
): Promise<Set<string>> {
  const missingActive = new Set<string>();
  const secretFor = (i: Placed, version: number) => secretOf.get(`${i.next.id}/${i.from?.get(version) ?? version}`);
  // Recorded before any keychain write: if this process dies, the next start undoes what it wrote.
  await intend(
    items.flatMap((i) =>
      i.next.versions.flatMap((v) => {
        const secret = secretFor(i, v.version);
        const account = accountFor(i.next.kind, i.next.id, v.version);
        return secret === undefined ? [] : [{ account, fingerprint: fingerprint(secret) }];
      }),
    ),
  );
  const jobs = items.flatMap((item) =>
    item.next.versions.map((v) => async () => {
      const { next, ws } = item;
      const secret = secretFor(item, v.version);
      if (secret === undefined) {
        if (v.status === 'active') missingActive.add(next.id);
        return;
      }
      const account = accountFor(next.kind, next.id, v.version);
      const previous = current.get(account) ?? null;
      if (previous !== null && openEnvelope(previous)?.secret === secret) return;
      // Never over another secret of a credential that exists here (issue 15 §6; see `renumbered`).
      if (previous !== null && item.existing) {
        throw new KeydeckError(
          'CONFLICT',
          `The keychain entry of "${printable(next.name)}" v${v.version} changed meanwhile; nothing was imported. Try again.`,
        );
      }
      written.push({ account, previous });
      const sealed = sealEnvelope(next, ws.name, v.version, secret);
      await setVerified(vault, account, sealed, 'a secret that was written; the import was undone');
    }),
  );
  await boundedAll(jobs);
  return missingActive;
}

/**
 * Merges a decrypted backup into the catalog and keychain. New workspaces and credentials are added;
 * a credential that exists (same id) and differs is overwritten only if `overwrite` says so. Signing
 * keys and revocations merge only with `acceptSigningKeys` (see the module comment).
 *
 * The order is the credential service's: check and ask first (the checks yield to the event loop every
 * few milliseconds); place every credential on the catalog as it is now; write and verify the secrets
 * (one keychain search for what is there, then a pool's worth of writes at a time) **before** the
 * catalog lock; then, under the lock, place again on the reloaded catalog and commit once. A
 * credential that another writer made impossible meanwhile is skipped and its secret put back; one
 * whose envelope would now differ (its workspace or name changed) is written again under the lock.
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
  const secretOf = secretsOf(doc);
  const skip = (c: Credential, reason: string, code?: string) =>
    report.skipped.push({ name: printable(c.name), reason, ...(code ? { code } : {}) });
  // Check and decide, with questions asked, before taking the catalog lock.
  const decided = new Map<string, Credential>();
  for (const item of await planImportSliced(catalog.read(), doc)) {
    const c = item.credential;
    const wsName = printable(doc.workspaces.find((w) => w.id === c.workspaceId)?.name ?? '?');
    if (item.what === 'refused') skip(c, item.reason, item.code);
    else if (item.what === 'unchanged') skip(c, 'unchanged');
    else if (item.what === 'add') decided.set(c.id, item.checked);
    else if (await opts.overwrite({ id: c.id, name: printable(c.name), workspace: wsName }))
      decided.set(c.id, item.checked);
    else skip(c, 'exists; not overwritten');
  }
  const trash = planTrash(catalog.read(), doc, skip);
  const trashEntry = new Map(trash.map((t) => [t.checked.id, t.entry]));
  const written: Written[] = [];
  const obsolete: string[] = [];
  const intents = new IntentStore(catalog.dir);
  const intentIds: string[] = [];
  const intend = async (writes: { account: string; fingerprint: string }[]) => {
    if (writes.length) intentIds.push(await intents.record({ op: 'import', writes }));
  };
  try {
    // The secrets first, outside the lock.
    const before = catalog.read();
    const early = place(before, doc, decided, accept, trash);
    const earlyTrash = placeTrash(before, trash, early.wsMap);
    const current = decided.size || trash.length ? await readAllSecrets(vault) : new Map<string, string>();
    const earlyItems = [...early.items, ...earlyTrash];
    const missingActive = await writeSecrets(vault, earlyItems, secretOf, current, written, intend);
    const earlyById = new Map(earlyItems.map((i) => [i.next.id, i]));

    // Under the lock: reload, place again, commit once.
    const undo: Written[] = [];
    await catalog.mutate(async (data: CatalogData) => {
      const now = place(data, doc, decided, accept, trash);
      const nowTrash = placeTrash(data, trash, now.wsMap).filter(
        (t) => !now.items.some((i) => i.next.id === t.next.id),
      );
      data.workspaces.push(...now.newWorkspaces);
      report.workspacesAdded.push(...now.newWorkspaces.map((w) => w.name));
      if (!accept) {
        for (const w of doc.workspaces) {
          const by = matchWorkspace(data, w).by;
          for (const k of doc.signingKeys.filter((x) => x.workspaceId === w.id)) {
            report.signingKeysPending.push({ kid: k.kid, alg: k.alg, workspace: printable(w.name), matchedBy: by });
          }
          report.revocationsPending += doc.revocations.filter((r) => r.workspaceId === w.id).length;
        }
      }
      for (const { c, err } of now.refused) skip(c, err.message, err.code);
      const rewrite = [...now.items, ...nowTrash].filter((i) => {
        const before = earlyById.get(i.next.id);
        return !before || !sameEnvelope(before, i);
      });
      if (rewrite.length) {
        for (const m of await writeSecrets(vault, rewrite, secretOf, await readAllSecrets(vault), written, intend))
          missingActive.add(m);
      }
      const index = new Map(data.credentials.map((c, i) => [c.id, i]));
      for (const { next, existing } of now.items) {
        next.state = missingActive.has(next.id) ? 'missing-secret' : 'ok';
        const idx = index.get(next.id);
        if (existing && idx !== undefined) {
          const keep = new Set(next.versions.map((v) => accountFor(next.kind, next.id, v.version)));
          for (const v of existing.versions) {
            const a = accountFor(existing.kind, existing.id, v.version);
            if (!keep.has(a)) obsolete.push(a);
          }
          data.credentials[idx] = next;
          report.updated.push(printable(next.name));
        } else {
          data.credentials.push(next);
          report.added.push(printable(next.name));
        }
      }
      // The backup's trash goes into the trash here, as it was deleted there (its purge date kept).
      for (const { next } of nowTrash) {
        next.state = missingActive.has(next.id) ? 'missing-secret' : 'ok';
        const e = trashEntry.get(next.id)!;
        data.trash = [...(data.trash ?? []), { credential: next, deletedAt: e.deletedAt, purgeAt: e.purgeAt }];
        report.trashAdded.push(printable(next.name));
      }
      if (accept) await mergeSigningState(doc, data, now.wsMap, privateOf, vault, written, report, intend);
      if (obsolete.length) {
        data.tombstones.push({
          credentialId: `import-${Date.now()}`,
          accounts: obsolete,
          deletedAt: new Date().toISOString(),
        });
      }
      // Written before the lock but not stored now (impossible meanwhile, or renumbered): put back after the commit.
      for (const w of written) if (!referenced(data, w.account)) undo.push(w);
    });
    if (undo.length) await putBack(vault, undo);
  } catch (err) {
    // The intents go once the keychain is as it was.
    if (await putBack(vault, written)) for (const id of intentIds) intents.done(id);
    throw err;
  }
  for (const id of intentIds) intents.done(id);
  if (obsolete.length) await credentials.clearTombstones();
  return report;
}

/** Puts the keychain back as it was, newest write first; false if a step failed. */
async function putBack(vault: Vault, writes: Written[]): Promise<boolean> {
  let ok = true;
  for (const w of [...writes].reverse()) {
    const step = w.previous === null ? vault.delete(w.account) : vault.set(w.account, w.previous);
    await step.catch(() => (ok = false));
  }
  return ok;
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
  intend: (writes: { account: string; fingerprint: string }[]) => Promise<void>,
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
        await intend([{ account, fingerprint: fingerprint(JSON.stringify(stored)) }]);
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
 * A credential as it will be stored here, its versions numbered so that no keychain entry is written
 * over (issue 15 §6: an import killed mid-way must never leave a secret its metadata does not describe).
 * A new credential keeps its numbers. For one that exists here, a version whose secret it already has
 * (same fingerprint) takes that version's number, and any other version a number above every version
 * here and in the backup, skipping the next one (which a rotation running meanwhile may be writing):
 * a differing secret goes into a new entry first, the catalog switches to it on commit, and the entries
 * no longer used are deleted after. `from` maps each changed number back to the backup's.
 */
function renumbered(next: Credential, here: Credential | undefined): { next: Credential; from?: Map<number, number> } {
  if (!here) return { next };
  const byFp = new Map(here.versions.map((v) => [v.fingerprint, v.version]));
  const used = new Set<number>();
  const from = new Map<number, number>();
  let fresh = Math.max(0, ...here.versions.map((v) => v.version), ...next.versions.map((v) => v.version)) + 1;
  const versions = [...next.versions]
    .sort((a, b) => a.version - b.version)
    .map((v) => {
      const same = byFp.get(v.fingerprint);
      const version = same !== undefined && !used.has(same) ? same : ++fresh;
      used.add(version);
      if (version !== v.version) from.set(version, v.version);
      return { ...v, version };
    })
    .sort((a, b) => a.version - b.version);
  return { next: { ...next, versions }, from };
}
