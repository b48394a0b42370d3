/**
 * The store's repository on this machine: create or clone it, write a file inside it (never through
 * a symlink, never outside it), commit, fetch, rebase and push through the `git` binary.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import { git, gitOk, lsTree, type TreeEntry } from './git.js';
import { insideStore } from './names.js';
import { RECIPIENTS_FILE, formatRecipients, type Member } from './recipients.js';

export const STORE_FORMAT_FILE = '.keydeck-format';
export const STORE_FORMAT = 1;
const GITATTRIBUTES = '*.age diff=age\n';

/** Whether `arg` names a remote to clone rather than a folder on this machine. */
export function isRemote(arg: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(arg) || /^[^/\s]+@[^:\s]+:/.test(arg) || /\.git\/?$/.test(arg);
}

export class Store {
  constructor(readonly root: string) {}

  /** Writes a file of the store, refusing a symlink anywhere on the way (it could lead outside). */
  write(rel: string, data: string | Uint8Array): void {
    const abs = insideStore(this.root, rel);
    let dir = path.dirname(abs);
    const missing: string[] = [];
    while (dir !== this.root && !fs.existsSync(dir)) {
      missing.push(dir);
      dir = path.dirname(dir);
    }
    for (let d = path.dirname(abs); d.startsWith(this.root + path.sep); d = path.dirname(d)) {
      if (fs.existsSync(d) && fs.lstatSync(d).isSymbolicLink()) {
        throw new KeydeckError('TEAM_PATH_ESCAPES', `${path.relative(this.root, d)} in the team store is a symlink.`);
      }
    }
    for (const d of missing.reverse()) fs.mkdirSync(d);
    if (fs.existsSync(abs) && fs.lstatSync(abs).isSymbolicLink()) {
      throw new KeydeckError('TEAM_PATH_ESCAPES', `${rel} in the team store is a symlink.`);
    }
    fs.writeFileSync(abs, data, { mode: 0o644 });
  }

  remove(rel: string): void {
    fs.rmSync(insideStore(this.root, rel), { force: true });
  }

  /** Reads a file of the working tree as bytes (undefined if absent; a symlink is refused). */
  readBytes(rel: string): Uint8Array | undefined {
    const abs = insideStore(this.root, rel);
    if (!fs.existsSync(abs)) return undefined;
    if (fs.lstatSync(abs).isSymbolicLink()) {
      throw new KeydeckError('TEAM_PATH_ESCAPES', `${rel} in the team store is a symlink.`);
    }
    return fs.readFileSync(abs);
  }

  /** Refuses a store written by a newer Keydeck (its `.keydeck-format` says so). */
  checkFormat(): void {
    const abs = path.join(this.root, STORE_FORMAT_FILE);
    if (!fs.existsSync(abs)) return;
    const n = Number(fs.readFileSync(abs, 'utf8').trim());
    if (Number.isInteger(n) && n > STORE_FORMAT) {
      throw new KeydeckError(
        'TEAM_NEWER_FORMAT',
        `This team store was written by a newer Keydeck (store format ${n}; this one reads ${STORE_FORMAT}). Update Keydeck.`,
      );
    }
  }

  /** Stages `paths` (added, changed or removed) and commits them with `message`; false if nothing changed. */
  async commit(paths: readonly string[], message: string): Promise<boolean> {
    await gitOk(this.root, ['add', '-A', '--', ...paths]);
    // One process, not a `diff --cached` first: git says so itself when nothing was staged (LC_ALL=C).
    const r = await git(this.root, ['commit', '-q', '-m', message]);
    if (r.code === 0) return true;
    if (/nothing to commit|nothing added to commit|no changes added/.test(r.stdout + r.stderr)) return false;
    const line = (r.stderr || r.stdout).split('\n').find((l) => l.trim()) ?? `exit ${r.code}`;
    throw new KeydeckError('TEAM_GIT_FAILED', `git commit failed: ${line.trim().slice(0, 300)}`);
  }

  async head(): Promise<string> {
    const r = await git(this.root, ['rev-parse', '-q', '--verify', 'HEAD']);
    return r.code === 0 ? r.stdout.trim() : '';
  }

  async branch(): Promise<string> {
    const r = await git(this.root, ['symbolic-ref', '--short', 'HEAD']);
    return r.code === 0 ? r.stdout.trim() : 'main';
  }

  /**
   * HEAD and the team's commit (`origin/<branch>`) from one `git show-ref` ('' for a missing one): the
   * sync with nothing to do costs a fetch and this, about what `git fetch` + `git status` cost.
   */
  async heads(branch: string): Promise<{ head: string; upstream: string }> {
    const r = await git(this.root, ['show-ref', '--head']);
    let head = '';
    let upstream = '';
    for (const line of r.stdout.split('\n')) {
      const [oid, ref] = line.split(' ');
      if (ref === 'HEAD') head = oid!;
      else if (ref === `refs/remotes/origin/${branch}`) upstream = oid!;
    }
    return { head, upstream };
  }

  async hasRemote(): Promise<boolean> {
    return (await git(this.root, ['remote'])).stdout.split('\n').includes('origin');
  }

  /** The team's commit: `origin/<branch>` after the last fetch ('' when the remote has none). */
  async upstream(): Promise<string> {
    const r = await git(this.root, ['rev-parse', '-q', '--verify', `refs/remotes/origin/${await this.branch()}`]);
    return r.code === 0 ? r.stdout.trim() : '';
  }

  async fetch(): Promise<void> {
    await gitOk(this.root, ['fetch', '-q', 'origin'], 'TEAM_REMOTE_FAILED', 'Fetching from the team remote');
  }

  /** Replays this machine's commits on the team's; a conflict is undone and reported. */
  async rebase(onto: string): Promise<void> {
    const r = await git(this.root, ['rebase', '-q', onto]);
    if (r.code !== 0) {
      await git(this.root, ['rebase', '--abort']);
      throw new KeydeckError(
        'TEAM_CONFLICT',
        'Your unsynced store changes (share, unshare or member changes) conflict with the team’s; nothing was changed. Run keydeck team status.',
      );
    }
  }

  /** Pushes; 'moved' when the remote has commits this machine has not fetched yet. */
  async push(): Promise<'ok' | 'moved'> {
    const branch = await this.branch();
    const r = await git(this.root, ['push', '-q', 'origin', `HEAD:refs/heads/${branch}`]);
    if (r.code === 0) return 'ok';
    if (/\[rejected\]|fetch first|non-fast-forward/.test(r.stderr)) return 'moved';
    const line = r.stderr.split('\n').find((l) => l.trim()) ?? `exit ${r.code}`;
    throw new KeydeckError('TEAM_REMOTE_FAILED', `The team remote refused the push: ${line.trim().slice(0, 300)}`);
  }

  tree(ref: string): Promise<TreeEntry[]> {
    return lsTree(this.root, ref);
  }

  /** Makes a new store in `root` (git init, recipients, .gitattributes, format marker) with one first commit. */
  async create(me: Member): Promise<void> {
    fs.mkdirSync(this.root, { recursive: true });
    if ((await git(this.root, ['rev-parse', '--is-inside-work-tree'])).code !== 0) {
      await gitOk(this.root, ['init', '-q', '-b', 'main']);
    }
    await this.seed(me);
  }

  /** Writes the store's own files where they are missing, and commits them. */
  async seed(me: Member): Promise<void> {
    const files: string[] = [];
    const put = (rel: string, text: string) => {
      if (!fs.existsSync(path.join(this.root, rel))) {
        this.write(rel, text);
        files.push(rel);
      }
    };
    put(RECIPIENTS_FILE, formatRecipients([me]));
    put('.gitattributes', GITATTRIBUTES);
    put(STORE_FORMAT_FILE, `${STORE_FORMAT}\n`);
    if (files.length) await this.commit(files, 'keydeck: create the team store');
  }

  /** Clones `url` into `root`; a remote that does not exist leaves nothing behind. */
  static async clone(url: string, root: string): Promise<Store> {
    fs.mkdirSync(path.dirname(root), { recursive: true });
    const r = await git(path.dirname(root), ['clone', '-q', '--', url, root]);
    if (r.code !== 0) {
      fs.rmSync(root, { recursive: true, force: true });
      const line = r.stderr.split('\n').find((l) => l.trim()) ?? `exit ${r.code}`;
      throw new KeydeckError('TEAM_REMOTE_FAILED', `Could not clone the team store: ${line.trim().slice(0, 300)}`);
    }
    return new Store(root);
  }
}
