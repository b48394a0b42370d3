/**
 * Walks a folder and streams every regular file through the scanner. Skips binaries and dependency or
 * VCS folders unless asked, follows symlinks once (a loop is reported, not followed), and records an
 * unreadable file as a problem rather than stopping.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RawHit, StreamScanner } from './stream.js';

/** Folders that hold other people's code or VCS internals: skipped unless `includeIgnored`. */
export const IGNORED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'bower_components',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.gradle',
  '.next',
  '.nuxt',
  '.cache',
  '.terraform',
]);

export interface WalkStats {
  files: number;
  bytes: number;
  binarySkipped: number;
  dirsSkipped: number;
  problems: { path: string; reason: string }[];
}

export interface WalkOptions {
  includeIgnored: boolean;
  includeBinary: boolean;
  /** Called per file with hits (line numbers) and the path relative to the root. */
  onHits(rel: string, hits: RawHit[]): void;
  /** Called often; may return a promise (e.g. to let the event loop breathe). */
  tick(current: string, stats: WalkStats): Promise<void> | void;
  signal?: AbortSignal;
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ELOOP') return 'symlink loop';
  if (e?.code === 'ENOENT') return 'vanished or dangling symlink';
  return e?.code ?? String(e?.message ?? e).slice(0, 120);
}

export async function walk(root: string, scanner: StreamScanner, opts: WalkOptions): Promise<WalkStats> {
  const stats: WalkStats = { files: 0, bytes: 0, binarySkipped: 0, dirsSkipped: 0, problems: [] };
  const hits: RawHit[] = [];
  // Reads are synchronous for throughput, but a long file yields to the event loop every few MiB, so
  // the app's main process stays responsive and a cancel lands mid-file.
  const YIELD_BYTES = 8 * 1024 * 1024;
  const scanFile = async (abs: string, rel: string) => {
    let fd: number;
    try {
      fd = fs.openSync(abs, 'r');
    } catch (err) {
      stats.problems.push({ path: rel, reason: reason(err) });
      return;
    }
    hits.length = 0;
    try {
      scanner.begin();
      let more = true;
      let firstRead = true;
      let sinceYield = 0;
      while (more) {
        if (sinceYield >= YIELD_BYTES) {
          sinceYield = 0;
          await new Promise((r) => setImmediate(r));
          if (opts.signal?.aborted) break;
        }
        if (!firstRead) scanner.shift();
        firstRead = false;
        const n = fs.readSync(fd, scanner.work, scanner.writeAt, scanner.chunk, null);
        if (n === 0) break;
        stats.bytes += n;
        sinceYield += n;
        if (!scanner.scan(n, !opts.includeBinary, hits)) break;
        more = n === scanner.chunk;
      }
      if (scanner.binary && !opts.includeBinary) stats.binarySkipped++;
      else stats.files++;
    } catch (err) {
      stats.problems.push({ path: rel, reason: reason(err) });
    } finally {
      fs.closeSync(fd);
    }
    if (hits.length) opts.onHits(rel, hits);
  };

  const rootStat = fs.statSync(root);
  if (!rootStat.isDirectory()) {
    await scanFile(root, path.basename(root));
    return stats;
  }
  const visited = new Set<string>([`${rootStat.dev}:${rootStat.ino}`]);
  const stack: [string, string][] = [[root, '']];
  while (stack.length) {
    if (opts.signal?.aborted) break;
    const [dir, relDir] = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      stats.problems.push({ path: relDir || '.', reason: reason(err) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: [string, string][] = [];
    for (const e of entries) {
      // Not path.join: `dir` is already absolute and normal, and join's normalising showed in profiles.
      const abs = `${dir}${path.sep}${e.name}`;
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        let st: fs.Stats;
        try {
          st = fs.statSync(abs);
        } catch (err) {
          stats.problems.push({ path: rel, reason: reason(err) });
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
        if (isDir) {
          const key = `${st.dev}:${st.ino}`;
          if (visited.has(key)) {
            stats.problems.push({ path: rel, reason: 'symlink loop (folder already scanned); not followed' });
            continue;
          }
        }
      }
      if (isDir) {
        if (!opts.includeIgnored && IGNORED_DIRS.has(e.name)) {
          stats.dirsSkipped++;
          continue;
        }
        subdirs.push([abs, rel]);
      } else if (isFile) {
        if (opts.signal?.aborted) break;
        await scanFile(abs, rel);
        const t = opts.tick(rel, stats);
        if (t) await t;
      }
    }
    // Mark before descending, so a link back up is seen as a loop.
    for (const [abs, rel] of subdirs.reverse()) {
      try {
        const st = fs.statSync(abs);
        const key = `${st.dev}:${st.ino}`;
        if (visited.has(key)) {
          stats.problems.push({ path: rel, reason: 'symlink loop (folder already scanned); not followed' });
          continue;
        }
        visited.add(key);
        stack.push([abs, rel]);
      } catch (err) {
        stats.problems.push({ path: rel, reason: reason(err) });
      }
    }
  }
  return stats;
}
