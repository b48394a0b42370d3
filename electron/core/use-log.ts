import fs from 'node:fs';
import path from 'node:path';
import { LIMITS } from '../../shared/constants.js';
import type { UseLogEntry } from '../../shared/domain.js';

/**
 * The local use log: when each credential was used and how, never the value. Append-only JSON lines
 * beside the catalog, so recording a use does not contend for the catalog lock.
 */
export class UseLog {
  readonly path: string;
  constructor(dir: string) {
    this.path = path.join(dir, 'use-log.jsonl');
  }

  private fd?: number;

  record(entry: UseLogEntry): void {
    try {
      this.fd ??= fs.openSync(this.path, 'a', 0o600);
      fs.writeSync(this.fd, JSON.stringify(entry) + '\n');
    } catch {
      // The log is a convenience; a full disk must not block using a key.
    }
  }

  /** Newest first. Trims the file when it has grown to twice the kept size. */
  read(limit: number = LIMITS.useLogEntries): UseLogEntry[] {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch {
      return [];
    }
    const lines = text.split('\n').filter(Boolean);
    if (lines.length > LIMITS.useLogEntries * 2) {
      const kept = lines.slice(-LIMITS.useLogEntries);
      fs.writeFileSync(this.path, kept.join('\n') + '\n', { mode: 0o600 });
    }
    const out: UseLogEntry[] = [];
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      try {
        out.push(JSON.parse(lines[i]!) as UseLogEntry);
      } catch {
        // skip a torn line
      }
    }
    return out;
  }
}
