import { flag, nameArg } from '../args.js';
import type { Command } from '../command.js';
import { UsageError, confirm } from '../io.js';

export const rmCommand: Command = {
  name: 'rm',
  summary: 'delete a credential and all its secret versions',
  usage: 'rm NAME [--yes]',
  examples: ['keydeck rm OpenAI', 'keydeck rm OpenAI --yes   # no question (needed when not on a terminal)'],
  args: 'credential',
  options: { yes: { type: 'boolean', short: 'y' } },
  async run(ctx) {
    const name = nameArg(ctx);
    const cred = ctx.core.credentials.get(name, ctx.workspace);
    if (!flag(ctx, 'yes')) {
      if (!ctx.io.stdin.isTTY) throw new UsageError('refusing to delete without --yes when not on a terminal');
      const ok = await confirm(ctx.io, `Delete "${cred.name}" and its ${cred.versions.length} secret version(s)?`);
      if (!ok) {
        ctx.notice('Nothing deleted.');
        return 1;
      }
    }
    await ctx.core.credentials.delete(cred.id, ctx.workspace);
    ctx.info(`Deleted "${cred.name}".`);
    return 0;
  },
};
