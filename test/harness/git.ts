/** Runs the real `git` in a test repository as a fixed test author; returns its trimmed stdout. */
import { execFileSync } from 'node:child_process';

export const GIT_TEST_AUTHOR = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_TEST_AUTHOR } })
    .toString()
    .trim();
}
