import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';

export interface AtomicWriteOptions {
  /** Runs after the temp file is durable and before the rename; throwing there cancels the write. */
  beforeRename?: () => void;
}

/** The prefix every temp file for `file` starts with (`catalog.json.tmp-…`, as conf's writer named them). */
export function tempPrefix(file: string): string {
  return `${path.basename(file)}.tmp-`;
}

/** Flushes a folder's entries (the rename) to disk. Folders cannot be opened for fsync on Windows. */
function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes a file whole or not at all, whatever the environment (no in-place fallback, not even under
 * Snap): a fresh temp file in the same folder, given `mode` exactly (the umask cannot narrow or widen
 * it), written and fsynced, then renamed over the target (a symlink there is replaced, not followed),
 * then the folder fsynced so the rename survives a power cut. On failure the temp file is removed and
 * WRITE_FAILED names the file.
 */
export function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  mode: number,
  opts: AtomicWriteOptions = {},
): void {
  const tmp = writeTemp(file, data, mode);
  try {
    opts.beforeRename?.();
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw failed(file, err);
  }
  flushDir(path.dirname(file));
}

/**
 * `writeFileAtomic` with its disk work (write, fsync, rename, the folder's fsync) on libuv's thread pool:
 * the calling thread's event loop keeps turning while the disk flushes (an fsync can take 100 ms on a
 * busy disk). Same guarantees: when it resolves, the file is whole and durable; on failure the temp file
 * is removed and WRITE_FAILED names the file.
 */
export async function writeFileAtomicAsync(file: string, data: string | Uint8Array, mode: number): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `${tempPrefix(file)}${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    const fh = await fs.promises.open(tmp, 'wx', mode);
    try {
      await fh.chmod(mode);
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw failed(file, err);
  }
  try {
    const fh = await fs.promises.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // The rename happened; a folder that cannot be flushed (Windows) does not undo it.
  }
}

/**
 * Creates `file` whole (a durable temp file, then a hard link, which fails if `file` exists) unless it
 * already exists. Returns false, writing nothing, when another writer created it first.
 */
export function createFileAtomic(file: string, data: string | Uint8Array, mode: number): boolean {
  const tmp = writeTemp(file, data, mode);
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A filesystem without hard links: rename, unless the file appeared meanwhile.
    if ((code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') && !fs.existsSync(file)) {
      try {
        fs.renameSync(tmp, file);
        return true;
      } catch (renameErr) {
        throw failed(file, renameErr);
      }
    }
    throw failed(file, err);
  } finally {
    fs.rmSync(tmp, { force: true });
    flushDir(path.dirname(file));
  }
}

function failed(file: string, err: unknown): Error {
  if (err instanceof KeydeckError) return err;
  return new KeydeckError('WRITE_FAILED', `Could not write ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
}

/** A fresh temp file beside `file` holding `data` with exactly `mode`, flushed to disk. */
function writeTemp(file: string, data: string | Uint8Array, mode: number): string {
  const tmp = path.join(path.dirname(file), `${tempPrefix(file)}${process.pid}-${randomBytes(6).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    fs.fchmodSync(fd, mode);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    return tmp;
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw failed(file, err);
  }
}

function flushDir(dir: string): void {
  try {
    fsyncDir(dir);
  } catch {
    // The rename happened; a folder that cannot be flushed does not undo it.
  }
}

/**
 * Removes temp files that writers of `file` left behind when they were killed mid-write. Call it only
 * while holding the lock that every writer of `file` takes, so no live writer's temp file is removed.
 * Returns how many were removed.
 */
export function removeStaleTemps(file: string): number {
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    try {
      fs.rmSync(path.join(path.dirname(file), name), { force: true });
      removed++;
    } catch {
      // a file we cannot remove stays; the next write tries again
    }
  }
  return removed;
}
