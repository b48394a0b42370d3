/**
 * Trusted files (issue 16 §5): a `.keydeck` project file or an env file with references acts only after
 * the user allowed that exact content at that real path, as direnv does for `.envrc`. The record (path,
 * SHA-256 of the content, what it asks for, when) lives in the catalog and is written only here, under
 * the catalog lock. A file that is new, or changed by one byte, is refused with a message that shows
 * what it asks for and the command that allows it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import type { CatalogData, TrustedFile } from '../../../shared/domain.js';
import type { TrustKind } from '../../../shared/constants.js';
import { printable } from '../../../shared/rules.js';
import type { Catalog } from '../catalog.js';
import { findCredential } from '../credentials/query.js';
import { resolveWorkspace } from '../workspaces.js';
import { PROJECT_FILE, parseProjectFile } from '../exec/project-file.js';
import { referencesIn } from './describe.js';

/** What a file asks for: its exact text, its kind, the workspace it names (if any) and the names. */
export interface TrustRequest {
  text: string;
  kind: TrustKind;
  /** The workspace the file declares; a project file without one gets the active workspace when allowed. */
  workspace?: string;
  /** Credential names (a project file) or references (an env file). */
  credentials: string[];
}

/** A file's standing: allowed as it is, never allowed, or allowed once and changed since. */
export interface TrustState {
  path: string;
  state: 'allowed' | 'not-allowed' | 'changed';
  /** What the file asks for now (the workspace filled in as `allow` would record it). */
  asks: { kind: TrustKind; workspace?: string; credentials: string[] };
  record?: TrustedFile;
}

/** Most names a message lists before "and N more". */
const LIST_AT_MOST = 12;
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A path as a shell word, for the command a message tells the user to run. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The kind a file is by its name: `.keydeck` is a project file, anything else an env file. */
export function trustKindOf(file: string): TrustKind {
  return path.basename(file) === PROJECT_FILE ? 'project' : 'env-file';
}

/** "workspace "W": A, B, C" in words a person reads; names from a file are made printable. */
export function describeAsks(asks: { kind: TrustKind; workspace?: string; credentials: string[] }): string {
  const shown = asks.credentials.slice(0, LIST_AT_MOST).map((n) => printable(n));
  const more = asks.credentials.length - shown.length;
  const names = shown.length ? shown.join(', ') + (more > 0 ? ` and ${more} more` : '') : 'nothing';
  if (asks.kind === 'env-file') {
    return `${asks.credentials.length === 1 ? '1 reference' : `${asks.credentials.length} references`}: ${names}`;
  }
  const ws = asks.workspace !== undefined ? `workspace "${printable(asks.workspace)}"` : 'the active workspace';
  return `${ws}: ${names}`;
}

export class TrustService {
  constructor(
    private readonly catalog: Catalog,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Returns the record when this exact content at this real path is allowed; otherwise throws
   * NOT_ALLOWED or CHANGED_SINCE_ALLOWED, with what the file asks for and `keydeck allow PATH`.
   * A project file without a workspace resolves in the record's workspace (the active one when allowed).
   */
  require(file: string, req: TrustRequest): TrustedFile {
    const real = realPath(file);
    const record = this.recordOf(this.catalog.read(), real);
    const digest = sha256(req.text);
    if (record && record.sha256 === digest) return record;
    const asks = {
      kind: req.kind,
      credentials: req.credentials,
      ...(req.workspace ? { workspace: req.workspace } : {}),
    };
    const allow = `keydeck allow ${shellWord(real)}`;
    if (record) {
      throw new KeydeckError(
        'CHANGED_SINCE_ALLOWED',
        `${printable(real)} changed since you allowed it (${record.allowedAt}); nothing from it was used. It now asks for ${describeAsks(asks)}. Review it, and if you trust it, run: ${allow}`,
      );
    }
    throw new KeydeckError(
      'NOT_ALLOWED',
      `${printable(real)} is not allowed; nothing from it was used. It asks for ${describeAsks(asks)}. If you trust it, run: ${allow}`,
    );
  }

  /** What a file on disk asks for, read and parsed (the request `allow` records when given none). */
  describe(file: string): { path: string } & TrustRequest {
    const real = realPath(file);
    const text = readLimited(real);
    const kind = trustKindOf(real);
    if (kind === 'project') {
      const config = parseProjectFile(text, real);
      return {
        path: real,
        text,
        kind,
        credentials: config.credentials,
        ...(config.workspace ? { workspace: config.workspace } : {}),
      };
    }
    return { path: real, text, kind, credentials: referencesIn(text) };
  }

  /** The file's standing now: allowed, not allowed, or changed since allowed. */
  check(file: string): TrustState {
    const d = this.describe(file);
    const data = this.catalog.read();
    const record = this.recordOf(data, d.path);
    const workspace = d.kind === 'project' ? (d.workspace ?? resolveWorkspace(data).name) : d.workspace;
    return {
      path: d.path,
      state: !record ? 'not-allowed' : record.sha256 === sha256(d.text) ? 'allowed' : 'changed',
      asks: { kind: d.kind, credentials: d.credentials, ...(workspace !== undefined ? { workspace } : {}) },
      ...(record ? { record } : {}),
    };
  }

  /**
   * Allows the file's current content (re-allowing replaces the record). A project file may only name
   * credentials of its workspace (the declared one, else the active one, which is then recorded): a
   * name that is not there is refused, and where it does live is said.
   */
  async allow(file: string, req?: TrustRequest): Promise<TrustedFile> {
    if (isSymlink(file) && trustKindOf(file) === 'project') {
      throw new KeydeckError(
        'PROJECT_FILE_SYMLINK',
        `${printable(file)} is a symbolic link. Keydeck does not allow a linked project file; replace the link with the file itself.`,
      );
    }
    const d = req ? { path: realPath(file), ...req } : this.describe(file);
    return this.catalog.mutate((data) => {
      let workspace = d.workspace;
      if (d.kind === 'project') {
        const ws = resolveWorkspace(data, d.workspace);
        workspace = ws.name;
        checkNamesIn(data, ws.name, d.credentials, this.now());
      }
      const record: TrustedFile = {
        path: d.path,
        kind: d.kind,
        sha256: sha256(d.text),
        ...(workspace !== undefined ? { workspace } : {}),
        credentials: d.credentials,
        allowedAt: new Date(this.now()).toISOString(),
      };
      data.trusted = [...(data.trusted ?? []).filter((t) => t.path !== d.path), record];
      return record;
    });
  }

  /** Forgets the file's allow; true if there was one. A file that is gone can still be denied by path. */
  async deny(file: string): Promise<boolean> {
    const real = realPath(file, true);
    return this.catalog.mutate((data) => {
      const before = data.trusted ?? [];
      const after = before.filter((t) => t.path !== real);
      if (after.length === before.length) return false;
      data.trusted = after;
      return true;
    });
  }

  /** Every allowed file, oldest first. */
  list(): TrustedFile[] {
    return [...(this.catalog.read().trusted ?? [])];
  }

  private recordOf(data: CatalogData, real: string): TrustedFile | undefined {
    return data.trusted?.find((t) => t.path === real);
  }
}

/** Refuses names that are not credentials of `workspace`, naming where each one does live. */
function checkNamesIn(data: CatalogData, workspace: string, names: string[], now: number): void {
  const missing: string[] = [];
  for (const name of names) {
    try {
      findCredential(data, name, workspace, now);
    } catch (err) {
      if ((err as KeydeckError).code !== 'CREDENTIAL_NOT_FOUND') throw err;
      const n = name.normalize('NFC').trim();
      const elsewhere = data.credentials.find((c) => c.name === n);
      const where = elsewhere ? data.workspaces.find((w) => w.id === elsewhere.workspaceId)?.name : undefined;
      missing.push(`${printable(name)}${where ? ` (in workspace "${printable(where)}")` : ''}`);
    }
  }
  if (missing.length) {
    throw new KeydeckError(
      'CREDENTIAL_NOT_FOUND',
      `The project file may only name credentials of workspace "${printable(workspace)}"; not there: ${missing.join(', ')}. Nothing was allowed.`,
    );
  }
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The file's real path (symlinks in its folders resolved); with `gone`, a missing file's absolute path. */
function realPath(file: string, gone = false): string {
  try {
    return fs.realpathSync(file);
  } catch (err) {
    if (gone) {
      const abs = path.resolve(file);
      try {
        return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
      } catch {
        return abs;
      }
    }
    throw new KeydeckError(
      'PATH_NOT_FOUND',
      `Could not read ${printable(file)} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
}

function readLimited(file: string): string {
  const st = fs.statSync(file);
  if (!st.isFile()) throw new KeydeckError('INVALID_INPUT', `${printable(file)} is not a file.`);
  if (st.size > MAX_FILE_BYTES) throw new KeydeckError('INVALID_INPUT', `${printable(file)} is larger than 16 MB.`);
  return fs.readFileSync(file, 'utf8');
}
