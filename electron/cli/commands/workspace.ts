import { flag, json } from '../args.js';
import type { Command } from '../command.js';
import { quoteArg } from '../../../shared/echo.js';
import { UsageError } from '../io.js';
import { didYouMean } from '../suggest.js';

export const workspaceCommand: Command = {
  name: 'workspace',
  summary: 'list, add, switch or remove (empty) workspaces',
  usage: 'workspace list [--json] | add NAME | use NAME | rm NAME',
  examples: ['keydeck workspace add Staging', 'keydeck workspace use Staging', 'keydeck workspace list --json'],
  args: { sub: { list: null, add: null, use: 'workspace', rm: 'workspace' } },
  options: { json: { type: 'boolean' } },
  allowPositionals: true,
  async run(ctx) {
    const [sub, name, ...rest] = ctx.positionals;
    const ws = ctx.core.workspaces;
    if (rest.length) throw new UsageError('too many arguments');
    if (sub === 'list' || sub === undefined) {
      if (name) throw new UsageError('workspace list takes no NAME');
      const { workspaces, activeId } = ws.list();
      if (flag(ctx, 'json')) ctx.out(json(workspaces.map((w) => ({ ...w, active: w.id === activeId }))));
      else for (const w of workspaces) ctx.out(`${w.id === activeId ? '*' : ' '} ${w.name}`);
      return 0;
    }
    const subs = ['list', 'add', 'use', 'rm'];
    if (!subs.includes(sub)) {
      throw new UsageError(`unknown workspace command ${quoteArg(sub)} (list, add, use, rm).${didYouMean(sub, subs)}`);
    }
    if (!name) throw new UsageError(`workspace ${sub} needs a NAME`);
    if (sub === 'add') {
      const created = await ws.add(name);
      ctx.info(`Added workspace "${created.name}".`);
      return 0;
    }
    if (sub === 'use') {
      const active = await ws.use(name);
      ctx.info(`Now using workspace "${active.name}".`);
      return 0;
    }
    if (sub === 'rm') {
      const { removed, active } = await ws.remove(name);
      await ctx.core.credentials.clearTombstones();
      ctx.info(`Removed workspace "${removed.name}". Active workspace: "${active.name}".`);
      return 0;
    }
    throw new UsageError(`unknown workspace command ${quoteArg(sub)}`);
  },
};
