/**
 * Scans a repository's whole history through the `git` CLI: every blob any commit on any ref ever
 * introduced (deleted files included), each read once with `git cat-file --batch` and streamed through
 * the scanner. A finding names the first commit (oldest first) that introduced the blob, and its path.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import type { RawHit, StreamScanner } from './stream.js';

export interface BlobOrigin {
  commit: string;
  path: string;
}

function git(cwd: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', cwd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new KeydeckError('GIT_NOT_FOUND', 'git is not installed or not on PATH; --git needs it.')
          : e,
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new KeydeckError('GIT_FAILED', `git ${args[0]} failed: ${err.trim().split('\n')[0]?.slice(0, 200)}`));
    });
  });
}

/** The repository's top level, or a clear error when `dir` is not inside one. */
export async function gitTopLevel(dir: string): Promise<string> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'])).toString().trim();
  } catch (err) {
    if (err instanceof KeydeckError && err.code === 'GIT_FAILED') {
      throw new KeydeckError('NOT_A_GIT_REPO', `${dir} is not inside a git repository.`);
    }
    throw err;
  }
}

/** Every blob in history, with the first commit and path that introduced it. */
export async function historyBlobs(repo: string): Promise<{ blobs: Map<string, BlobOrigin>; commits: number }> {
  const out = await git(repo, [
    '-c',
    'core.quotepath=off',
    'log',
    '--all',
    '--reverse',
    '-m',
    '--raw',
    '--no-abbrev',
    '--no-renames',
    '-z',
    '--format=%x01%H',
  ]);
  const blobs = new Map<string, BlobOrigin>();
  const tokens = out.toString('utf8').split('\0');
  let commit = '';
  let commits = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.replace(/^\n/, '');
    if (t.startsWith('\x01')) {
      commit = t.slice(1);
      commits++;
      continue;
    }
    if (!t.startsWith(':')) continue;
    const [, newMode, , newSha, status] = t.slice(1).split(' ');
    const p = tokens[++i] ?? '';
    if (!newSha || /^0+$/.test(newSha) || status === 'D') continue;
    if (!newMode?.startsWith('100')) continue; // regular files only: no symlinks or submodules
    if (!blobs.has(newSha)) blobs.set(newSha, { commit, path: p });
  }
  return { blobs, commits };
}

/**
 * The blobs `git commit` would record now: each file added or changed in the index (against HEAD, or
 * against nothing before the first commit), as its staged blob, not the working-tree file. A secret
 * staged and then removed from the working file is still found; one only in the working tree is not.
 */
export async function stagedBlobs(repo: string): Promise<Map<string, BlobOrigin>> {
  const out = await git(repo, [
    '-c',
    'core.quotepath=off',
    'diff',
    '--cached',
    '--raw',
    '--no-abbrev',
    '--no-renames',
    '--diff-filter=ACMRT',
    '-z',
  ]);
  const blobs = new Map<string, BlobOrigin>();
  const tokens = out.toString('utf8').split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.replace(/^\n/, '');
    if (!t.startsWith(':')) continue;
    const [, newMode, , newSha] = t.slice(1).split(' ');
    const p = tokens[++i] ?? '';
    if (!newSha || /^0+$/.test(newSha) || !newMode?.startsWith('100')) continue;
    if (!blobs.has(newSha)) blobs.set(newSha, { commit: '', path: p });
  }
  return blobs;
}

/**
 * Streams the blobs' contents from one `git cat-file --batch` and scans each. `onBlob` gets the hits
 * per blob; `tick` is called between blobs.
 */
export function scanBlobs(
  repo: string,
  ids: string[],
  scanner: StreamScanner,
  opts: {
    includeBinary: boolean;
    onBlob(id: string, size: number, binary: boolean, hits: RawHit[]): void;
  },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', repo, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    let header = Buffer.alloc(0);
    let id = '';
    let left = -1; // bytes of content still expected; -1 while reading a header
    let size = 0;
    let skipping = false;
    let trailing = 0; // the newline after each content
    const hits: RawHit[] = [];
    const endBlob = () => {
      opts.onBlob(id, size, scanner.binary, hits.slice());
      hits.length = 0;
    };
    child.stdout.on('data', (data: Buffer) => {
      let off = 0;
      while (off < data.length) {
        if (trailing) {
          off++;
          trailing--;
          continue;
        }
        if (left < 0) {
          const nl = data.indexOf(10, off);
          if (nl < 0) {
            header = Buffer.concat([header, data.subarray(off)]);
            return;
          }
          const line = Buffer.concat([header, data.subarray(off, nl)]).toString();
          header = Buffer.alloc(0);
          off = nl + 1;
          const [sha, type, len] = line.split(' ');
          if (type === 'missing' || !len) continue;
          id = sha!;
          size = Number(len);
          left = size;
          skipping = type !== 'blob';
          scanner.begin();
          if (left === 0) {
            endBlob();
            left = -1;
            trailing = 1;
          }
          continue;
        }
        const take = Math.min(left, data.length - off);
        if (!skipping && !scanner.feed(data.subarray(off, off + take), !opts.includeBinary, hits)) skipping = true;
        off += take;
        left -= take;
        if (left === 0) {
          endBlob();
          left = -1;
          trailing = 1;
        }
      }
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new KeydeckError('GIT_FAILED', `git cat-file failed: ${err.trim().split('\n')[0]?.slice(0, 200)}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(ids.join('\n') + '\n');
  });
}

/**
 * The repository that holds `file` and whether git tracks the file itself; undefined outside a
 * repository or without git.
 */
export async function gitFileState(file: string): Promise<{ repo: string; tracked: boolean } | undefined> {
  const dir = path.dirname(file);
  // No `.git` in any parent: not a repository, and no git process to start (hundreds of ms on a busy machine).
  let up = path.resolve(dir);
  while (!fs.existsSync(path.join(up, '.git')) && path.dirname(up) !== up) up = path.dirname(up);
  if (!fs.existsSync(path.join(up, '.git')) && !process.env.GIT_DIR) return undefined;
  let repo: string;
  try {
    repo = (await git(dir, ['rev-parse', '--show-toplevel'])).toString().trim();
  } catch {
    return undefined;
  }
  const tracked = await git(dir, ['ls-files', '--error-unmatch', '--', path.basename(file)]).then(
    () => true,
    () => false,
  );
  return { repo, tracked };
}
