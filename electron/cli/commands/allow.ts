import { flag, json } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError, confirm } from '../io.js';
import { describeAsks } from '../../../shared/trust.js';

/** PATH, else the `.keydeck` (up to the repository root) or `.env` found from the working folder. */
export function trustTarget(ctx: CommandContext, verb: string): string {
  if (ctx.positionals.length > 1) throw new UsageError('expected at most one PATH');
  const given = ctx.positionals[0];
  if (given !== undefined) return given;
  const found = ctx.core.trust.locate(process.cwd());
  if (!found) {
    throw new UsageError(
      `no .keydeck (up to the repository root) or .env here: give the file to ${verb}, e.g. keydeck ${verb} .env.local`,
    );
  }
  return found;
}

export const allowCommand: Command = {
  name: 'allow',
  summary: 'allow a .keydeck project file or an env file with references, as it is now (shows what it asks for)',
  usage: 'allow [PATH] [--yes] | allow --list [--json]',
  examples: [
    'keydeck allow            # the .keydeck or .env found here',
    'keydeck allow .env.local --yes   # no question (needed when not on a terminal)',
    'keydeck allow --list',
  ],
  options: { yes: { type: 'boolean', short: 'y' }, list: { type: 'boolean' }, json: { type: 'boolean' } },
  args: 'file',
  allowPositionals: true,
  async run(ctx) {
    if (flag(ctx, 'list')) {
      if (ctx.positionals.length) throw new UsageError('--list takes no PATH');
      const all = ctx.core.trust.list();
      if (flag(ctx, 'json')) ctx.out(json(all));
      else if (!all.length) ctx.notice('No file is allowed yet: `keydeck allow PATH` allows one.');
      else for (const t of all) ctx.out(`${t.path}\t${t.allowedAt.slice(0, 10)}\t${describeAsks(t)}`);
      return 0;
    }
    const file = trustTarget(ctx, 'allow');
    const d = ctx.core.trust.describe(file);
    const st = ctx.core.trust.check(file, d);
    if (st.state === 'allowed') {
      ctx.info(`Already allowed as it is (${describeAsks(st.asks)}).`);
      return 0;
    }
    // Shown even with --quiet: this is what the user is about to trust.
    const what = st.state === 'changed' ? 'changed since you allowed it; it now asks for' : 'asks for';
    ctx.io.stderr.write(`${st.path} ${what} ${describeAsks(st.asks)}.\n`);
    if (!flag(ctx, 'yes')) {
      if (!ctx.io.stdin.isTTY) {
        throw new UsageError('refusing to allow without --yes when not on a terminal: review the file, then add --yes');
      }
      if (!(await confirm(ctx.io, 'Allow Keydeck to use it?'))) {
        ctx.notice('Nothing allowed.');
        return 1;
      }
    }
    const rec = await ctx.core.trust.allow(file, d);
    ctx.info(`Allowed, as it is now (${describeAsks(rec)}). \`keydeck deny\` takes it back.`);
    return 0;
  },
};
