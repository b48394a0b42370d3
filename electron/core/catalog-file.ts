import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';
import { CATALOG_FORMAT, DEFAULT_SETTINGS, catalogSchema, type CatalogData } from '../../shared/domain.js';
import { CATALOG_NAME } from './paths.js';

/**
 * The catalog file's one definition: where it lives in the Keydeck home, its mode and its JSON, the
 * same file and the same bytes that electron-store/conf (`configName: 'catalog'`, tab-indented JSON,
 * mode 0600) read and wrote, so a catalog written by an older Keydeck opens and vice versa.
 */
export const CATALOG_FILE = {
  name: `${CATALOG_NAME}.json`,
  mode: 0o600,
  dirMode: 0o700,
} as const;

export function catalogPath(dir: string): string {
  return path.join(dir, CATALOG_FILE.name);
}

export function serializeCatalog(data: CatalogData): string {
  return JSON.stringify(data, undefined, '\t');
}

export function emptyCatalog(now = new Date()): CatalogData {
  const id = randomUUID();
  return {
    format: CATALOG_FORMAT,
    activeWorkspaceId: id,
    workspaces: [{ id, name: 'Personal', createdAt: now.toISOString() }],
    credentials: [],
    tombstones: [],
    settings: { ...DEFAULT_SETTINGS },
    signingKeys: [],
    revocations: [],
  };
}

/** A catalog file that is unreadable or invalid: it is moved aside and rebuilt. */
export class CorruptCatalog extends Error {}

/**
 * Parses and validates the file's bytes (the only full validation: a catalog read from disk). A newer
 * format is refused untouched; anything else that does not parse or validate is CorruptCatalog.
 */
export function parseCatalog(bytes: Buffer, file: string): CatalogData {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new CorruptCatalog((err as Error).message);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new CorruptCatalog('not a JSON object');
  const format = (raw as { format?: unknown }).format;
  if (typeof format === 'number' && format > CATALOG_FORMAT) {
    throw new KeydeckError(
      'CATALOG_NEWER_FORMAT',
      `The catalog at ${file} was written by a newer Keydeck (format ${format}). Update Keydeck; the file was left untouched.`,
    );
  }
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new CorruptCatalog(`invalid at ${first?.path.join('.') || 'top level'}: ${first?.message ?? ''}`);
  }
  return parsed.data;
}

/**
 * A file's identity. The catalog keeps the file it last read or wrote open, so that inode cannot be
 * freed and reused by another file: the same inode, size and times mean the very bytes we hold.
 */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

function identity(st: fs.Stats): FileIdentity {
  return { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
}

export function identityOf(file: string): FileIdentity | undefined {
  try {
    return identity(fs.statSync(file));
  } catch {
    return undefined;
  }
}

export function identityOfFd(fd: number): FileIdentity {
  return identity(fs.fstatSync(fd));
}

export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return (
    !!a &&
    !!b &&
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs
  );
}

/**
 * A draft for one mutation: new top-level arrays and settings over the same entries, so a reader that
 * holds the previous snapshot never sees entries appear or vanish under its loop. Entries themselves
 * are edited in place (no deep copy); a failed mutation drops the cached snapshot instead.
 */
export function draftOf(data: CatalogData): CatalogData {
  return {
    ...data,
    workspaces: [...data.workspaces],
    credentials: [...data.credentials],
    tombstones: [...data.tombstones],
    settings: { ...data.settings },
    signingKeys: [...data.signingKeys],
    revocations: [...data.revocations],
  };
}
