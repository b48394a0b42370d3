import type { Command } from '../command.js';
import { trustTarget } from './allow.js';

export const denyCommand: Command = {
  name: 'deny',
  summary: 'take back the allow of a .keydeck project file or an env file',
  usage: 'deny [PATH]',
  examples: ['keydeck deny            # the .keydeck or .env found here', 'keydeck deny ~/code/app/.keydeck'],
  args: 'file',
  allowPositionals: true,
  async run(ctx) {
    const file = trustTarget(ctx, 'deny');
    if (await ctx.core.trust.deny(file))
      ctx.info('No longer allowed: Keydeck will not use it until it is allowed again.');
    else ctx.notice('It was not allowed; nothing changed.');
    return 0;
  },
};
