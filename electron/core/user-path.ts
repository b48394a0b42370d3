/**
 * Paths typed by a user in the app: the one rule for what they may look like. Main's working folder
 * means nothing to the user, so a path is absolute or starts with `~/` (the home folder).
 */
import os from 'node:os';
import path from 'node:path';
import { KeydeckError } from '../../shared/errors.js';

/** `~/x` → the home folder; anything else must be absolute. Throws INVALID_INPUT naming `what`. */
export function resolveUserPath(p: string, what = 'path', home = os.homedir()): string {
  const t = p.trim();
  if (t === '~' || t.startsWith('~/')) return path.join(home, t.slice(1));
  if (!path.isAbsolute(t)) {
    throw new KeydeckError('INVALID_INPUT', `Give the full ${what} (like /home/you/project or ~/project).`);
  }
  return path.resolve(t);
}
