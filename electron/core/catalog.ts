import fs from 'node:fs';
import path from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { KeydeckError } from '../../shared/errors.js';
import type { CatalogData, Notice } from '../../shared/domain.js';
import { createFileAtomic, removeStaleTemps, writeFileAtomic } from './atomic-write.js';
import {
  CATALOG_FILE,
  CorruptCatalog,
  catalogPath,
  draftOf,
  emptyCatalog,
  fullCheckLoaded,
  identityOf,
  identityOfFd,
  isStamped,
  layOutCatalog,
  loadFullCheck,
  parseCatalog,
  sameIdentity,
  serializeCatalog,
  stamp,
  stampPath,
  type FileIdentity,
  type ParsedCatalog,
} from './catalog-file.js';
import { indexBytes, indexCovers, indexPath, readThroughIndex, writeIndex } from './catalog-index.js';
import { withFileLock, type FileLock, type LockOptions } from './lock.js';
import { readRecovery, writeRecovery } from './recovery-file.js';

export { CATALOG_FILE, emptyCatalog, serializeCatalog } from './catalog-file.js';

interface Cached {
  id: FileIdentity;
  /** The file read or written last, held open so its inode stays unique (see FileIdentity). */
  fd: number;
  data: CatalogData;
  /** Passed the full schema (now, or per the stamp); else only the structural check. */
  full: boolean;
}

export interface CatalogOptions {
  dir: string;
  /** The cross-process lock's timing and clock (tests inject a clock). */
  lock?: LockOptions;
  /** Test seam: runs just before each write, so tests can make a commit fail. */
  beforeWrite?: () => void;
  /**
   * A reader that checked a file in full indexes it when no index covers it (catalog-index.ts): one more
   * parse. On by default under plain Node (the CLI, tests); off in Electron, whose main thread must not
   * stall, and whose own commits write the index anyway.
   */
  indexOnRead?: boolean;
}

/** A lookup's view of the catalog: `partial` when it holds only the credentials asked for (see lookupView). */
export interface CatalogView {
  data: CatalogData;
  partial: boolean;
}

const inMutation = new AsyncLocalStorage<Catalog>();

/**
 * The metadata catalog: one JSON file (mode 0600) shared by the app and the CLI. It is checked when
 * read from disk, and read again only when the file changed: in full (the zod schema) the first time
 * any process sees a file, with a cheap structural check when the stamp says Keydeck checked or wrote
 * these very bytes before (catalog-file.ts). A write takes the cross-process lock, reloads only if
 * another process wrote since, checking in full whatever it did not check in full before, applies the
 * change in place and writes the file atomically (temp file, fsync, rename, fsync of the folder), then
 * stamps it: no copy, no re-parse.
 */
export class Catalog {
  readonly dir: string;
  readonly path: string;
  private cached?: Cached;
  private readonly lockOptions: LockOptions;
  private readonly recoveries: Notice[] = [];
  /** Mutations of this process queue here, so they do not poll the lock file against each other. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly keyQueues = new Map<string, Promise<unknown>>();
  /** True once a corrupt catalog has been moved aside and replaced: the keychain must be adopted. */
  needsRebuild = false;
  /** After a rebuild: whether it started from the recovery copy (recovery-file.ts) or from nothing. */
  rebuiltFrom?: 'recovery-file' | 'nothing';
  beforeWrite?: () => void;
  private readonly indexOnRead: boolean;

  constructor(opts: CatalogOptions) {
    this.dir = opts.dir;
    this.path = catalogPath(this.dir);
    this.lockOptions = opts.lock ?? {};
    this.beforeWrite = opts.beforeWrite;
    this.indexOnRead = opts.indexOnRead ?? !('electron' in process.versions);
  }

  get lockPath(): string {
    return `${this.path}.lock`;
  }

  /** Notices about recovered files, each reported once. */
  takeNotices(): Notice[] {
    return this.recoveries.splice(0);
  }

  /**
   * Reads the file once, loading the full check first when the file needs it, so later reads in this
   * process are cheap and fully checked. Reading commands on a file Keydeck checked before never load it.
   */
  async ready(): Promise<void> {
    const c = this.cached;
    const id = identityOf(this.path);
    if (c && c.full && sameIdentity(id, c.id)) return;
    // Indexed: the file passed the full check when it was indexed; lookups read just their rows.
    if (!c && indexCovers(this.path, id)) return;
    if (id && !fullCheckLoaded() && !isStamped(this.path, id)) await loadFullCheck();
    if (c && !c.full) this.setCache(undefined);
    this.read();
  }

  /**
   * What a lookup of `keys` (credential names or ids) needs: the whole catalog when this process holds
   * it already or no index covers the file; else, through the index, the catalog with only the
   * credentials whose name or id is one of the keys (`partial`). A lookup that misses in a partial
   * view must ask `read()` before saying "not found" (an index is a cache: it may lack a row).
   */
  lookupView(keys: readonly string[]): CatalogView {
    const c = this.cached;
    if (!c || !sameIdentity(identityOf(this.path), c.id)) {
      const data = readThroughIndex(this.path, keys);
      if (data) return { data, partial: true };
    }
    return { data: this.read(), partial: false };
  }

  /** The current catalog. Cheap when unchanged: one stat call. */
  read(): CatalogData {
    const id = identityOf(this.path);
    if (this.cached && sameIdentity(id, this.cached.id)) return this.cached.data;
    return this.load();
  }

  /** Reads, validates and caches the file; creates it (exclusively) if there is none. */
  private load(): CatalogData {
    let created: string | undefined;
    for (let attempt = 0; ; attempt++) {
      const data = this.readFromDisk(created);
      if (data) return data;
      created = this.createFresh(attempt);
    }
  }

  /**
   * The file's catalog (checked, cached), or undefined if there is no file. `created`: the text this
   * process just created the file with; those bytes need no check.
   */
  private readFromDisk(created?: string): CatalogData | undefined {
    for (;;) {
      let fd: number;
      try {
        fd = fs.openSync(this.path, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw this.readFailed(err);
      }
      let kept = false;
      try {
        const seen = identityOfFd(fd);
        const bytes = fs.readFileSync(fd);
        // Rewritten in place while we read it (not by Keydeck, which replaces the file): read again.
        if (!sameIdentity(seen, identityOfFd(fd))) continue;
        const ours = created !== undefined && bytes.equals(Buffer.from(created));
        const stamped = ours || isStamped(this.path, seen);
        const parsed = this.parseOrMoveAside(bytes, seen, stamped);
        if (!parsed) continue;
        if (ours || (parsed.full && parsed.exact && !stamped)) stamp(this.path, seen);
        // A stamped read keeps the file's own objects (no schema rebuilt them): they can be laid out again.
        if (this.indexOnRead && stamped && parsed.full && !indexCovers(this.path, seen)) {
          indexBytes(this.path, seen, bytes, parsed.data);
        }
        this.setCache({ id: seen, fd, data: parsed.data, full: parsed.full });
        kept = true;
        return parsed.data;
      } finally {
        if (!kept) fs.closeSync(fd);
      }
    }
  }

  private setCache(next: Cached | undefined): void {
    if (this.cached && this.cached.fd !== next?.fd) fs.closeSync(this.cached.fd);
    this.cached = next;
  }

  /** Creates the file unless it exists; returns the text when this call created it. */
  private createFresh(attempt: number): string | undefined {
    fs.mkdirSync(this.dir, { recursive: true, mode: CATALOG_FILE.dirMode });
    // After a damaged catalog was moved aside, the rebuild starts from the recovery copy, if it is whole.
    const recovered = this.needsRebuild ? readRecovery(this.dir) : undefined;
    if (this.needsRebuild) this.rebuiltFrom = recovered ? 'recovery-file' : 'nothing';
    const text = serializeCatalog(recovered ?? emptyCatalog());
    try {
      // A recovered copy is not this process's own text: it is checked as any file read from disk.
      return createFileAtomic(this.path, text, CATALOG_FILE.mode) && !recovered ? text : undefined;
    } catch (err) {
      // A writer holding the lock may have cleaned our temp file; read what it wrote.
      if (attempt > 2) throw this.writeFailed(err);
      return undefined;
    }
  }

  /** The parsed catalog, or undefined after moving a corrupt file aside (the caller reads again). */
  private parseOrMoveAside(bytes: Buffer, seen: FileIdentity | undefined, stamped: boolean): ParsedCatalog | undefined {
    try {
      return parseCatalog(bytes, this.path, stamped);
    } catch (err) {
      if (!(err instanceof CorruptCatalog)) throw err;
      this.moveAside(err, seen);
      return undefined;
    }
  }

  private moveAside(err: Error, seen: FileIdentity | undefined): void {
    // Only the file we judged: if another process already replaced it, leave the new one alone.
    if (!sameIdentity(identityOf(this.path), seen)) return;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = path.join(this.dir, `${path.parse(CATALOG_FILE.name).name}.corrupt-${stamp}.json`);
    try {
      fs.renameSync(this.path, target);
    } catch (renameErr) {
      if ((renameErr as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it
      throw renameErr;
    }
    const why = err.message.split('\n')[0]!.slice(0, 120) || 'unreadable';
    this.recoveries.push({
      code: 'CATALOG_RECOVERED',
      message: `The catalog was damaged (${why}). It was moved to ${target} and rebuilt from the keychain.`,
    });
    this.needsRebuild = true;
    this.setCache(undefined);
  }

  private readFailed(err: unknown): KeydeckError {
    return new KeydeckError(
      'CATALOG_READ_FAILED',
      `Could not read the catalog at ${this.path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }

  private writeFailed(err: unknown): KeydeckError {
    if (err instanceof KeydeckError && err.code !== 'WRITE_FAILED') return err;
    const why = err instanceof KeydeckError ? err.message : ((err as NodeJS.ErrnoException).code ?? 'error');
    return new KeydeckError('CATALOG_WRITE_FAILED', `Could not write the catalog at ${this.path}: ${why}`);
  }

  /**
   * Runs `fn` on the current catalog under the cross-process lock, then commits it. If `fn` throws,
   * nothing is written. Keep `fn` to metadata: keychain writes belong before the call, so the lock is
   * held only for reload + commit. Calling `mutate` from inside `fn` is a bug and throws.
   */
  mutate<T>(fn: (draft: CatalogData) => Promise<T> | T): Promise<T> {
    if (inMutation.getStore() === this) {
      return Promise.reject(
        new KeydeckError('INTERNAL', 'catalog.mutate was called inside another catalog mutation (it would deadlock).'),
      );
    }
    const run = this.queue.then(() =>
      inMutation.run(this, () => {
        fs.mkdirSync(this.dir, { recursive: true, mode: CATALOG_FILE.dirMode });
        return withFileLock(this.lockPath, (lock) => this.mutateLocked(lock, fn), this.lockOptions);
      }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `fn` holding a lock of its own for `key` (e.g. one credential's next secret version), across
   * processes, without holding the catalog lock: keychain work that must not race the same key.
   */
  async withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(key)) throw new KeydeckError('INTERNAL', 'A lock key must be a plain id.');
    fs.mkdirSync(this.dir, { recursive: true, mode: CATALOG_FILE.dirMode });
    const prev = this.keyQueues.get(key) ?? Promise.resolve();
    const run = prev.then(() => withFileLock(`${this.path}.${key}.lock`, () => fn(), this.lockOptions));
    const tail = run.catch(() => undefined);
    this.keyQueues.set(key, tail);
    void tail.then(() => {
      if (this.keyQueues.get(key) === tail) this.keyQueues.delete(key);
    });
    return run;
  }

  private async mutateLocked<T>(lock: FileLock, fn: (draft: CatalogData) => Promise<T> | T): Promise<T> {
    const draft = draftOf(await this.reloadLocked());
    try {
      const result = await fn(draft);
      this.commit(draft, lock);
      return result;
    } catch (err) {
      // `fn` may have edited entries in place before failing: forget them; the file is the truth.
      this.setCache(undefined);
      throw err;
    }
  }

  /**
   * Under the lock: the cached catalog if the file is still the one we last saw and it passed the full
   * check; else the file, re-read and checked in full unless the stamp says it was (a file changed
   * between a reader's structural check and this write is judged by the schema before anything is
   * built on it).
   */
  private async reloadLocked(): Promise<CatalogData> {
    for (;;) {
      const c = this.cached;
      if (!c || !sameIdentity(identityOf(this.path), c.id)) {
        const data = this.readFromDisk();
        if (!data) {
          this.setCache(undefined);
          return emptyCatalog();
        }
      }
      if (this.cached!.full) return this.cached!.data;
      await loadFullCheck();
      this.setCache(undefined);
    }
  }

  private commit(data: CatalogData, lock: FileLock): void {
    this.beforeWrite?.();
    // Writers that were killed mid-write left temp files; we hold the lock, so none is live.
    removeStaleTemps(this.path);
    removeStaleTemps(stampPath(this.path));
    removeStaleTemps(indexPath(this.path));
    const laid = layOutCatalog(data);
    try {
      // The recovery copy first, so it is never behind the catalog on disk (recovery-file.ts).
      writeRecovery(this.dir, data);
      writeFileAtomic(this.path, laid?.text ?? serializeCatalog(data), CATALOG_FILE.mode, {
        beforeRename: () => lock.assertHeld(),
      });
    } catch (err) {
      throw this.writeFailed(err);
    }
    // We hold the lock: the file at the path is the one just written, from checked data.
    try {
      const fd = fs.openSync(this.path, 'r');
      const id = identityOfFd(fd);
      stamp(this.path, id);
      if (laid) writeIndex(this.path, id, laid.layout);
      this.setCache({ id, fd, data, full: true });
    } catch {
      this.setCache(undefined); // written; the next read parses it
    }
  }
}
