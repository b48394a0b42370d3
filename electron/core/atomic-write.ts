import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { KeydeckError } from '../../shared/errors.js';

/**
 * Writes a file whole or not at all: a fresh temp file in the same folder, given `mode` exactly (the
 * umask cannot narrow or widen it), then a rename over the target (a symlink there is replaced, not
 * followed). On failure the temp file is removed and WRITE_FAILED names the file.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode: number): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { mode, flag: 'wx' });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new KeydeckError(
      'WRITE_FAILED',
      `Could not write ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}
