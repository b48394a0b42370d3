import fs from 'node:fs';
import { KeydeckError } from '../../shared/errors.js';

const STALE_MS = 30_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(lockPath: string): boolean {
  try {
    const raw = fs.readFileSync(lockPath, 'utf8');
    const pid = Number.parseInt(raw, 10);
    const age = Date.now() - fs.statSync(lockPath).mtimeMs;
    if (Number.isFinite(pid) && pid > 0 && !pidAlive(pid)) return true;
    return age > STALE_MS;
  } catch {
    return false;
  }
}

/**
 * A cross-process lock (the app and the CLI may write at once): an exclusive-create lock file holding
 * the owner's pid. A lock whose owner died, or that is older than 30 s, is taken over.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let fd: number | undefined;
  let wait = 5;
  while (fd === undefined) {
    try {
      fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (isStale(lockPath)) {
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new KeydeckError(
          'CATALOG_LOCKED',
          `The catalog is locked by another Keydeck process (${lockPath}). Try again.`,
        );
      }
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 100);
    }
  }
  try {
    return await fn();
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lockPath, { force: true });
  }
}
