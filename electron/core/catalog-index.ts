/**
 * The catalog's read index: a cache beside catalog.json, never a second source of truth. It names the
 * catalog file it describes (its identity, as the stamp does) and, for each credential, its id, its name
 * and the byte range of its row in that file. `keydeck header NAME` at 10,000 credentials then reads the
 * index, the few hundred bytes of the row it wants and the small rest of the file (workspaces,
 * settings…), instead of parsing 8 MB. The rows and the rest come from catalog.json itself; the index only
 * says where they are.
 *
 * It is written by the catalog's commit (under the lock, after the stamp) and by a reader that checked a
 * file in full and found it laid out as Keydeck writes it. Any doubt means the full read: no index, an
 * index for another file (a hand edit changes the identity), one that does not parse, a range that does
 * not hold a row with the id and name the index gives, a file that changed while it was read.
 */
import fs from 'node:fs';
import { CATALOG_FORMAT } from '../../shared/constants.js';
import type { CatalogData, Credential } from '../../shared/domain.js';
import {
  identityOfFd,
  layOutCatalog,
  sameIdentity,
  type CatalogLayout,
  type FileIdentity,
  writeSidecar,
} from './catalog-file.js';
import { catalogShape } from './catalog-shape.js';

const VERSION = 1;

export function indexPath(file: string): string {
  return `${file}.index`;
}

interface IndexHead {
  v: number;
  catalog: FileIdentity;
  credentials: [number, number];
  /** The length of the row lines (in UTF-16 units, as read back): a torn index is shorter. */
  rows: number;
}

/**
 * Writes the index of the catalog file with identity `id` (best effort: a temp file, then a rename).
 * The first line names the file; then one line per row, `[start,end,"id","name"]`, in the file's order.
 */
export function writeIndex(file: string, id: FileIdentity, layout: CatalogLayout): void {
  let rows = '';
  for (const r of layout.rows) rows += JSON.stringify([r.start, r.end, r.id, r.name]) + '\n';
  const head: IndexHead = { v: VERSION, catalog: id, credentials: layout.credentials, rows: rows.length };
  const text = JSON.stringify(head) + '\n' + rows;
  writeSidecar(indexPath(file), text);
}

/**
 * Indexes the checked file `bytes` (identity `id`, parsed as `data` with nothing rebuilt: a stamped read)
 * when it is laid out exactly as Keydeck writes it; otherwise nothing (the next commit writes one).
 * Costs one serialization, no second parse: only for a file no index covers yet.
 */
export function indexBytes(file: string, id: FileIdentity, bytes: Buffer, data: CatalogData): void {
  try {
    const laid = layOutCatalog(data);
    if (laid && bytes.equals(Buffer.from(laid.text))) writeIndex(file, id, laid.layout);
  } catch {
    // not indexable: readers keep the full read
  }
}

function parseHead(line: string): IndexHead | undefined {
  try {
    const h = JSON.parse(line) as IndexHead;
    const [s, e] = Array.isArray(h.credentials) ? h.credentials : [];
    if (h.v !== VERSION || typeof h.catalog !== 'object' || !h.catalog) return undefined;
    if (!Number.isSafeInteger(s) || !Number.isSafeInteger(e) || s! < 0 || e! < s!) return undefined;
    return h;
  } catch {
    return undefined;
  }
}

/** Whether the index describes the catalog file with identity `id` (reads only its first line). */
export function indexCovers(file: string, id: FileIdentity | undefined): boolean {
  if (!id) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync(indexPath(file), 'r');
    const buf = Buffer.alloc(1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    const head = nl < 0 ? undefined : parseHead(text.slice(0, nl));
    return !!head && sameIdentity(head.catalog, id);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readRange(fd: number, start: number, end: number): string {
  const buf = Buffer.allocUnsafe(end - start);
  let done = 0;
  while (done < buf.length) {
    const n = fs.readSync(fd, buf, done, buf.length - done, start + done);
    if (n === 0) throw new Error('short read');
    done += n;
  }
  return buf.toString('utf8');
}

/** The start offsets (in the index text) of the row lines whose id or name may be one of `keys`. */
function rowLines(text: string, from: number, keys: readonly string[]): number[] {
  const starts = new Set<number>();
  for (const key of keys) {
    // JSON escapes every quote inside a string, so `,"x"]⏎` can only be a whole name and `,"x",` a whole id.
    for (const needle of [`,${JSON.stringify(key.normalize('NFC'))}]\n`, `,${JSON.stringify(key)},`]) {
      for (let at = text.indexOf(needle, from); at >= 0; at = text.indexOf(needle, at + 1)) {
        starts.add(text.lastIndexOf('\n', at) + 1);
      }
    }
  }
  return [...starts].sort((a, b) => a - b);
}

/**
 * The catalog narrowed to the credentials whose name (NFC) or id is one of `keys`, in the file's order,
 * with everything else (workspaces, settings, tombstones…) whole: what a lookup of those keys needs,
 * and it finds there what it would in the full catalog. Undefined whenever the index cannot be trusted
 * for the file now at `file`: the caller reads the whole file.
 */
export function readThroughIndex(file: string, keys: readonly string[]): CatalogData | undefined {
  let text: string;
  try {
    text = fs.readFileSync(indexPath(file), 'utf8');
  } catch {
    return undefined;
  }
  const nl = text.indexOf('\n');
  const head = nl < 0 ? undefined : parseHead(text.slice(0, nl));
  if (!head || text.length - nl - 1 !== head.rows) return undefined;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const seen = identityOfFd(fd);
    if (!sameIdentity(seen, head.catalog)) return undefined;
    const [cs, ce] = head.credentials;
    if (ce > seen.size) return undefined;
    const rest = JSON.parse(readRange(fd, 0, cs) + '[]' + readRange(fd, ce, seen.size)) as Record<string, unknown>;
    if (typeof rest.format !== 'number' || rest.format > CATALOG_FORMAT) return undefined;
    const rows: Credential[] = [];
    for (const ls of rowLines(text, nl + 1, keys)) {
      const [s, e, id, name] = JSON.parse(text.slice(ls, text.indexOf('\n', ls))) as [number, number, string, string];
      if (!Number.isSafeInteger(s) || !Number.isSafeInteger(e) || s < cs || e > ce || e <= s) return undefined;
      const row = JSON.parse(readRange(fd, s, e)) as Credential;
      if (typeof row !== 'object' || row === null || row.id !== id || row.name !== name) return undefined;
      rows.push(row);
    }
    // Rewritten in place while we read it (not by Keydeck, which replaces the file): the full read decides.
    if (!sameIdentity(seen, identityOfFd(fd))) return undefined;
    rest.credentials = rows;
    const shaped = catalogShape(rest);
    return 'at' in shaped ? undefined : shaped.data;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
