import { flag, json, str } from '../args.js';
import type { Command } from '../command.js';
import { UsageError, confirm } from '../io.js';
import { TRASH_DAYS } from '../../../shared/constants.js';

/** `keydeck trash`: what `rm` (and the app's Delete) moved aside, restored or emptied for good. */
export const trashCommand: Command = {
  name: 'trash',
  summary: `list, restore or empty deleted credentials (kept ${TRASH_DAYS} days)`,
  usage: 'trash list [--json] | restore NAME [--name NEW] | empty [--yes]',
  examples: [
    'keydeck trash list',
    'keydeck trash restore OpenAI',
    'keydeck trash restore OpenAI --name "OpenAI (old)"   # its name was taken meanwhile',
    'keydeck trash empty --yes',
  ],
  options: { json: { type: 'boolean' }, name: { type: 'string' }, yes: { type: 'boolean', short: 'y' } },
  allowPositionals: true,
  async run(ctx) {
    const [sub = 'list', name, ...rest] = ctx.positionals;
    const trash = ctx.core.trash;
    if (rest.length) throw new UsageError('too many arguments');
    // What has been in the trash past its time goes first, whatever the command.
    await trash.purgeExpired();
    if (sub === 'list') {
      if (name) throw new UsageError('trash list takes no NAME');
      const items = trash.list({ workspace: ctx.workspace });
      if (flag(ctx, 'json')) ctx.out(json(items));
      else if (!items.length) ctx.notice('The trash is empty.');
      else
        for (const t of items)
          ctx.out(`${t.name}\t${t.kind}/${t.provider}\tdeleted ${t.deletedAt}\tpurged after ${t.purgeAt.slice(0, 10)}`);
      return 0;
    }
    if (sub === 'restore') {
      if (!name) throw new UsageError('trash restore needs a NAME');
      const newName = str(ctx, 'name');
      const cred = await trash.restore(name, { workspace: ctx.workspace, newName });
      ctx.info(`Restored "${cred.name}".`);
      return 0;
    }
    if (sub === 'empty') {
      if (name) throw new UsageError('trash empty takes no NAME');
      const count = trash.list({ workspace: ctx.workspace }).length;
      if (!count) {
        ctx.notice('The trash is empty.');
        return 0;
      }
      if (!flag(ctx, 'yes')) {
        if (!ctx.io.stdin.isTTY)
          throw new UsageError('refusing to empty the trash without --yes when not on a terminal');
        if (!(await confirm(ctx.io, `Delete ${count} credential(s) and their keychain entries for good?`))) {
          ctx.notice('Nothing deleted.');
          return 1;
        }
      }
      const n = await trash.empty({ workspace: ctx.workspace });
      ctx.info(`Emptied the trash: ${n} credential(s) deleted for good.`);
      return 0;
    }
    throw new UsageError(`unknown trash command "${sub}" (list, restore, empty)`);
  },
};
