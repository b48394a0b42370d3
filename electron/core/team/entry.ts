/**
 * A credential as a team file's entry and back. What travels: the secret of each version still in use
 * (active, and retiring during the overlap) and the metadata a teammate needs to use the key. What
 * stays on the machine: tags, note, validation results, retired versions.
 */
import { createHash } from 'node:crypto';
import { AUDIENCES, KINDS, WRITE_PERMISSIONS } from '../../../shared/constants.js';
import type { Credential, SecretVersion } from '../../../shared/domain.js';
import { KeydeckError } from '../../../shared/errors.js';
import { PROVIDERS, envVarFromName } from '../../../shared/provider-ids.js';
import { PROVIDER_DESCRIPTORS } from '../../../shared/providers.js';
import { displayPrefix, fingerprint } from '../display.js';
import type { TeamEntry } from './codec.js';

const EPOCH = '1970-01-01T00:00:00.000Z';

const list = (xs: readonly string[]) => xs.join(', ');
const unlist = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The versions a team file carries: the active one and those still retiring. */
export function sharedVersions(c: Credential): SecretVersion[] {
  return c.versions.filter((v) => v.status !== 'retired');
}

function active(c: Credential): SecretVersion {
  return c.versions.find((v) => v.status === 'active') ?? c.versions[c.versions.length - 1]!;
}

/** The metadata lines of a credential, in file order. */
export function metaFields(c: Credential): Map<string, string> {
  const a = active(c);
  const overlapEnd = c.versions.find((v) => v.status === 'retiring')?.retiringUntil;
  const f = new Map<string, string>([
    ['id', c.id],
    ['name', c.name],
    ['kind', c.kind],
    ['provider', c.provider],
    ['audience', c.audience],
    ['auth scheme', c.authScheme],
    ['env var', c.envVar],
    ['base url', c.baseUrl ?? ''],
    ['scopes', list(c.scopes)],
    ['write permissions', list(c.writePermissions)],
    ['allowed origins', list(c.allowedOrigins)],
    ['allowed assistants', list(c.allowedAssistants)],
    ['version', String(a.version)],
    ['created at', c.createdAt],
    ['updated at', c.updatedAt],
    ['rotated at', c.rotatedAt ?? ''],
    ['expires at', c.expiresAt ?? ''],
    ['overlap end', overlapEnd ?? ''],
  ]);
  return f;
}

/** The entry of a credential, given its versions' secrets. */
export function toEntry(c: Credential, secretOf: (version: number) => string): TeamEntry {
  const a = active(c);
  return {
    secret: secretOf(a.version),
    fields: metaFields(c),
    retiring: sharedVersions(c)
      .filter((v) => v.status === 'retiring')
      .map((v) => ({ version: v.version, secret: secretOf(v.version), until: v.retiringUntil ?? EPOCH })),
  };
}

/**
 * What the team holds of a credential, without its secrets (fingerprints stand for them): two machines
 * whose signatures match hold the same shared credential. Cheap: no keychain read.
 */
export function signature(c: Credential): string {
  const meta = [...metaFields(c)].map(([k, v]) => `${k}=${v}`).join('\n');
  const vs = sharedVersions(c)
    .map((v) => `${v.version}:${v.status}:${v.fingerprint}:${v.retiringUntil ?? ''}`)
    .join(',');
  return createHash('sha256')
    .update(meta + '\n' + vs)
    .digest('hex')
    .slice(0, 32);
}

function oneOf<T extends string>(
  v: string | undefined,
  all: readonly T[],
  fallback: T,
  what: string,
  shown: string,
): T {
  if (v === undefined || v === '') return fallback;
  if (!(all as readonly string[]).includes(v)) {
    throw new KeydeckError('TEAM_FILE_DAMAGED', `${shown}: unknown ${what} "${v.slice(0, 40)}".`);
  }
  return v as T;
}

/**
 * The credential an entry describes, in a local workspace, with each version's secret. A file written
 * by hand (`age -r … -o ws/name.age`, a secret and no metadata) becomes a `custom` bearer key whose id
 * derives from its path, so every machine gives it the same id.
 */
export function fromEntry(
  e: TeamEntry,
  at: { workspaceId: string; name: string; path: string },
  existing?: Credential,
): { credential: Credential; secrets: { version: number; secret: string }[] } {
  const f = e.fields;
  const shown = at.path;
  const provider = oneOf(f.get('provider'), PROVIDERS, 'custom', 'provider', shown);
  const d = PROVIDER_DESCRIPTORS[provider];
  const kind = oneOf(f.get('kind'), KINDS, provider === 'custom' ? 'standard' : 'byok', 'kind', shown);
  const id = f.get('id') || 'team-' + createHash('sha256').update(at.path).digest('hex').slice(0, 32);
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new KeydeckError('TEAM_FILE_DAMAGED', `${shown}: the id is not valid.`);
  const version = Number(f.get('version') || Math.max(0, ...e.retiring.map((r) => r.version)) + 1);
  if (!Number.isInteger(version) || version < 1) {
    throw new KeydeckError('TEAM_FILE_DAMAGED', `${shown}: the version is not a positive number.`);
  }
  const updatedAt = f.get('updated at') || EPOCH;
  const createdAt = f.get('created at') || updatedAt;
  const rotatedAt = f.get('rotated at') || undefined;
  const v = (n: number, secret: string) => ({
    version: n,
    displayPrefix: displayPrefix(secret),
    fingerprint: fingerprint(secret),
  });
  const versions: SecretVersion[] = [
    ...e.retiring
      .filter((r) => r.version < version)
      .sort((a, b) => a.version - b.version)
      .map((r) => ({ ...v(r.version, r.secret), status: 'retiring' as const, createdAt, retiringUntil: r.until })),
    { ...v(version, e.secret), status: 'active' as const, createdAt: rotatedAt ?? createdAt },
  ];
  const credential: Credential = {
    tags: existing?.tags ?? [],
    note: existing?.note ?? '',
    id,
    name: at.name,
    workspaceId: at.workspaceId,
    kind,
    audience: oneOf(f.get('audience'), AUDIENCES, 'secret', 'audience', shown),
    provider,
    authScheme: f.get('auth scheme') || d.authScheme,
    envVar: f.get('env var') || (provider === 'custom' ? envVarFromName(at.name) : d.envVar),
    ...(f.get('base url') ? { baseUrl: f.get('base url') } : {}),
    scopes: unlist(f.get('scopes')),
    writePermissions: unlist(f.get('write permissions')).map((p) =>
      oneOf(p, WRITE_PERMISSIONS, WRITE_PERMISSIONS[0], 'write permission', shown),
    ),
    allowedOrigins: unlist(f.get('allowed origins')),
    allowedAssistants: unlist(f.get('allowed assistants')),
    createdAt,
    updatedAt,
    ...(rotatedAt ? { rotatedAt } : {}),
    ...(f.get('expires at') ? { expiresAt: f.get('expires at') } : {}),
    displayPrefix: displayPrefix(e.secret),
    fingerprint: fingerprint(e.secret),
    versions,
    state: 'ok',
  };
  const secrets = [
    ...e.retiring.filter((r) => r.version < version).map((r) => ({ version: r.version, secret: r.secret })),
    { version, secret: e.secret },
  ];
  return { credential, secrets };
}
