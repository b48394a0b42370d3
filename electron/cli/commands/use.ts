import type { CopyFormat } from '../../../shared/domain.js';
import { nameArg, oneOf, str } from '../args.js';
import type { Command } from '../command.js';

export const headerCommand: Command = {
  name: 'header',
  summary: 'print the HTTP auth header line',
  usage: 'header NAME',
  async run(ctx) {
    const { text } = await ctx.core.credentials.format(nameArg(ctx), 'header', {
      workspace: ctx.workspace,
      action: 'cli:header',
    });
    ctx.out(text);
    return 0;
  },
};

export const headersCommand: Command = {
  name: 'headers',
  summary: 'print every HTTP header a call needs, one per line (the auth header first)',
  usage: 'headers NAME',
  async run(ctx) {
    const { text } = await ctx.core.credentials.format(nameArg(ctx), 'headers', {
      workspace: ctx.workspace,
      action: 'cli:headers',
    });
    ctx.out(text);
    return 0;
  },
};

const SHELLS = ['bash', 'powershell', 'dotenv'] as const;

export const envCommand: Command = {
  name: 'env',
  summary: 'print env var lines (the key and its base URL)',
  usage: 'env NAME [--shell bash|powershell|dotenv]',
  options: { shell: { type: 'string' } },
  async run(ctx) {
    const shell = oneOf(str(ctx, 'shell'), SHELLS, 'shell') ?? 'bash';
    const format = `env-${shell}` as CopyFormat;
    const { text } = await ctx.core.credentials.format(nameArg(ctx), format, {
      workspace: ctx.workspace,
      action: `cli:env-${shell}`,
    });
    ctx.out(text);
    return 0;
  },
};
