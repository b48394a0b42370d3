/**
 * Writing a `.keydeck` file into a project folder: the folder must exist and be a folder, an existing
 * `.keydeck` is replaced only when the user confirmed, and the file holds names only (mode 0644).
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import { writeFileAtomic } from '../atomic-write.js';
import { PROJECT_FILE, projectFileText } from './project-file.js';
import { resolveUserPath } from '../user-path.js';

export interface SaveProjectFile {
  /** As the user typed it (absolute or `~/…`). */
  folder: string;
  /** Credential names as the core spells them. */
  names: string[];
  workspace: string;
  overwrite?: boolean;
}

export function saveProjectFile(req: SaveProjectFile): { path: string; bytes: number; replaced: boolean } {
  const { folder, names, workspace, overwrite } = req;
  const dir = resolveUserPath(folder, 'folder path');
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new KeydeckError('PATH_NOT_FOUND', `The folder ${folder} does not exist.`, 'folder');
  }
  if (!st.isDirectory()) {
    throw new KeydeckError(
      'INVALID_INPUT',
      `${folder} is a file: give the project folder that should hold it.`,
      'folder',
    );
  }
  // Names only, from the core's own formatter: the file never holds a secret.
  const text = projectFileText(names, workspace);
  const file = path.join(dir, PROJECT_FILE);
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(file);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) {
    throw new KeydeckError('INVALID_INPUT', `${file} is a folder, so no ${PROJECT_FILE} file can go there.`, 'folder');
  }
  if (existing && !overwrite) {
    throw new KeydeckError('FILE_EXISTS', `${file} already exists. Replace it only if you mean to.`, 'folder');
  }
  writeFileAtomic(file, text, 0o644);
  return { path: file, bytes: Buffer.byteLength(text), replaced: !!existing };
}
