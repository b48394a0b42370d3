/**
 * The `git` binary, run with an argument vector (never a shell), with an environment that keeps the
 * user's hooks, pagers and prompts out of it. A missing binary is one clear error.
 */
import { execFile } from 'node:child_process';
import { KeydeckError } from '../../../shared/errors.js';

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

const ENV_DROP =
  /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|NAMESPACE|CEILING_DIRECTORIES)$/;

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!ENV_DROP.test(k)) env[k] = v;
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_PAGER: 'cat',
    LC_ALL: 'C',
    GIT_AUTHOR_NAME: env.GIT_AUTHOR_NAME ?? 'Keydeck',
    GIT_AUTHOR_EMAIL: env.GIT_AUTHOR_EMAIL ?? 'keydeck@localhost',
    GIT_COMMITTER_NAME: env.GIT_COMMITTER_NAME ?? 'Keydeck',
    GIT_COMMITTER_EMAIL: env.GIT_COMMITTER_EMAIL ?? 'keydeck@localhost',
  };
}

/** The binary to run: `KEYDECK_GIT` (tests point it at a missing path) or `git` on PATH. */
function gitBinary(): string {
  return process.env.KEYDECK_GIT || 'git';
}

/** Runs git in `cwd`; resolves with its output and exit code (a non-zero code is not thrown). */
export function git(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      gitBinary(),
      ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', ...args],
      { cwd, env: gitEnv(), maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: unknown }) | null;
        if (e && e.code === 'ENOENT') {
          reject(
            new KeydeckError(
              'TEAM_GIT_MISSING',
              'The team store needs git, and no `git` program was found. Install git.',
            ),
          );
          return;
        }
        resolve({ stdout, stderr, code: e ? (typeof e.code === 'number' ? e.code : 1) : 0 });
      },
    );
  });
}

/** Runs git and throws `code` with git's first error line when it fails. */
export async function gitOk(
  cwd: string,
  args: readonly string[],
  code = 'TEAM_GIT_FAILED',
  what?: string,
): Promise<string> {
  const r = await git(cwd, args);
  if (r.code !== 0) {
    const line = (r.stderr || r.stdout).split('\n').find((l) => l.trim()) ?? `exit ${r.code}`;
    throw new KeydeckError(code, `${what ?? `git ${args[0]}`} failed: ${line.trim().slice(0, 300)}`);
  }
  return r.stdout;
}

/** A blob's bytes (a file as a commit holds it). */
export function gitBlob(cwd: string, oid: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      gitBinary(),
      ['cat-file', 'blob', oid],
      { cwd, env: gitEnv(), encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      (err, stdout) =>
        err
          ? reject(new KeydeckError('TEAM_GIT_FAILED', `git could not read object ${oid.slice(0, 12)}.`))
          : resolve(stdout),
    );
  });
}

export interface TreeEntry {
  mode: string;
  oid: string;
  path: string;
}

/** Every file of a commit's tree (`git ls-tree -r -z`), or none for a ref that does not exist. */
export async function lsTree(cwd: string, ref: string): Promise<TreeEntry[]> {
  const r = await git(cwd, ['ls-tree', '-r', '-z', '--full-tree', ref]);
  if (r.code !== 0) return [];
  return r.stdout
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, , oid] = line.slice(0, tab).split(' ') as [string, string, string];
      return { mode, oid, path: line.slice(tab + 1) };
    });
}
