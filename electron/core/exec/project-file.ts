/**
 * A project's `.keydeck` file: the credential names (and workspace) `keydeck exec` injects when no
 * `--cred` is given, and the names-only texts made from it (the file itself, and the `keydeck exec`
 * line the app copies).
 *
 * Where it is looked for (issue 16 §5): the working folder and its parents up to the repository root
 * (the nearest folder upward holding `.git`), and outside a repository the working folder only, so a
 * `.keydeck` in a parent folder (a home folder, a shared checkout root) does not apply to everything
 * below it. A symlinked `.keydeck` is refused, not followed. Found is not trusted: callers hand the
 * file to the trust service (../trust) before acting on it.
 *
 * The check is hand-written, not zod: `keydeck exec` starts without loading the schemas (issue 10).
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';

export const PROJECT_FILE = '.keydeck';

/** A `.keydeck` file is small; anything larger is not one. */
const MAX_PROJECT_FILE_BYTES = 64 * 1024;
const MAX_NAMES = 64;

export interface ProjectFile {
  credentials: string[];
  workspace?: string;
}

/** A project file found from a folder: where, its exact text (what trust hashes) and what it says. */
export interface FoundProjectFile {
  path: string;
  text: string;
  config: ProjectFile;
}

/** The repository root above `dir` (the nearest folder holding `.git`, file or folder), if any. */
export function repositoryRoot(dir: string): string | undefined {
  let cur = dir;
  for (;;) {
    if (fs.existsSync(path.join(cur, '.git'))) return cur;
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

/**
 * The nearest `.keydeck` file from `dir` upward to the repository root (outside a repository: in `dir`
 * only), read and checked. A folder named `.keydeck` is not one; a symlink named `.keydeck` is refused.
 */
export function findProjectFile(dir: string): FoundProjectFile | undefined {
  let cur = realFolder(dir);
  const stop = repositoryRoot(cur) ?? cur;
  for (;;) {
    const p = path.join(cur, PROJECT_FILE);
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(p);
    } catch {
      st = undefined;
    }
    if (st?.isSymbolicLink()) {
      throw new KeydeckError(
        'PROJECT_FILE_SYMLINK',
        `${p} is a symbolic link. Keydeck does not follow a linked project file (it could point anywhere); replace the link with the file itself.`,
      );
    }
    if (st?.isFile()) return readProjectFile(p);
    if (cur === stop) return undefined;
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

/**
 * A `.keydeck` above the repository root (or, outside a repository, above `dir`) that the lookup
 * ignores on purpose: named in the "no credentials" error, so the user knows why it was not used.
 */
export function ignoredProjectFileAbove(dir: string): string | undefined {
  const start = realFolder(dir);
  let cur = path.dirname(repositoryRoot(start) ?? start);
  for (;;) {
    const p = path.join(cur, PROJECT_FILE);
    if (fs.existsSync(p)) return p;
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

function realFolder(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** Reads and checks one `.keydeck` file (the path as given; callers refuse symlinks before). */
export function readProjectFile(p: string): FoundProjectFile {
  let text: string;
  try {
    const fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    try {
      if (fs.fstatSync(fd).size > MAX_PROJECT_FILE_BYTES) {
        throw new KeydeckError('INVALID_PROJECT_FILE', `${p} is larger than a project file can be (64 KB).`);
      }
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if (err instanceof KeydeckError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      throw new KeydeckError(
        'PROJECT_FILE_SYMLINK',
        `${p} is a symbolic link. Keydeck does not follow a linked project file; replace the link with the file itself.`,
      );
    }
    throw new KeydeckError('PATH_NOT_FOUND', `Could not read ${p} (${code ?? 'error'}).`);
  }
  return { path: p, text, config: parseProjectFile(text, p) };
}

/** The project file's content checked by hand: `{"credentials": [names…], "workspace": "…"}`. */
export function parseProjectFile(text: string, p: string): ProjectFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new KeydeckError(
      'INVALID_PROJECT_FILE',
      `${p} is not valid JSON (${(err as Error).message.split('\n')[0]!.slice(0, 120)}). Expected {"credentials": ["name", …], "workspace": "…"}.`,
    );
  }
  const bad = (where: string, why: string) => new KeydeckError('INVALID_PROJECT_FILE', `${p}: ${where}: ${why}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('top level', 'expected an object');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'credentials' && key !== 'workspace') throw bad(key.slice(0, 40), 'unknown key');
  }
  const creds = obj.credentials ?? [];
  if (!Array.isArray(creds)) throw bad('credentials', 'expected a list of names');
  if (creds.length > MAX_NAMES) throw bad('credentials', `at most ${MAX_NAMES} names`);
  creds.forEach((c, i) => {
    if (typeof c !== 'string' || !c.length || c.length > 1024) throw bad(`credentials.${i}`, 'expected a name');
  });
  const out: ProjectFile = { credentials: creds as string[] };
  if (obj.workspace !== undefined) {
    const w = obj.workspace;
    if (typeof w !== 'string' || !w.length || w.length > 128) throw bad('workspace', 'expected a workspace name');
    out.workspace = w;
  }
  return out;
}

/** The text of a `.keydeck` file naming these credentials (for the app's "Save to project folder"). */
export function projectFileText(credentials: string[], workspace?: string): string {
  return JSON.stringify({ credentials, ...(workspace ? { workspace } : {}) }, null, 2) + '\n';
}

const shq = (s: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The "Copy command" text for a project folder: a `keydeck exec` line that holds names only, never a
 * secret, so it is safe to paste into shell history or a README.
 */
export function execCommandLine(opts: { credentials?: string[]; workspace?: string; command: string[] }): string {
  const parts = ['keydeck', 'exec'];
  for (const c of opts.credentials ?? []) parts.push('--cred', shq(c));
  if (opts.workspace) parts.push('--workspace', shq(opts.workspace));
  parts.push('--', ...opts.command.map(shq));
  return parts.join(' ');
}
