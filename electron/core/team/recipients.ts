/**
 * `.age-recipients` files, as passage reads them: one `age1…` X25519 recipient per line, `#` comments and
 * blank lines allowed; the nearest one upward from a credential's folder applies. Keydeck names a
 * member with a `# member: NAME` comment on the line before its recipient (plain comments to `age`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';

export const RECIPIENTS_FILE = '.age-recipients';
/** An X25519 recipient: `age1` and 58 bech32 characters. Post-quantum ones (age 1.1 cannot read them) are refused. */
const X25519 = /^age1[02-9ac-hj-np-z]{58}$/;

export interface Member {
  recipient: string;
  /** The `# member:` name, or the recipient's start when the line has none. */
  name: string;
}

/** Whether `s` is an X25519 age recipient. */
export function isRecipient(s: string): boolean {
  return X25519.test(s);
}

/** Parses a recipients file; a line that is not a recipient is an error naming the file and line. */
export function parseRecipients(text: string, shown = RECIPIENTS_FILE): Member[] {
  const out: Member[] = [];
  let pending: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith('#')) {
      const m = /^#\s*member:\s*(.+)$/.exec(line);
      pending = m ? m[1]!.trim() : pending;
      return;
    }
    if (!isRecipient(line)) {
      throw new KeydeckError(
        'TEAM_BAD_RECIPIENT',
        `${shown} line ${i + 1} is not an X25519 age recipient (age1… with 58 more characters): ${JSON.stringify(line.slice(0, 24))}.`,
      );
    }
    if (!out.some((m) => m.recipient === line)) out.push({ recipient: line, name: pending ?? line.slice(0, 12) });
    pending = undefined;
  });
  return out;
}

/** The text of a recipients file for these members. */
export function formatRecipients(members: readonly Member[]): string {
  const head = '# Keydeck team store: one age recipient per line (passage reads this file too).\n';
  return head + members.map((m) => `# member: ${m.name.replace(/[\r\n]/g, ' ')}\n${m.recipient}\n`).join('');
}

/** Reads a file of the store, refusing a symlink (it could point outside the store). */
export function readStoreFile(abs: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return undefined;
  }
  if (st.isSymbolicLink()) {
    throw new KeydeckError('TEAM_PATH_ESCAPES', `${abs} is a symlink; Keydeck does not follow links in a team store.`);
  }
  return fs.readFileSync(abs, 'utf8');
}

/** The recipients that apply to a file at store-relative `rel`: the nearest `.age-recipients` upward. */
export function recipientsFor(root: string, rel: string): { file: string; members: Member[] } {
  let dir = path.dirname(rel);
  for (;;) {
    const file = dir === '.' ? RECIPIENTS_FILE : `${dir}/${RECIPIENTS_FILE}`;
    const text = readStoreFile(path.join(root, file));
    if (text !== undefined) {
      const members = parseRecipients(text, file);
      if (!members.length) throw new KeydeckError('TEAM_NO_RECIPIENTS', `${file} names no recipient.`);
      return { file, members };
    }
    if (dir === '.') break;
    dir = path.dirname(dir);
  }
  throw new KeydeckError('TEAM_NO_RECIPIENTS', `The team store has no ${RECIPIENTS_FILE} file. Run: keydeck team init`);
}
