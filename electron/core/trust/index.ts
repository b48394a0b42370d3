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
import { describeAsks } from '../../../shared/trust.js';
import type { Catalog } from '../catalog.js';
import { findCredential } from '../credentials/query.js';
import { resolveWorkspace } from '../workspaces.js';
import { PROJECT_FILE, findProjectFile, parseProjectFile, projectFileText } from '../exec/project-file.js';
import { saveProjectFile, type SaveProjectFile } from '../exec/project-file-save.js';
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
  /** SHA-256 of the content now: the app allows what it showed, not what the file became since. */
  sha256: string;
  /** What the file asks for now (the workspace filled in as `allow` would record it). */
  asks: { kind: TrustKind; workspace?: string; credentials: string[] };
  record?: TrustedFile;
}

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
    refuseLinkedProjectFile(file);
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

  /**
   * The file `keydeck allow` means when given no path: the `.keydeck` found from `dir` (up to the
   * repository root), else a `.env` in `dir` itself; undefined when there is neither.
   */
  locate(dir: string): string | undefined {
    const found = findProjectFile(dir);
    if (found) return found.path;
    const env = path.join(dir, '.env');
    return fs.existsSync(env) ? env : undefined;
  }

  /** The file's standing now (`d`: a description already read, so what is shown is what gets allowed). */
  check(file: string, d: { path: string } & TrustRequest = this.describe(file)): TrustState {
    const data = this.catalog.read();
    const record = this.recordOf(data, d.path);
    const workspace = d.kind === 'project' ? (d.workspace ?? resolveWorkspace(data).name) : d.workspace;
    const digest = sha256(d.text);
    return {
      path: d.path,
      state: !record ? 'not-allowed' : record.sha256 === digest ? 'allowed' : 'changed',
      sha256: digest,
      asks: { kind: d.kind, credentials: d.credentials, ...(workspace !== undefined ? { workspace } : {}) },
      ...(record ? { record } : {}),
    };
  }

  /**
   * Allows the file's current content (re-allowing replaces the record). A project file may only name
   * credentials of its workspace (the declared one, else the active one, which is then recorded): a
   * name that is not there is refused, and where it does live is said. `expectSha256`: the content the
   * user was shown; a file changed since is refused.
   */
  async allow(file: string, req?: TrustRequest, opts: { expectSha256?: string } = {}): Promise<TrustedFile> {
    refuseLinkedProjectFile(file);
    const d = req ? { path: realPath(file), ...req } : this.describe(file);
    if (opts.expectSha256 !== undefined && sha256(d.text) !== opts.expectSha256) {
      throw new KeydeckError(
        'CHANGED_SINCE_SHOWN',
        `${printable(d.path)} changed after it was shown to you; nothing was allowed. Look at it again.`,
      );
    }
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

  /**
   * The app's "Save to project folder": the user wrote this file themselves, so it is allowed as
   * written (the record holds the text Keydeck wrote, so an edit made afterwards still needs an allow).
   */
  async saveProjectFile(req: SaveProjectFile): Promise<ReturnType<typeof saveProjectFile> & { allowed: TrustedFile }> {
    const saved = saveProjectFile(req);
    const allowed = await this.allow(saved.path, {
      text: projectFileText(req.names, req.workspace),
      kind: 'project',
      workspace: req.workspace,
      credentials: req.names,
    });
    return { ...saved, allowed };
  }

  /**
   * The standing of the `.keydeck` in a folder (for the app's Projects screen): none, or its state and
   * what it asks for. A symlinked or malformed one is reported as an error, not followed.
   */
  folderState(folder: string): TrustState | undefined {
    const file = path.join(folder, PROJECT_FILE);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch {
      return undefined;
    }
    if (st.isSymbolicLink()) {
      throw new KeydeckError(
        'PROJECT_FILE_SYMLINK',
        `${printable(file)} is a symbolic link. Keydeck does not follow a linked project file; replace the link with the file itself.`,
      );
    }
    if (!st.isFile()) return undefined;
    return this.check(file);
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

/** A `.keydeck` that is a symbolic link is never read, shown as allowable, or allowed. */
function refuseLinkedProjectFile(file: string): void {
  if (trustKindOf(file) !== 'project') return;
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return;
  }
  if (st.isSymbolicLink()) {
    throw new KeydeckError(
      'PROJECT_FILE_SYMLINK',
      `${printable(file)} is a symbolic link. Keydeck does not use or allow a linked project file; replace the link with the file itself.`,
    );
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
