/**
 * One shared credential's file: binary age (never armored) around a plaintext whose first line is the
 * secret exactly as a header or env line needs it, then `key: value` metadata lines, so
 * `age -d -i identity.txt store/ws/name.age | head -1` prints the secret. A retiring version (a rotation's
 * overlap) travels as `retiring vN: <secret>` and `retiring vN until: <date>`.
 *
 * `format: keydeck-team/N` marks the layout; a file from a newer Keydeck is refused, never half-read. A
 * file without it (written by hand with `age`, or by passage) reads as format 1 with defaults.
 */
import { Decrypter } from 'age-encryption';
import { KeydeckError } from '../../../shared/errors.js';
import { sealAge } from './seal.js';

export const TEAM_FORMAT = 1;
const MARK = 'keydeck-team/';
const AGE_MAGIC = 'age-encryption.org/v1\n';

export interface TeamEntry {
  /** The active version's secret (line 1). */
  secret: string;
  /** Metadata, in file order; keys lower-case with spaces (`auth scheme`). */
  fields: Map<string, string>;
  /** Versions still in their overlap window, with their secrets. */
  retiring: { version: number; secret: string; until: string }[];
}

function singleLine(what: string, v: string): string {
  if (/[\r\n]/.test(v)) {
    throw new KeydeckError('TEAM_UNSHAREABLE', `${what} spans several lines; a team file keeps it on one line.`);
  }
  return v;
}

/** The plaintext of a team file. */
export function encodeEntry(e: TeamEntry): string {
  if (!e.secret) throw new KeydeckError('EMPTY_SECRET', 'A shared credential needs a secret.');
  const lines = [singleLine('The secret', e.secret), `format: ${MARK}${TEAM_FORMAT}`];
  for (const [k, v] of e.fields) if (k !== 'format' && v !== '') lines.push(`${k}: ${singleLine(k, v)}`);
  for (const r of e.retiring) {
    lines.push(
      `retiring v${r.version}: ${singleLine('A retiring secret', r.secret)}`,
      `retiring v${r.version} until: ${r.until}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Reads a team file's plaintext; damaged or newer-format text is an error naming `shown`. */
export function decodeEntry(text: string, shown: string): TeamEntry {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const secret = lines[0] ?? '';
  if (!secret.trim()) throw new KeydeckError('TEAM_FILE_DAMAGED', `${shown} holds no secret on its first line.`);
  const fields = new Map<string, string>();
  const retiring = new Map<number, { secret?: string; until?: string }>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const m = /^([a-z][a-z0-9 ]{0,40}?):\s?(.*)$/.exec(line);
    if (!m) throw new KeydeckError('TEAM_FILE_DAMAGED', `${shown} line ${i + 1} is not "key: value".`);
    const [, key, value] = m as unknown as [string, string, string];
    const r = /^retiring v(\d{1,6})( until)?$/.exec(key);
    if (r) {
      const slot = retiring.get(Number(r[1])) ?? {};
      if (r[2]) slot.until = value;
      else slot.secret = value;
      retiring.set(Number(r[1]), slot);
    } else fields.set(key, value);
  }
  const format = fields.get('format');
  if (format !== undefined) {
    const n = format.startsWith(MARK) ? Number(format.slice(MARK.length)) : NaN;
    if (!Number.isInteger(n) || n < 1) {
      throw new KeydeckError('TEAM_FILE_DAMAGED', `${shown} has an unknown format line (${format.slice(0, 40)}).`);
    }
    if (n > TEAM_FORMAT) {
      throw new KeydeckError(
        'TEAM_NEWER_FORMAT',
        `${shown} was written by a newer Keydeck (format ${n}; this one reads ${TEAM_FORMAT}). Update Keydeck.`,
      );
    }
  }
  const out: TeamEntry['retiring'] = [];
  for (const [version, s] of retiring) {
    if (!s.secret || !s.until || Number.isNaN(Date.parse(s.until))) {
      throw new KeydeckError('TEAM_FILE_DAMAGED', `${shown} has an incomplete retiring v${version}.`);
    }
    out.push({ version, secret: s.secret, until: s.until });
  }
  return { secret, fields, retiring: out };
}

/** Encrypts a plaintext to recipients as binary age (seal.ts: Node's native crypto, ~0.5 ms a file). */
export function sealFile(plaintext: string, recipients: readonly string[]): Promise<Uint8Array> {
  return Promise.resolve(sealAge(plaintext, recipients));
}

/** Decrypts a team file; `TEAM_NOT_RECIPIENT` when my identity is not among its recipients. */
export async function openFile(file: Uint8Array, identity: string, shown: string): Promise<string> {
  if (Buffer.from(file.subarray(0, AGE_MAGIC.length)).toString('latin1') !== AGE_MAGIC) {
    throw new KeydeckError('TEAM_FILE_DAMAGED', `${shown} is not a binary age file.`);
  }
  const d = new Decrypter();
  d.addIdentity(identity);
  try {
    return await d.decrypt(file, 'text');
  } catch (err) {
    const msg = (err as Error).message;
    if (/no identity matched/.test(msg)) {
      throw new KeydeckError(
        'TEAM_NOT_RECIPIENT',
        `${shown} is not encrypted to you (yet): ask a member to add you and share again.`,
      );
    }
    throw new KeydeckError('TEAM_FILE_DAMAGED', `${shown} is damaged or truncated (${msg.slice(0, 80)}).`);
  }
}
