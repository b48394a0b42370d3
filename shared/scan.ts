/**
 * What a leak scan reports, in core and across IPC: where a stored secret was found, never the secret
 * or the matching text.
 */
export type MatchForm = 'exact' | 'base64' | 'basic-decoded';

export interface Finding {
  /** Relative to the scanned folder (or the repository root with `git`). */
  file: string;
  line: number;
  /** With `git`: the first commit that introduced the content. */
  commit?: string;
  credential: string;
  credentialId: string;
  workspaceId: string;
  version: number;
  status: string;
  fingerprint: string;
  form: MatchForm;
}

/** Everything a finished scan reports besides its findings. */
export interface ScanTotals {
  root: string;
  /** `staged`: the index blobs of added and changed files (what the next commit records). */
  mode: 'files' | 'git' | 'staged';
  files: number;
  bytes: number;
  binarySkipped: number;
  dirsSkipped: number;
  commits?: number;
  /** Unreadable files, symlink loops: reported, never fatal. */
  problems: { path: string; reason: string }[];
  /** Secret versions that could not be read from the keychain (so were not looked for). */
  unreadableSecrets: { name: string; version: number; reason: string }[];
  secretsSearched: number;
  durationMs: number;
}

export type ScanPhase = 'reading-keychain' | 'listing-history' | 'scanning' | 'done';

export interface ScanProgress {
  phase: ScanPhase;
  files: number;
  bytes: number;
  findings: number;
  /** With `git`: blobs scanned of `total`. */
  total?: number;
  current?: string;
}
