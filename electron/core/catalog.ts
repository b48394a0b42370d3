import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Conf from 'conf';
import { KeydeckError } from '../../shared/errors.js';
import { CATALOG_FORMAT, DEFAULT_SETTINGS, catalogSchema, type CatalogData, type Notice } from '../../shared/domain.js';
import { withFileLock } from './lock.js';
import { CATALOG_NAME } from './paths.js';

/** The part of `conf` (and of `electron-store`, its subclass) that the catalog uses. */
export interface JsonStore {
  readonly path: string;
  store: Record<string, unknown>;
}

/** Opens the JSON file under `dir`. The app passes an electron-store factory; Node uses conf. */
export type StoreFactory = (dir: string) => JsonStore;

export const confStoreFactory: StoreFactory = (dir) =>
  new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: CATALOG_NAME,
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    watch: false,
  }) as unknown as JsonStore;

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

interface Cached {
  mtimeMs: number;
  size: number;
  ino: number;
  data: CatalogData;
}

export interface CatalogOptions {
  dir: string;
  storeFactory?: StoreFactory;
  /** Test seam: runs just before each write, so tests can make a commit fail. */
  beforeWrite?: () => void;
}

/**
 * The metadata catalog: one JSON file (mode 0600) shared by the app and the CLI. Reads are cached by
 * the file's identity and re-parsed only when another process changed it; writes take a lock and
 * reload first, so no process overwrites another's update.
 */
export class Catalog {
  readonly dir: string;
  readonly path: string;
  private store?: JsonStore;
  private cached?: Cached;
  private readonly storeFactory: StoreFactory;
  private readonly recoveries: Notice[] = [];
  /** True once a corrupt catalog has been moved aside and replaced: the keychain must be adopted. */
  needsRebuild = false;
  beforeWrite?: () => void;

  constructor(opts: CatalogOptions) {
    this.dir = opts.dir;
    this.storeFactory = opts.storeFactory ?? confStoreFactory;
    this.path = path.join(this.dir, `${CATALOG_NAME}.json`);
    this.beforeWrite = opts.beforeWrite;
  }

  private open(): JsonStore {
    if (!this.store) {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      try {
        this.store = this.storeFactory(this.dir);
      } catch (err) {
        // conf parses the file in its constructor; a corrupt file must not stop us opening it.
        if (!fs.existsSync(this.path)) throw err;
        this.moveAside(err);
        this.store = this.storeFactory(this.dir);
      }
    }
    return this.store;
  }

  /** Notices about recovered files, each reported once. */
  takeNotices(): Notice[] {
    return this.recoveries.splice(0);
  }

  private moveAside(err: unknown): void {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = path.join(this.dir, `${CATALOG_NAME}.corrupt-${stamp}.json`);
    try {
      fs.renameSync(this.path, target);
    } catch (renameErr) {
      if ((renameErr as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it
      throw renameErr;
    }
    const why = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 120) : 'unreadable';
    this.recoveries.push({
      code: 'CATALOG_RECOVERED',
      message: `The catalog was damaged (${why}). It was moved to ${target} and rebuilt from the keychain.`,
    });
    this.needsRebuild = true;
    this.cached = undefined;
  }

  private stat(): fs.Stats | undefined {
    try {
      return fs.statSync(this.path);
    } catch {
      return undefined;
    }
  }

  /** The current catalog. Cheap when unchanged: one stat call. */
  read(): CatalogData {
    const st = this.stat();
    const c = this.cached;
    if (st && c && c.mtimeMs === st.mtimeMs && c.size === st.size && c.ino === st.ino) return c.data;
    return this.load();
  }

  private load(): CatalogData {
    const store = this.open();
    if (!fs.existsSync(this.path)) {
      const fresh = emptyCatalog();
      this.write(fresh);
      return fresh;
    }
    let raw: Record<string, unknown>;
    try {
      raw = store.store;
    } catch (err) {
      this.moveAside(err);
      return this.load();
    }
    if (typeof raw.format === 'number' && raw.format > CATALOG_FORMAT) {
      throw new KeydeckError(
        'CATALOG_NEWER_FORMAT',
        `The catalog at ${this.path} was written by a newer Keydeck (format ${raw.format}). Update Keydeck; the file was left untouched.`,
      );
    }
    const parsed = catalogSchema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      this.moveAside(new Error(`invalid at ${first?.path.join('.') || 'top level'}: ${first?.message ?? ''}`));
      return this.load();
    }
    this.remember(parsed.data);
    return parsed.data;
  }

  private remember(data: CatalogData): void {
    const st = this.stat();
    if (st) this.cached = { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, data };
  }

  private write(data: CatalogData): void {
    this.beforeWrite?.();
    try {
      this.open().store = data as unknown as Record<string, unknown>;
    } catch (err) {
      if (err instanceof KeydeckError) throw err;
      throw new KeydeckError(
        'CATALOG_WRITE_FAILED',
        `Could not write the catalog at ${this.path}: ${(err as Error).message}`,
      );
    }
    this.remember(data);
  }

  /**
   * Runs `fn` on a fresh copy of the catalog under the cross-process lock, then commits what it
   * returned. If `fn` throws, nothing is written.
   */
  async mutate<T>(fn: (draft: CatalogData) => Promise<T> | T): Promise<T> {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return withFileLock(`${this.path}.lock`, async () => {
      this.cached = undefined;
      const draft = structuredClone(this.load());
      const result = await fn(draft);
      this.write(draft);
      return result;
    });
  }
}
