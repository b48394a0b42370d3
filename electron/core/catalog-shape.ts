/**
 * The catalog's cheap structural check, for the read path: every field the code relies on has its JSON
 * type, and every closed list (kind, provider, status…) holds one of its values. No zod: `keydeck header`
 * must not load the schemas. It is strictly weaker than the full schema (`catalogSchema` in
 * shared/domain.ts, the one home of the rules), which still judges every file Keydeck did not check
 * before (see catalog-file.ts); lengths, date formats and patterns are left to it.
 */
import {
  AUDIENCES,
  KINDS,
  TRUST_KINDS,
  VALIDATION_STATUSES,
  VERSION_STATUSES,
  WRITE_PERMISSIONS,
} from '../../shared/constants.js';
import type { CatalogData } from '../../shared/domain.js';
import { PROVIDERS } from '../../shared/provider-ids.js';

type Obj = Record<string, unknown>;
/** A field's check: true when the value fits. */
type Check = (v: unknown) => boolean;

const str: Check = (v) => typeof v === 'string';
const num: Check = (v) => typeof v === 'number';
const bool: Check = (v) => typeof v === 'boolean';
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf =
  (list: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && list.includes(v);
const arrayOf =
  (item: Check, min = 0): Check =>
  (v) =>
    Array.isArray(v) && v.length >= min && v.every(item);
const strings = arrayOf(str);

/** An object with `req` fields present and `opt` fields absent or fitting. */
function shape(req: Record<string, Check>, opt: Record<string, Check> = {}): Check {
  const reqEntries = Object.entries(req);
  const optEntries = Object.entries(opt);
  return (v) => {
    if (!isObj(v)) return false;
    for (const [k, check] of reqEntries) if (!check(v[k])) return false;
    for (const [k, check] of optEntries) if (v[k] !== undefined && !check(v[k])) return false;
    return true;
  };
}

const workspace = shape({ id: str, name: str, createdAt: str });
const version = shape(
  { version: num, status: oneOf(VERSION_STATUSES), createdAt: str, displayPrefix: str, fingerprint: str },
  { retiringUntil: str, retiredAt: str },
);
const credential = shape(
  {
    id: str,
    name: str,
    workspaceId: str,
    kind: oneOf(KINDS),
    audience: oneOf(AUDIENCES),
    provider: oneOf(PROVIDERS),
    authScheme: str,
    envVar: str,
    scopes: strings,
    writePermissions: arrayOf(oneOf(WRITE_PERMISSIONS)),
    allowedOrigins: strings,
    allowedAssistants: strings,
    tags: strings,
    note: str,
    createdAt: str,
    updatedAt: str,
    displayPrefix: str,
    fingerprint: str,
    versions: arrayOf(version, 1),
    state: oneOf(['ok', 'missing-secret']),
  },
  {
    baseUrl: str,
    rotatedAt: str,
    expiresAt: str,
    validation: shape({ status: oneOf(VALIDATION_STATUSES), checkedAt: str }, { httpStatus: num, detail: str }),
    routerCheck: shape(
      { credentialType: oneOf(['byok', 'system', 'failed']), checkedAt: str },
      { model: str, detail: str, httpStatus: num, callStatus: oneOf(VALIDATION_STATUSES) },
    ),
    leak: shape({ commit: str, file: str, foundAt: str }),
  },
);
const tombstone = shape({ credentialId: str, accounts: strings, deletedAt: str });
const settings = shape(
  {
    clipboardClearSeconds: num,
    rotationPolicyDays: num,
    rotationOverlapHours: num,
    validateOnSave: bool,
    validationTimeoutSeconds: num,
  },
  { globalBaseUrl: str },
);
const signingKey = shape(
  {
    kid: str,
    workspaceId: str,
    alg: oneOf(['HS256', 'ES256', 'EdDSA']),
    createdAt: str,
    source: oneOf(['generated', 'credential']),
  },
  { credentialId: str, publicJwk: isObj },
);
const revocation = shape({ jti: str, workspaceId: str, revokedAt: str }, { credentialId: str, reason: str });

const trusted = shape(
  { path: str, kind: oneOf(TRUST_KINDS), sha256: str, credentials: strings, allowedAt: str },
  { workspace: str },
);

const recordOf =
  (item: Check): Check =>
  (v) =>
    isObj(v) && Object.values(v).every(item);
const teamLink = shape(
  {
    workspaceId: str,
    store: str,
    folder: str,
    head: str,
    shared: recordOf(shape({ path: str, blob: str, sig: str })),
    exposed: recordOf(shape({ version: num, member: str, at: str })),
  },
  { branch: str, remote: bool },
);

const TOP: [keyof CatalogData, Check][] = [
  ['format', num],
  ['activeWorkspaceId', str],
  ['settings', settings],
  ['workspaces', arrayOf(workspace)],
  ['tombstones', arrayOf(tombstone)],
  ['signingKeys', arrayOf(signingKey)],
  ['revocations', arrayOf(revocation)],
];

/**
 * The catalog as parsed JSON, when its structure fits (the schema's defaults applied: `signingKeys`
 * and `revocations` may be absent); otherwise where it first does not, as a dotted path.
 */
export function catalogShape(raw: unknown): { data: CatalogData } | { at: string } {
  if (!isObj(raw)) return { at: 'top level' };
  raw.signingKeys ??= [];
  raw.revocations ??= [];
  for (const [key, check] of TOP) if (!check(raw[key])) return { at: key };
  if (raw.trusted !== undefined && !arrayOf(trusted)(raw.trusted)) return { at: 'trusted' };
  if (raw.teamLinks !== undefined && !arrayOf(teamLink)(raw.teamLinks)) return { at: 'teamLinks' };
  const creds = raw.credentials;
  if (!Array.isArray(creds)) return { at: 'credentials' };
  for (let i = 0; i < creds.length; i++) if (!credential(creds[i])) return { at: `credentials.${i}` };
  return { data: raw as CatalogData };
}
