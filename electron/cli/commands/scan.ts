import type { ScanProgress } from '../../core/index.js';
import { flag, json } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../io.js';

const HOOK_HINT =
  'To check every commit: keydeck scan --hook > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit';

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'find your stored secrets (every version) in files or, with --git, in all of git history',
  usage:
    'scan PATH [--git] [--json] [--include-ignored] [--include-binary] [--quiet] | scan --staged [PATH] | scan --hook',
  examples: [
    'keydeck scan .',
    'keydeck scan . --git --json',
    'keydeck scan --staged   # what the next commit records (pre-commit: .pre-commit-hooks.yaml)',
    'keydeck scan --hook > .git/hooks/pre-commit',
  ],
  args: 'file',
  options: {
    git: { type: 'boolean' },
    staged: { type: 'boolean' },
    json: { type: 'boolean' },
    'include-ignored': { type: 'boolean' },
    'include-binary': { type: 'boolean' },
    hook: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
  },
  async run(ctx) {
    if (flag(ctx, 'hook')) {
      const { preCommitHook } = await ctx.core.load.scan();
      ctx.out(preCommitHook().trimEnd());
      return 0;
    }
    const staged = flag(ctx, 'staged');
    if (staged && flag(ctx, 'git')) throw new UsageError('--staged and --git do not go together');
    if (staged ? ctx.positionals.length > 1 : ctx.positionals.length !== 1) throw new UsageError('expected one PATH');
    const target = ctx.positionals[0] ?? '.';
    const asJson = flag(ctx, 'json');
    const stderr = ctx.io.stderr as NodeJS.WriteStream;
    const live = !asJson && !flag(ctx, 'quiet') && stderr.isTTY === true;
    const onProgress = live
      ? (p: ScanProgress) => {
          const what = p.total ? `${p.files}/${p.total} blobs` : `${p.files} files`;
          stderr.write(`\r\x1b[Kscanning: ${what}, ${mb(p.bytes)}, ${p.findings} found`);
          if (p.phase === 'done') stderr.write('\r\x1b[K');
        }
      : undefined;
    const { scan } = await ctx.core.load.scan();
    const report = await scan(ctx.core.credentials, target, {
      git: flag(ctx, 'git'),
      staged,
      includeIgnored: flag(ctx, 'include-ignored'),
      includeBinary: flag(ctx, 'include-binary'),
      ...(ctx.workspace ? { workspace: ctx.workspace } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    if (asJson) {
      ctx.out(json(report));
      return report.findings.length ? 1 : 0;
    }
    for (const s of report.unreadableSecrets) ctx.notice(`not searched: "${s.name}" v${s.version}: ${s.reason}`);
    for (const p of report.problems) ctx.notice(`skipped ${p.path}: ${p.reason}`);
    for (const f of report.findings) {
      const where = f.commit ? `${f.commit.slice(0, 12)}:${f.file}:${f.line}` : `${f.file}:${f.line}`;
      const form =
        f.form === 'exact' ? '' : ` (${f.form === 'base64' ? 'base64-encoded' : 'decoded Basic credential'})`;
      ctx.out(`${where}: "${f.credential}" v${f.version} (${f.status}) ${f.fingerprint}${form}`);
    }
    const scope =
      report.mode === 'git'
        ? `${report.files} blobs in ${report.commits ?? 0} commits`
        : report.mode === 'staged'
          ? `${report.files} staged file(s)`
          : `${report.files} files (${report.binarySkipped} binary and ${report.dirsSkipped} dependency/VCS folders skipped)`;
    const summary = `Scanned ${scope}, ${mb(report.bytes)}, for ${report.secretsSearched} secret version(s) in ${(report.durationMs / 1000).toFixed(1)} s.`;
    ctx.io.stderr.write(summary + '\n');
    if (report.secretsSearched === 0) ctx.notice('No secrets are stored, so there was nothing to look for.');
    if (report.findings.length) {
      ctx.io.stderr.write(
        `Found ${report.findings.length} occurrence(s) of stored secrets. Rotate leaked keys (keydeck rotate NAME) and remove them from the files${report.mode === 'git' ? ' and from history' : ''}.\n${HOOK_HINT}\n`,
      );
      return 1;
    }
    ctx.io.stderr.write(`No stored secret found.\n${HOOK_HINT}\n`);
    return 0;
  },
};
