/**
 * What a leak scan looks for: every stored secret version (retired ones too) in the forms it leaks in.
 * Needles live in memory only; they are never written to disk or printed.
 */
import type { CredentialService } from '../credential-service.js';
import { SCAN_FORMS, secretForms } from '../secret-forms.js';

/** How a secret appeared in the text. */
import type { MatchForm } from '../../../shared/scan.js';

export type { MatchForm };
export { base64Fragments, decodedBasic } from '../secret-forms.js';

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
 * Adds the needles for one secret: the forms a leak in a file takes (SCAN_FORMS), from the one list of a
 * secret's forms (../secret-forms.ts) that the output masker uses too.
 */
export function needlesFor(
  secret: string,
  base: Omit<NeedleInfo, 'form'>,
  add: (bytes: Buffer, info: NeedleInfo) => void,
): void {
  for (const f of secretForms(secret)) {
    if (SCAN_FORMS.has(f.form)) add(f.bytes, { ...base, form: f.form as MatchForm });
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
