/**
 * What a leak scan looks for: every stored secret version (retired ones too) in the forms it leaks in.
 * Needles live in memory only; they are never written to disk or printed.
 */
import type { CredentialService } from '../credential-service.js';

/** How a secret appeared in the text. */
import type { MatchForm } from '../../../shared/scan.js';

export type { MatchForm };

export interface NeedleInfo {
  credentialId: string;
  name: string;
  workspaceId: string;
  version: number;
  status: string;
  fingerprint: string;
  form: MatchForm;
}

export interface Needles {
  bytes: Buffer[];
  info: NeedleInfo[];
  /** Versions whose secret could not be read (named, never the value). */
  unreadable: { name: string; version: number; reason: string }[];
}

/**
 * The stable base64 fragments of `secret` when it sits at any offset inside encoded data, e.g. the
 * `key:secret` of a Basic credential. Each of the three byte alignments gives one fragment: the
 * characters that depend on the secret's bytes alone.
 */
export function base64Fragments(secret: Buffer): string[] {
  const out = new Set<string>();
  for (let a = 0; a < 3; a++) {
    const padded = Buffer.concat([Buffer.alloc(a), secret]);
    const full = Math.floor(padded.length / 3) * 3;
    const enc = padded.subarray(0, full).toString('base64');
    const skip = a === 0 ? 0 : a === 1 ? 2 : 3;
    const frag = enc.slice(skip);
    if (frag.length >= 12) out.add(frag);
  }
  for (const f of [...out]) {
    const url = f.replace(/\+/g, '-').replace(/\//g, '_');
    if (url !== f) out.add(url);
  }
  return [...out];
}

/** `key:secret` when the stored value is a Base64 Basic credential; undefined otherwise. */
export function decodedBasic(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]{8,}={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  const text = Buffer.from(value, 'base64').toString('utf8');
  if (!/^[\x21-\x7e]+:[\x21-\x7e]+$/.test(text)) return undefined;
  return text;
}

export function needlesFor(
  secret: string,
  base: Omit<NeedleInfo, 'form'>,
  add: (bytes: Buffer, info: NeedleInfo) => void,
): void {
  const raw = Buffer.from(secret, 'utf8');
  if (!raw.length) return;
  add(raw, { ...base, form: 'exact' });
  if (raw.length >= 8) for (const f of base64Fragments(raw)) add(Buffer.from(f), { ...base, form: 'base64' });
  const basic = decodedBasic(secret);
  if (basic) {
    add(Buffer.from(basic), { ...base, form: 'basic-decoded' });
    const pass = basic.slice(basic.indexOf(':') + 1);
    if (pass.length >= 8) add(Buffer.from(pass), { ...base, form: 'basic-decoded' });
  }
}

/** Reads every version of every credential (all workspaces unless one is named) into needles. */
export async function loadNeedles(credentials: CredentialService, opts: { workspace?: string } = {}): Promise<Needles> {
  const creds = credentials.list(opts.workspace ? { workspace: opts.workspace } : { allWorkspaces: true });
  const out: Needles = { bytes: [], info: [], unreadable: [] };
  const seen = new Set<string>();
  const add = (bytes: Buffer, info: NeedleInfo) => {
    const key = bytes.toString('latin1');
    if (seen.has(key)) return;
    seen.add(key);
    out.bytes.push(bytes);
    out.info.push(info);
  };
  // One keychain search for every version, not one read (and one D-Bus connection) per version.
  const wanted = creds.flatMap((cred) => cred.versions.map((v) => ({ cred, version: v.version, v })));
  const read = await credentials.readVersions(wanted);
  wanted.forEach(({ cred, v }, i) => {
    const r = read[i]!;
    if ('error' in r) {
      out.unreadable.push({ name: cred.name, version: v.version, reason: r.error.message });
      return;
    }
    needlesFor(
      r.secret,
      {
        credentialId: cred.id,
        name: cred.name,
        workspaceId: cred.workspaceId,
        version: v.version,
        status: v.status,
        fingerprint: v.fingerprint,
      },
      add,
    );
  });
  return out;
}
