/**
 * "Where are my keys?": finds the user's own stored secrets (every version, retired ones too) in a
 * folder or in a repository's whole git history. Exact matches only, plus the Base64 forms a secret
 * leaks in (Basic credentials, base64 of the key). A result names file, line, commit, credential,
 * version and fingerprint; it never holds the secret or the matching text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import type { Finding, ScanProgress, ScanTotals } from '../../../shared/scan.js';

export type { Finding, ScanProgress, ScanTotals };
import type { CredentialService } from '../credential-service.js';
import { walk, type WalkStats } from './files.js';
import { type BlobOrigin, gitTopLevel, historyBlobs, scanBlobs, stagedBlobs } from './git.js';
import { MultiMatcher } from './matcher.js';
import { loadNeedles, type MatchForm, type Needles } from './needles.js';
import { StreamScanner, type RawHit } from './stream.js';

export { IGNORED_DIRS } from './files.js';
export { MultiMatcher } from './matcher.js';
export { base64Fragments, loadNeedles, needlesFor, type MatchForm, type NeedleInfo, type Needles } from './needles.js';

export interface ScanOptions {
  git?: boolean;
  /** Only what is staged for the next commit: the index blobs of added and changed files (pre-commit). */
  staged?: boolean;
  /** Also scan node_modules, .git and similar folders. */
  includeIgnored?: boolean;
  includeBinary?: boolean;
  /** Limit the needles to one workspace; default all. */
  workspace?: string;
  onProgress?: (p: ScanProgress) => void;
  signal?: AbortSignal;
}

export interface ScanReport extends ScanTotals {
  findings: Finding[];
  aborted: boolean;
}

const FORM_RANK: Record<MatchForm, number> = { exact: 0, 'basic-decoded': 1, base64: 2 };

/** One finding per file, line (and commit) and credential version; the most direct form wins. */
function collect(needles: Needles, findings: Finding[], file: string, hits: RawHit[], commit?: string): void {
  const best = new Map<string, Finding>();
  for (const h of hits) {
    const info = needles.info[h.needle]!;
    const key = `${h.line}\0${info.credentialId}\0${info.version}`;
    const prev = best.get(key);
    if (prev && FORM_RANK[prev.form] <= FORM_RANK[info.form]) continue;
    best.set(key, {
      file,
      line: h.line,
      ...(commit ? { commit } : {}),
      credential: info.name,
      credentialId: info.credentialId,
      workspaceId: info.workspaceId,
      version: info.version,
      status: info.status,
      fingerprint: info.fingerprint,
      form: info.form,
    });
  }
  findings.push(...[...best.values()].sort((a, b) => a.line - b.line));
}

/**
 * Scans with needles already loaded (the bench and the app's repeated scans reuse them). Progress is
 * reported at most every 100 ms, and the event loop gets a turn every ~30 ms so a UI stays live.
 */
export async function scanWithNeedles(target: string, needles: Needles, opts: ScanOptions = {}): Promise<ScanReport> {
  const t0 = performance.now();
  const root = path.resolve(target);
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KeydeckError(
      'PATH_NOT_FOUND',
      code === 'ENOENT' ? `No such file or folder: ${target}` : `Cannot read ${target}: ${code ?? 'error'}`,
    );
  }
  const report: ScanReport = {
    root,
    mode: opts.staged ? 'staged' : opts.git ? 'git' : 'files',
    findings: [],
    files: 0,
    bytes: 0,
    binarySkipped: 0,
    dirsSkipped: 0,
    problems: [],
    unreadableSecrets: needles.unreadable,
    secretsSearched: new Set(needles.info.map((i) => `${i.credentialId}/${i.version}`)).size,
    durationMs: 0,
    aborted: false,
  };
  const finish = () => {
    report.durationMs = performance.now() - t0;
    report.aborted = !!opts.signal?.aborted;
    opts.onProgress?.({ phase: 'done', files: report.files, bytes: report.bytes, findings: report.findings.length });
    return report;
  };
  if (!needles.bytes.length) return finish();
  const matcher = new MultiMatcher(needles.bytes);
  const scanner = new StreamScanner(matcher);
  let lastProgress = 0;
  let lastYield = performance.now();
  const progress = (p: Omit<ScanProgress, 'findings'>, force = false) => {
    const now = performance.now();
    if (!opts.onProgress || (!force && now - lastProgress < 100)) return;
    lastProgress = now;
    opts.onProgress({ ...p, findings: report.findings.length });
  };
  const breathe = (): Promise<void> | void => {
    const now = performance.now();
    if (now - lastYield < 30) return;
    lastYield = now;
    return new Promise((r) => setImmediate(r));
  };

  if (!opts.git && !opts.staged) {
    const stats: WalkStats = await walk(root, scanner, {
      includeIgnored: !!opts.includeIgnored,
      includeBinary: !!opts.includeBinary,
      signal: opts.signal,
      onHits: (rel, hits) => collect(needles, report.findings, st.isDirectory() ? rel : target, hits),
      tick: (current, s) => {
        progress({ phase: 'scanning', files: s.files, bytes: s.bytes, current });
        return breathe();
      },
    });
    Object.assign(report, {
      files: stats.files,
      bytes: stats.bytes,
      binarySkipped: stats.binarySkipped,
      dirsSkipped: stats.dirsSkipped,
      problems: stats.problems,
    });
    return finish();
  }

  const flagName = opts.staged ? '--staged' : '--git';
  if (!st.isDirectory())
    throw new KeydeckError('NOT_A_GIT_REPO', `${target} is a file; ${flagName} needs a repository folder.`);
  const top = await gitTopLevel(root);
  report.root = top;
  progress({ phase: 'listing-history', files: 0, bytes: 0 }, true);
  let blobs: Map<string, BlobOrigin>;
  if (opts.staged) blobs = await stagedBlobs(top);
  else {
    const history = await historyBlobs(top);
    blobs = history.blobs;
    report.commits = history.commits;
  }
  const ids = [...blobs.keys()];
  await scanBlobs(top, ids, scanner, {
    includeBinary: !!opts.includeBinary,
    onBlob: (id, size, binary, hits) => {
      report.bytes += size;
      if (binary && !opts.includeBinary) report.binarySkipped++;
      else report.files++;
      const origin = blobs.get(id)!;
      if (opts.signal?.aborted) return;
      if (hits.length) collect(needles, report.findings, origin.path, hits, origin.commit || undefined);
      progress({
        phase: 'scanning',
        files: report.files,
        bytes: report.bytes,
        total: ids.length,
        current: origin.path,
      });
    },
  });
  return finish();
}

/** Reads the needles from the keychain, then scans. */
export async function scan(
  credentials: CredentialService,
  target: string,
  opts: ScanOptions = {},
): Promise<ScanReport> {
  if (!fs.existsSync(path.resolve(target)))
    throw new KeydeckError('PATH_NOT_FOUND', `No such file or folder: ${target}`);
  opts.onProgress?.({ phase: 'reading-keychain', files: 0, bytes: 0, findings: 0 });
  const needles = await loadNeedles(credentials, opts.workspace ? { workspace: opts.workspace } : {});
  return scanWithNeedles(target, needles, opts);
}

/** A git pre-commit hook that refuses a commit whose staged files hold a stored secret. */
export function preCommitHook(): string {
  return [
    '#!/usr/bin/env bash',
    '# Keydeck: refuse commits that contain one of your stored API keys.',
    '# Install: keydeck scan --hook > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit',
    'exec keydeck scan --staged',
    '',
  ].join('\n');
}
