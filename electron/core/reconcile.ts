import { AUTH_SCHEME } from '../../shared/provider-auth.js';
import type { CatalogData, Credential, Notice, Workspace } from '../../shared/domain.js';
import { PROVIDER_DESCRIPTORS, type ProviderId } from '../../shared/providers.js';
import type { Catalog } from './catalog.js';
import { activateVersion, activeVersion } from './versions.js';
import { displayPrefix, fingerprint } from './display.js';
import { accountFor, openEnvelope, parseAccount, signingAccount } from './envelope.js';
import { byokHolder, findByName, normalizeName } from './rules.js';
import type { Vault } from './vault.js';
import { parseStoredSigningKey } from './backup/signing.js';
import { trashedAccounts } from './trash-accounts.js';

export interface ReconcileReport {
  adopted: { name: string; version: number; account: string }[];
  cleaned: string[];
  orphans: { account: string; reason: string }[];
  missing: string[];
  restored: string[];
  /** JWT signing keys whose metadata was rebuilt from their keychain entry (`signing/<kid>`), by kid. */
  signingKeysAdopted: string[];
  tombstonesCleared: number;
}

export interface ReconcileOptions {
  /** Rebuild metadata for Keydeck entries that have none. */
  adopt?: boolean;
  /** Delete Keydeck entries that have no metadata (ignored when adopting). */
  clean?: boolean;
}

export interface ReconcileDeps {
  catalog: Catalog;
  vault: Vault;
  clearTombstones(): Promise<number>;
  /** Accounts an operation in progress is writing (intents.ts): neither adopted nor counted yet. */
  inFlight?(): Set<string>;
}

/** What a reconcile changed, as notices a user should see once. */
export function reconcileNotices(r: ReconcileReport): Notice[] {
  const out: Notice[] = [];
  if (r.adopted.length) {
    out.push({
      code: 'KEYCHAIN_ADOPTED',
      message: `Recovered ${r.adopted.length} key version(s) from the keychain: ${[...new Set(r.adopted.map((a) => a.name))].join(', ')}.`,
    });
  }
  if (r.missing.length) {
    out.push({
      code: 'SECRET_MISSING',
      message: `The keychain no longer holds the secret of: ${r.missing.join(', ')}.`,
    });
  }
  const foreign = r.orphans.filter((o) => o.reason !== 'not a Keydeck entry');
  if (foreign.length)
    out.push({
      code: 'KEYCHAIN_ORPHANS',
      message: `${foreign.length} keychain entr${foreign.length === 1 ? 'y' : 'ies'} could not be adopted: ${foreign.map((o) => o.reason).join('; ')}.`,
    });
  return out;
}

/**
 * Brings catalog and keychain back in line. Entries without metadata are adopted from their envelope
 * (`adopt`), deleted (`clean`), or only reported; metadata whose secret is gone is flagged
 * `missing-secret`, never dropped. Reads every secret under the service: run at start, not per list.
 */
export async function reconcile(deps: ReconcileDeps, opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    adopted: [],
    cleaned: [],
    orphans: [],
    missing: [],
    restored: [],
    signingKeysAdopted: [],
    tombstonesCleared: 0,
  };
  report.tombstonesCleared = await deps.clearTombstones();
  // Versions already active before the keychain is listed: only these can be called missing. A version
  // an add or a rotation commits while the list is read was written after it, and is no loss.
  const activeBefore = new Set(
    deps.catalog.read().credentials.map((c) => accountFor(c.kind, c.id, activeVersion(c).version)),
  );
  const entries = await deps.vault.entries();
  const byAccount = new Map(entries.map((e) => [e.account, e.value]));
  await deps.catalog.mutate(async (data) => {
    // Under the lock: an add or rotation that wrote its entry but has not committed waits for this lock
    // with its intent on record, so its entry is left to it (adopting it would make its commit a duplicate).
    const known = deps.inFlight?.() ?? new Set<string>();
    for (const c of data.credentials) {
      for (const v of c.versions) known.add(accountFor(c.kind, c.id, v.version));
      const activeAccount = accountFor(c.kind, c.id, activeVersion(c).version);
      const present = byAccount.has(activeAccount);
      if (!present && c.state !== 'missing-secret' && activeBefore.has(activeAccount)) {
        c.state = 'missing-secret';
        report.missing.push(c.name);
      } else if (present && c.state === 'missing-secret') {
        c.state = 'ok';
        report.restored.push(c.name);
      }
    }
    // JWT signing keys keep their private halves under `signing/<kid>`.
    for (const k of data.signingKeys) known.add(signingAccount(k.kid));
    // Trashed credentials keep their entries until the trash is emptied: neither adopted nor cleaned.
    for (const account of trashedAccounts(data)) known.add(account);
    const tombstoned = new Set(data.tombstones.flatMap((t) => t.accounts));
    // Highest version first, so an adopted credential's newest secret becomes its active one.
    const ordered = [...byAccount].sort(
      (a, b) => (parseAccount(b[0])?.version ?? 0) - (parseAccount(a[0])?.version ?? 0),
    );
    // A workspace recreated under another id (a rebuilt catalog's fresh "Personal"), by its old id.
    const moved = new Map<string, Workspace>();
    for (const [account, value] of ordered) {
      if (known.has(account) || tombstoned.has(account)) continue;
      // The team identity (team/identity.ts) is not a credential.
      if (account === 'team/identity') continue;
      if (account.startsWith('signing/')) {
        const why = opts.adopt ? adoptSigningKey(data, account, value, moved) : undefined;
        if (opts.adopt && !why) report.signingKeysAdopted.push(account.slice('signing/'.length));
        else if (opts.clean && !opts.adopt) {
          await deps.vault.delete(account);
          report.cleaned.push(account);
        } else report.orphans.push({ account, reason: why ?? 'a signing key with no metadata in the catalog' });
        continue;
      }
      const parsed = parseAccount(account);
      const env = openEnvelope(value);
      if (!parsed || !env) {
        report.orphans.push({ account, reason: 'not a Keydeck entry' });
        continue;
      }
      if (opts.adopt) {
        const why = adopt(data, env, parsed.version, moved);
        if (!why) {
          report.adopted.push({ name: env.name, version: parsed.version, account });
          continue;
        }
        report.orphans.push({ account, reason: why });
      } else if (opts.clean) {
        await deps.vault.delete(account);
        report.cleaned.push(account);
      } else {
        report.orphans.push({ account, reason: 'no metadata in the catalog' });
      }
    }
  });
  return report;
}

/** The name if it passes the name rule, else the fallback (the entry is adopted under a safe name). */
function safeName(raw: string | undefined, fallback: string): string {
  try {
    return normalizeName(raw ?? '');
  } catch {
    return fallback;
  }
}

/** Rebuilds metadata for one keychain entry; returns why it could not, or undefined. */
function adopt(
  data: CatalogData,
  env: ReturnType<typeof openEnvelope> & object,
  version: number,
  moved: Map<string, Workspace>,
): string | undefined {
  // Same workspace by id, else by name (a rebuilt catalog has a fresh "Personal"), else recreate it.
  let ws: Workspace | undefined =
    data.workspaces.find((w) => w.id === env.workspaceId) ?? data.workspaces.find((w) => w.name === env.workspaceName);
  if (!ws) {
    ws = { id: env.workspaceId, name: safeName(env.workspaceName, 'Recovered'), createdAt: env.createdAt };
    data.workspaces.push(ws);
  }
  if (ws.id !== env.workspaceId) moved.set(env.workspaceId, ws);
  const fp = fingerprint(env.secret);
  const prefix = displayPrefix(env.secret);
  const existing = data.credentials.find((c) => c.id === env.id);
  if (existing) {
    if (existing.kind !== env.kind)
      return `its kind (${env.kind}) differs from "${existing.name}"'s; left in the keychain`;
    if (version > Math.max(...existing.versions.map((v) => v.version))) {
      adoptRotation(data, existing, version, prefix, fp);
      return undefined;
    }
    existing.versions.push({
      version,
      status: 'retired',
      createdAt: env.createdAt,
      retiredAt: new Date().toISOString(),
      displayPrefix: prefix,
      fingerprint: fp,
    });
    existing.versions.sort((a, b) => a.version - b.version);
    return undefined;
  }
  const provider = (env.provider in PROVIDER_DESCRIPTORS ? env.provider : 'custom') as ProviderId;
  if (byokHolder(data.credentials, ws.id, env.kind, provider)) {
    return `a second BYOK key for ${provider} in workspace "${ws.name}"; left in the keychain`;
  }
  // A keychain entry is not trusted: its name passes the same rule as a typed one.
  let name = safeName(env.name, `Recovered ${env.id.slice(0, 8)}`);
  if (findByName(data, ws.id, name)) name = `${name} (recovered)`;
  const now = new Date().toISOString();
  data.credentials.push({
    id: env.id,
    name,
    workspaceId: ws.id,
    kind: env.kind,
    audience: env.audience === 'public' && env.allowedOrigins?.length ? 'public' : 'secret',
    provider,
    authScheme: AUTH_SCHEME.test(env.authScheme) ? env.authScheme : 'bearer',
    envVar: /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(env.envVar) ? env.envVar : 'API_KEY',
    scopes: [],
    writePermissions: [],
    allowedOrigins: env.allowedOrigins ?? [],
    allowedAssistants: [],
    tags: ['recovered'],
    note: 'Recovered from the keychain; review its settings.',
    createdAt: env.createdAt,
    updatedAt: now,
    displayPrefix: prefix,
    fingerprint: fp,
    versions: [{ version, status: 'active', createdAt: env.createdAt, displayPrefix: prefix, fingerprint: fp }],
    state: 'ok',
  });
  return undefined;
}

/**
 * A keychain version newer than every catalog version is a rotation killed after its keychain write:
 * finish it as rotate would have. The new version becomes active and the active one starts its overlap
 * (`retiring`, or `retired` when the overlap is 0), so neither key stops working.
 */
function adoptRotation(data: CatalogData, cred: Credential, version: number, prefix: string, fp: string): void {
  activateVersion(
    cred,
    { version, displayPrefix: prefix, fingerprint: fp },
    new Date(),
    data.settings.rotationOverlapHours,
  );
}

/**
 * Rebuilds a generated JWT signing key's metadata from its keychain entry (`signing/<kid>`, which holds
 * the private JWK and its workspace): its kid, algorithm and public half, so tokens it signed verify
 * again. Its workspace by id, else where that workspace's credentials were adopted, else the only one.
 */
function adoptSigningKey(
  data: CatalogData,
  account: string,
  raw: string,
  moved: Map<string, Workspace>,
): string | undefined {
  const kid = account.slice('signing/'.length);
  const stored = parseStoredSigningKey(raw, kid);
  if (!stored || !['HS256', 'ES256', 'EdDSA'].includes(stored.alg)) return 'not a Keydeck signing key';
  const ws =
    data.workspaces.find((w) => w.id === stored.workspaceId) ??
    moved.get(stored.workspaceId) ??
    (data.workspaces.length === 1 ? data.workspaces[0] : undefined);
  if (!ws) return `its workspace (${stored.workspaceId.slice(0, 8)}…) is not here; left in the keychain`;
  const { kty, crv, x, y } = stored.jwk;
  const publicJwk = stored.alg === 'HS256' ? undefined : { kty, crv, x, ...(y === undefined ? {} : { y }) };
  data.signingKeys.push({
    kid,
    workspaceId: ws.id,
    alg: stored.alg,
    createdAt: new Date().toISOString(),
    source: 'generated',
    ...(publicJwk ? { publicJwk } : {}),
  });
  return undefined;
}
