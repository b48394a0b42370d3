import { flag, json, nameArg } from '../args.js';
import type { Command } from '../command.js';

/**
 * `keydeck read REF`: one reference's value, as is. Nothing is added after it when stdout is a pipe or
 * a file (`keydeck read keydeck://X > key.txt` holds the value byte for byte); a terminal gets a newline.
 */
export const readCommand: Command = {
  name: 'read',
  summary: 'print the value a keydeck:// reference stands for (keydeck://[WORKSPACE/]CREDENTIAL[/FIELD])',
  usage: 'read REF [--json]',
  examples: ['keydeck read keydeck://OpenAI', 'keydeck read keydeck://Prod/OpenAI/header'],
  options: { json: { type: 'boolean' } },
  async run(ctx) {
    const ref = nameArg(ctx, 'REF (keydeck://[WORKSPACE/]CREDENTIAL[/FIELD])');
    const { resolveReferences } = await ctx.core.load.refs();
    const res = await resolveReferences(ctx.core.credentials, [{ where: 'REF', ref }], {
      ...(ctx.workspace ? { workspace: ctx.workspace } : {}),
      action: 'cli:read',
    });
    const value = res.values[0]!;
    if (flag(ctx, 'json')) ctx.out(json({ reference: ref, value }));
    else ctx.io.stdout.write((ctx.io.stdout as NodeJS.WriteStream).isTTY ? value + '\n' : value);
    return 0;
  },
};
