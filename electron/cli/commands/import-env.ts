import type { EnvImportPlan, EnvImportResult } from '../../core/index.js';
import { PROVIDER_DESCRIPTORS } from '../../../shared/providers.js';
import { flag, json, nameArg } from '../args.js';
import type { Command } from '../command.js';
import { UsageError, confirm } from '../io.js';

function planLines(plan: EnvImportPlan): string[] {
  const rows = plan.items.map((i) => {
    const provider = i.provider
      ? `${PROVIDER_DESCRIPTORS[i.provider].displayName}${i.detectedBy ? ` (by ${i.detectedBy.replace('+', ' and ')})` : ''}`
      : '-';
    const action =
      i.action === 'create'
        ? `create "${i.credential}" (${i.kind})`
        : i.action === 'reference'
          ? `reference "${i.credential}"`
          : 'leave';
    return [
      `${i.line}`,
      i.variable,
      provider,
      action,
      i.action === 'leave' ? i.reason : i.reason.replace(/^new .*?credential(: )?/, ''),
    ];
  });
  const head = ['LINE', 'VARIABLE', 'PROVIDER', 'ACTION', 'WHY'];
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
}

function resultLines(r: EnvImportResult): string[] {
  const out: string[] = [];
  for (const c of r.created) out.push(`created: ${c.variable} → "${c.credential}"`);
  for (const c of r.referenced) out.push(`referenced: ${c.variable} → "${c.credential}" (already stored)`);
  if (r.left.length) out.push(`left as is: ${r.left.join(', ')}`);
  for (const l of r.leaks) {
    out.push(
      `LEAKED: ${l.variable} ("${l.credential}") is in git history: commit ${l.commit} (${l.path}). Rotate it: keydeck rotate "${l.credential}"`,
    );
  }
  return out;
}

export const importEnvCommand: Command = {
  name: 'import-env',
  summary: "move a plaintext .env file's keys into Keydeck and leave keydeck:// references in the file",
  usage: 'import-env FILE [--workspace W] [--dry-run] [--yes] [--json]',
  examples: [
    'keydeck import-env .env --dry-run   # show what would happen; change nothing',
    'keydeck import-env .env --workspace Work',
    'keydeck import-env .env --yes       # no question (needed when not on a terminal)',
  ],
  args: 'file',
  options: {
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const file = nameArg(ctx, 'FILE');
    const { planEnvImport, applyEnvImport } = await ctx.core.load.migrate();
    const plan = await planEnvImport(ctx.core, file, ctx.workspace ? { workspace: ctx.workspace } : {});
    const asJson = flag(ctx, 'json');
    if (!asJson) for (const line of planLines(plan)) ctx.out(line);
    for (const w of plan.warnings) ctx.notice(w);
    const dry = flag(ctx, 'dry-run');
    if (!plan.secrets || dry) {
      if (asJson) ctx.out(json({ plan }));
      ctx.info(
        !plan.secrets
          ? `No secrets found in ${plan.file}: nothing to import; the file is unchanged.`
          : `Dry run: nothing was created and ${plan.file} is unchanged.`,
      );
      return 0;
    }
    if (!flag(ctx, 'yes')) {
      if (!ctx.io.stdin.isTTY) {
        throw new UsageError('refusing to import without --yes when not on a terminal (preview with --dry-run)');
      }
      const creates = plan.items.filter((i) => i.action === 'create').length;
      const ok = await confirm(
        ctx.io,
        `Store ${creates} new credential(s) in "${plan.workspace}" and rewrite ${plan.file} with references?`,
      );
      if (!ok) {
        ctx.notice('Nothing imported.');
        return 1;
      }
    }
    const result = await applyEnvImport(ctx.core, plan);
    if (asJson) {
      ctx.out(json({ plan, result }));
      return 0;
    }
    for (const line of resultLines(result)) ctx.info(line);
    if (!result.historyScanned && result.historyNote) ctx.notice(`git history not scanned: ${result.historyNote}`);
    else if (result.historyScanned && !result.leaks.length) ctx.info('None of the values is in the git history.');
    ctx.info(`${plan.file} now holds references; \`keydeck run --env-file ${file} -- CMD\` resolves them.`);
    return 0;
  },
};
