import { KeydeckError } from '../../../shared/errors.js';
import { echoable, quoteArg } from '../../../shared/echo.js';
import type { CatalogData, Credential, ListQuery } from '../../../shared/domain.js';
import { lookup } from '../rules.js';
import { effectiveVersions } from '../versions.js';
import { resolveWorkspace } from '../workspaces.js';

function matches(c: Credential, q: ListQuery, text: string | undefined): boolean {
  if (q.kind && c.kind !== q.kind) return false;
  if (q.provider && c.provider !== q.provider) return false;
  if (q.audience && c.audience !== q.audience) return false;
  if (q.tag && !c.tags.includes(q.tag)) return false;
  if (!text) return true;
  if (c.name.toLowerCase().includes(text)) return true;
  if (c.provider.includes(text) || c.kind === text || c.envVar.toLowerCase().includes(text)) return true;
  if (c.displayPrefix.toLowerCase().includes(text) || c.fingerprint.includes(text)) return true;
  if (c.versions.some((v) => v.fingerprint.includes(text) || v.displayPrefix.toLowerCase().includes(text))) return true;
  return c.tags.some((t) => t.toLowerCase().includes(text));
}

/** Keydeck's credential ids (random UUIDs), which the app passes instead of names. */
const ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The credentials of a workspace (or all) that match a query. Metadata only: never the keychain. */
export function listCredentials(data: CatalogData, q: ListQuery): Credential[] {
  const wsId = q.allWorkspaces ? undefined : resolveWorkspace(data, q.workspace).id;
  const text = q.text?.normalize('NFC').trim().toLowerCase() || undefined;
  const out: Credential[] = [];
  for (const c of data.credentials) {
    if (wsId && c.workspaceId !== wsId) continue;
    if (matches(c, q, text)) out.push(c);
  }
  return out;
}

/**
 * A credential by name (NFC) or id within a workspace, with overlaps that ended shown as retired. The
 * error never repeats an argument that looks like a secret.
 */
export function findCredential(
  data: CatalogData,
  nameOrId: string,
  workspace: string | undefined,
  now: number,
): Credential {
  const ws = resolveWorkspace(data, workspace);
  const found = lookup(data, ws.id, nameOrId);
  if (!found) {
    throw new KeydeckError(
      'CREDENTIAL_NOT_FOUND',
      // An id first: whether a random UUID also passes as echoable varies from one id to the next.
      ID_SHAPE.test(nameOrId)
        ? `No credential with that id in workspace "${ws.name}": it may have been deleted.`
        : echoable(nameOrId)
          ? `No credential named ${quoteArg(nameOrId)} in workspace "${ws.name}".`
          : `No credential by that name in workspace "${ws.name}" (the argument is not repeated: it looks like a secret; secrets are never given as arguments).`,
    );
  }
  return { ...found, versions: effectiveVersions(found.versions, now) };
}
