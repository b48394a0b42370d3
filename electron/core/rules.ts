import { KeydeckError } from '../../shared/errors.js';
import { type CatalogData, type Credential, type Kind } from '../../shared/domain.js';
import { PROVIDER_AUTH } from '../../shared/provider-auth.js';
import { PROVIDER_DESCRIPTORS, type ProviderId } from '../../shared/providers.js';
import { UNSAFE_TEXT } from '../../shared/rules.js';

export {
  allowsWritePermissions,
  checkKindProvider,
  checkWritePermissions,
  defaultEnvVar,
  defaultProvider,
  normalizeName,
  printable,
  providersForKind,
} from '../../shared/rules.js';

export function cleanList(items: readonly string[] | undefined, what: string): string[] {
  const out: string[] = [];
  for (const raw of items ?? []) {
    const item = raw.normalize('NFC').trim();
    if (!item) continue;
    if (UNSAFE_TEXT.test(item)) {
      throw new KeydeckError('INVALID_INPUT', `A ${what} contains control or text-direction characters.`);
    }
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

/** A base URL must be plain http(s): no credentials inside it, no fragment. */
export function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new KeydeckError('INVALID_URL', `"${raw.slice(0, 80)}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KeydeckError('INVALID_URL', `A base URL must use http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new KeydeckError('INVALID_URL', 'A base URL must not contain a user name or password.');
  }
  if (url.hash || raw.includes('#')) throw new KeydeckError('INVALID_URL', 'A base URL must not contain a #fragment.');
  return url.toString().replace(/\/$/, '');
}

/** Allowed origins are origins (`https://app.example.com`, optionally `https://*.example.com`). */
export function checkOrigins(items: readonly string[] | undefined): string[] {
  return cleanList(items, 'origin').map((o) => {
    const probe = o.replace('://*.', '://wildcard.');
    let url: URL;
    try {
      url = new URL(probe);
    } catch {
      throw new KeydeckError('INVALID_ORIGIN', `"${o.slice(0, 80)}" is not an origin like https://app.example.com.`);
    }
    if (
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      url.pathname !== '/' ||
      url.search ||
      url.hash ||
      url.username
    ) {
      throw new KeydeckError(
        'INVALID_ORIGIN',
        `"${o.slice(0, 80)}" is not an origin like https://app.example.com (no path).`,
      );
    }
    return o.replace(/\/$/, '').toLowerCase();
  });
}

export function checkExpiry(raw: string | undefined | null): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) {
    throw new KeydeckError('INVALID_INPUT', `"${raw.slice(0, 40)}" is not a date (use YYYY-MM-DD).`);
  }
  return d.toISOString();
}

const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * A secret that travels in an HTTP header must be visible ASCII: every HTTP client refuses anything
 * else (curl, fetch, the SDKs). Vertex AI key files are exempt: they are exchanged for a token, not sent.
 * The message gives the position, never the character.
 */
export function checkSendableSecret(provider: ProviderId, value: string): void {
  if (PROVIDER_AUTH[provider].token || HEADER_SAFE.test(value)) return;
  const at = [...value].findIndex((ch) => !HEADER_SAFE.test(ch));
  throw new KeydeckError(
    'INVALID_SECRET',
    `The key cannot be sent in an HTTP header: character ${at + 1} is not visible ASCII (a space, a control character, or a letter such as é or a typographic quote). HTTP clients refuse such a header; check the key was copied exactly. Nothing was saved.`,
  );
}

interface CatalogIndex {
  byId: Map<string, Credential>;
  byName: Map<string, Credential>;
}
/** A loaded catalog's index, or `1` once it has been searched once without one. */
const indexes = new WeakMap<readonly Credential[], CatalogIndex | 1>();

/**
 * Lookup maps over a catalog's credentials, built on the second lookup in a loaded catalog: a
 * one-shot command (`keydeck header NAME`) looks one name up, and a scan costs less than building two
 * maps over 10,000 credentials. Only for read-only catalogs: a draft being mutated is searched linearly.
 */
function indexOf(credentials: readonly Credential[]): CatalogIndex | undefined {
  const seen = indexes.get(credentials);
  if (seen === undefined) {
    indexes.set(credentials, 1);
    return undefined;
  }
  if (seen !== 1) return seen;
  const idx: CatalogIndex = { byId: new Map(), byName: new Map() };
  for (const c of credentials) {
    idx.byId.set(c.id, c);
    idx.byName.set(`${c.workspaceId}\u0000${c.name}`, c);
  }
  indexes.set(credentials, idx);
  return idx;
}

export function findByName(data: CatalogData, workspaceId: string, name: string): Credential | undefined {
  const n = name.normalize('NFC');
  return data.credentials.find((c) => c.workspaceId === workspaceId && c.name === n);
}

/** Indexed lookup by name or id in a workspace, for the read path (a catalog that is not a draft). */
export function lookup(data: CatalogData, workspaceId: string, nameOrId: string): Credential | undefined {
  const idx = indexOf(data.credentials);
  const name = nameOrId.normalize('NFC');
  if (!idx) {
    let byId: Credential | undefined;
    for (const c of data.credentials) {
      if (c.workspaceId !== workspaceId) continue;
      if (c.name === name) return c; // a name wins over an id, as with the index
      if (c.id === nameOrId) byId ??= c;
    }
    return byId;
  }
  const byName = idx.byName.get(`${workspaceId}\u0000${name}`);
  if (byName) return byName;
  const byId = idx.byId.get(nameOrId);
  return byId?.workspaceId === workspaceId ? byId : undefined;
}

export function assertUniqueName(data: CatalogData, workspaceId: string, name: string, exceptId?: string): void {
  const other = findByName(data, workspaceId, name);
  if (other && other.id !== exceptId) {
    throw new KeydeckError('DUPLICATE_NAME', `A credential named "${name}" already exists in this workspace.`);
  }
}

/**
 * The one BYOK rule: a workspace holds at most one BYOK key per provider. Returns the credential that
 * already holds the slot a `kind`/`provider` pair would take, if any.
 */
export function byokHolder(
  credentials: readonly Credential[],
  workspaceId: string,
  kind: Kind,
  provider: ProviderId,
  exceptId?: string,
): Credential | undefined {
  if (kind !== 'byok') return undefined;
  return credentials.find(
    (c) => c.workspaceId === workspaceId && c.kind === 'byok' && c.provider === provider && c.id !== exceptId,
  );
}

export function assertByokFree(
  data: CatalogData,
  workspaceId: string,
  kind: Kind,
  provider: ProviderId,
  exceptId?: string,
): void {
  const taken = byokHolder(data.credentials, workspaceId, kind, provider, exceptId);
  if (taken) {
    throw new KeydeckError(
      'BYOK_PROVIDER_TAKEN',
      `This workspace already has a BYOK key for ${PROVIDER_DESCRIPTORS[provider].displayName} ("${taken.name}"). Each workspace holds one key per provider: rotate that one instead.`,
    );
  }
}

export function assertPublicHasOrigin(audience: string, origins: readonly string[]): void {
  if (audience === 'public' && origins.length === 0) {
    throw new KeydeckError(
      'PUBLIC_KEY_NEEDS_ORIGIN',
      'A public (publishable) key must list at least one allowed origin, e.g. https://app.example.com.',
    );
  }
}
