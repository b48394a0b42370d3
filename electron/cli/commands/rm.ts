import { flag, nameArg } from '../args.js';
import type { Command } from '../command.js';
import { UsageError, confirm } from '../io.js';

export const rmCommand: Command = {
  name: 'rm',
  summary: 'move a credential to the trash (`keydeck trash restore NAME` undoes it)',
  usage: 'rm NAME [--yes]',
  examples: ['keydeck rm OpenAI', 'keydeck rm OpenAI --yes   # no question (needed when not on a terminal)'],
  args: 'credential',
  options: { yes: { type: 'boolean', short: 'y' } },
  async run(ctx) {
    const name = nameArg(ctx);
    const cred = ctx.core.credentials.get(name, ctx.workspace);
    if (!flag(ctx, 'yes')) {
      if (!ctx.io.stdin.isTTY) throw new UsageError('refusing to delete without --yes when not on a terminal');
      const ok = await confirm(
        ctx.io,
        `Move "${cred.name}" and its ${cred.versions.length} secret version(s) to the trash?`,
      );
      if (!ok) {
        ctx.notice('Nothing deleted.');
        return 1;
      }
    }
    const t = await ctx.core.trash.moveToTrash(cred.id, ctx.workspace);
    ctx.info(
      `Moved "${cred.name}" to the trash: \`keydeck trash restore\` brings it back; its keychain entries go when the trash is emptied (${t.purgeAt.slice(0, 10)}, or \`keydeck trash empty\`).`,
    );
    return 0;
  },
};
