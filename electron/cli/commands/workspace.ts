import { flag, json } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../io.js';

export const workspaceCommand: Command = {
  name: 'workspace',
  summary: 'list, add, switch or remove (empty) workspaces',
  usage: 'workspace list [--json] | add NAME | use NAME | rm NAME',
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
    if (!name) throw new UsageError(`workspace ${sub} needs a NAME`);
    if (sub === 'add') {
      const created = await ws.add(name);
      ctx.out(`Added workspace "${created.name}".`);
      return 0;
    }
    if (sub === 'use') {
      const active = await ws.use(name);
      ctx.out(`Now using workspace "${active.name}".`);
      return 0;
    }
    if (sub === 'rm') {
      const { removed, active } = await ws.remove(name);
      await ctx.core.credentials.clearTombstones();
      ctx.out(`Removed workspace "${removed.name}". Active workspace: "${active.name}".`);
      return 0;
    }
    throw new UsageError(`unknown workspace command "${sub}" (list, add, use, rm)`);
  },
};
