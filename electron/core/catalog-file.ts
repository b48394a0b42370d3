import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';
import { CATALOG_FORMAT, DEFAULT_SETTINGS } from '../../shared/constants.js';
import type { CatalogData } from '../../shared/domain.js';
import { catalogShape } from './catalog-shape.js';
import type { checkCatalog } from './catalog-schema.js';
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

/** Where each credential's row lies in a serialized catalog: UTF-8 byte offsets, end exclusive. */
export interface CatalogLayout {
  /** The credentials array, from its `[` to just after its `]`. */
  credentials: [number, number];
  rows: { id: string; name: string; start: number; end: number }[];
}

/** Stands for the credentials array while the rest is serialized (a NUL never appears raw in JSON text). */
const ROWS_MARK = '\u0000keydeck-credentials\u0000';

/**
 * The same text as `serializeCatalog` (byte for byte: a test checks it), with the byte range of every
 * credential's row, so a reader can later read one row without parsing the whole file (catalog-index.ts).
 * Undefined for an object whose credentials are not a list (a file Keydeck did not write).
 */
export function layOutCatalog(data: CatalogData): { text: string; layout: CatalogLayout } | undefined {
  const creds: unknown = data.credentials;
  if (!Array.isArray(creds)) return undefined;
  const outer = JSON.stringify({ ...data, credentials: ROWS_MARK }, undefined, '\t');
  // The mark as a depth-1 value: a raw newline and tab before it occur only between values, never inside a string.
  const needle = `\n\t"credentials": ${JSON.stringify(ROWS_MARK)}`;
  const at = outer.indexOf(needle);
  if (at < 0) return undefined;
  const before = outer.slice(0, at + needle.length - JSON.stringify(ROWS_MARK).length);
  const after = outer.slice(at + needle.length);
  const start = Buffer.byteLength(before);
  const rows: CatalogLayout['rows'] = [];
  const parts: string[] = [];
  let pos = start + (creds.length ? 4 : 1); // `[\n\t\t` before the first row, or the `[` of `[]`
  for (const c of creds as CatalogData['credentials']) {
    // A row at depth 2: JSON.stringify's own indentation, each line moved two tabs in.
    const text = JSON.stringify(c, undefined, '\t').replaceAll('\n', '\n\t\t');
    const len = Buffer.byteLength(text);
    rows.push({ id: c.id, name: c.name, start: pos, end: pos + len });
    parts.push(text);
    pos += len + 4; // `,\n\t\t` between rows
  }
  const array = creds.length ? `[\n\t\t${parts.join(',\n\t\t')}\n\t]` : '[]';
  return {
    text: before + array + after,
    layout: { credentials: [start, start + Buffer.byteLength(array)], rows },
  };
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

let fullCheck: typeof checkCatalog | undefined;

/** Loads the full check (the zod schema) once per process; reading commands on a checked file never need it. */
export async function loadFullCheck(): Promise<void> {
  fullCheck ??= (await import('./catalog-schema.js')).checkCatalog;
}

export function fullCheckLoaded(): boolean {
  return fullCheck !== undefined;
}

/**
 * A parsed catalog and how far it was checked: `full` when it passed the full schema, now or (per the
 * stamp) when these very bytes were read or written before; otherwise only the structural check.
 */
export interface ParsedCatalog {
  data: CatalogData;
  full: boolean;
  /** `data` is the file's JSON as is (the schema stripped or changed nothing): only then may it be stamped. */
  exact: boolean;
}

/**
 * Parses and checks the file's bytes. A newer format is refused untouched; anything else that does not
 * parse or check is CorruptCatalog. `stamped` bytes (checked before, see `isStamped`) get only the cheap
 * structural check; others get the full schema when it is loaded, else the structural check alone
 * (`full: false`: a writer checks them fully under the lock before building on them).
 */
export function parseCatalog(bytes: Buffer, file: string, stamped = false): ParsedCatalog {
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
  if (fullCheck && !stamped) {
    const checked = fullCheck(raw);
    if ('at' in checked) throw new CorruptCatalog(`invalid at ${checked.at}: ${checked.why}`);
    return { data: checked.data, full: true, exact: sameJson(raw, checked.data) };
  }
  const shaped = catalogShape(raw);
  if ('at' in shaped) throw new CorruptCatalog(`invalid at ${shaped.at}: not the expected structure`);
  return { data: shaped.data, full: stamped, exact: true };
}

/**
 * True when the schema's output is the file's JSON (nothing stripped or changed; a missing list the
 * schema defaults to empty is fine), so a stamped read, which skips the schema, yields what it would.
 */
function sameJson(raw: unknown, out: unknown): boolean {
  if (raw === out) return true;
  if (typeof raw !== 'object' || typeof out !== 'object' || raw === null || out === null) return false;
  if (Array.isArray(raw) !== Array.isArray(out)) return false;
  const r = raw as Record<string, unknown>;
  const o = out as Record<string, unknown>;
  const rk = Object.keys(r);
  for (const k of rk) if (!(k in o) || !sameJson(r[k], o[k])) return false;
  for (const k of Object.keys(o)) {
    if (!(k in r) && !(Array.isArray(o[k]) && (o[k] as unknown[]).length === 0)) return false;
  }
  return true;
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

/**
 * The stamp: the identities of catalog files that passed the full schema (or that Keydeck wrote), kept
 * beside the catalog, so the next process reads them with the structural check alone. A file changed
 * by anything else has another identity (its ctime at least) and is checked in full again. A lost or
 * damaged stamp costs one full check, nothing else.
 */
export function stampPath(file: string): string {
  return `${file}.checked`;
}

const STAMP_KEEP = 4;

function readStamp(file: string): FileIdentity[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(stampPath(file), 'utf8')) as { checked?: unknown };
    return Array.isArray(parsed.checked) ? (parsed.checked as FileIdentity[]) : [];
  } catch {
    return [];
  }
}

/** Whether the file with identity `id` passed the full check before. */
export function isStamped(file: string, id: FileIdentity | undefined): boolean {
  return !!id && readStamp(file).some((s) => sameIdentity(s, id));
}

/** Records that the file with identity `id` passed the full check (best effort: a temp file, then a rename). */
export function stamp(file: string, id: FileIdentity): void {
  const target = stampPath(file);
  const kept = readStamp(file).filter((s) => !sameIdentity(s, id));
  writeSidecar(target, JSON.stringify({ checked: [id, ...kept].slice(0, STAMP_KEEP) }));
}

/**
 * Writes a derived file beside the catalog (the stamp, the read index), best effort: a temp file, then a
 * rename. These are caches a reader checks before trusting; a failed write only costs a full read later.
 */
export function writeSidecar(target: string, text: string): void {
  const tmp = `${target}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    fs.writeFileSync(tmp, text, { mode: CATALOG_FILE.mode, flag: 'wx' });
    fs.renameSync(tmp, target);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
