/**
 * Where a file full of secrets may be written (issue 16 §3): the one policy `keydeck inject -o` (and
 * anything else that writes secrets into a project) follows. Outside a git repository: anywhere. Inside
 * one: only a path git ignores and does not track (`git check-ignore`, `git ls-files --error-unmatch`),
 * unless the user forces it. The template itself is never overwritten without force either.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import { writeFileAtomic } from '../atomic-write.js';

function git(cwd: string, args: string[]): Promise<{ code: number; stdout: string; missing?: boolean }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'utf8', timeout: 20_000 }, (err, stdout) => {
      if (!err) return resolve({ code: 0, stdout });
      const e = err as NodeJS.ErrnoException & { code?: unknown };
      if (e.code === 'ENOENT') return resolve({ code: 127, stdout: '', missing: true });
      resolve({ code: typeof e.code === 'number' ? e.code : 1, stdout: String(stdout ?? '') });
    });
  });
}

function insideGitFolder(dir: string): boolean {
  for (let cur = dir; ; cur = path.dirname(cur)) {
    if (fs.existsSync(path.join(cur, '.git'))) return true;
    if (path.dirname(cur) === cur) return false;
  }
}

/**
 * Checks that secrets may be written to `file`; throws OUTPUT_NOT_SAFE saying why and how to proceed.
 * `force` skips the git checks (the folder must still exist).
 */
export async function checkSecretOutput(file: string, opts: { force?: boolean; source?: string } = {}): Promise<void> {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new KeydeckError('PATH_NOT_FOUND', `The folder ${dir} does not exist.`);
  }
  if (!st.isDirectory()) throw new KeydeckError('INVALID_INPUT', `${dir} is not a folder.`);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) {
    throw new KeydeckError('INVALID_INPUT', `${file} is a folder.`);
  }
  if (opts.force) return;
  if (opts.source && fs.existsSync(abs) && fs.realpathSync(abs) === fs.realpathSync(opts.source)) {
    throw new KeydeckError('OUTPUT_NOT_SAFE', `${file} is the template itself; write elsewhere (or --force).`);
  }
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  if (top.missing) {
    if (insideGitFolder(dir)) {
      throw new KeydeckError(
        'OUTPUT_NOT_SAFE',
        `${file} is in a git repository and git is not installed to check whether it is ignored; install git, or pass --force.`,
      );
    }
    return;
  }
  if (top.code !== 0) return; // not a repository
  const name = path.basename(abs);
  if ((await git(dir, ['ls-files', '--error-unmatch', '--', name])).code === 0) {
    throw new KeydeckError(
      'OUTPUT_NOT_SAFE',
      `${file} is tracked by git: secrets written there would be committed. Write to an ignored file, or pass --force.`,
    );
  }
  if ((await git(dir, ['check-ignore', '-q', '--', name])).code !== 0) {
    throw new KeydeckError(
      'OUTPUT_NOT_SAFE',
      `${file} is in a git repository and not ignored: it could be committed. Add it to .gitignore, or pass --force.`,
    );
  }
}

/** Writes a file of secrets whole or not at all, mode 0600 (call `checkSecretOutput` first). */
export function writeSecretFile(file: string, text: string): void {
  writeFileAtomic(path.resolve(file), text, 0o600);
}
