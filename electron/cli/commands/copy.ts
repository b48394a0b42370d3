import type { CopyFormat } from '../../../shared/domain.js';
import { copyToClipboard, detectClipboard } from '../../core/clipboard-cli.js';
import { nameArg, oneOf, str } from '../args.js';
import type { Command } from '../command.js';

const AS = ['raw', 'header', 'env', 'curl'] as const;
const FORMAT: Record<(typeof AS)[number], CopyFormat> = {
  raw: 'raw',
  header: 'header',
  env: 'env-bash',
  curl: 'curl',
};

export const copyCommand: Command = {
  name: 'copy',
  summary: 'put a credential on the system clipboard; it is cleared after the configured delay',
  usage: 'copy NAME [--as header|env|curl|raw]',
  options: { as: { type: 'string' } },
  async run(ctx) {
    const name = nameArg(ctx);
    const as = oneOf(str(ctx, 'as'), AS, 'as') ?? 'raw';
    detectClipboard(ctx.io.env); // fail before reading the secret when there is no clipboard
    const { text, credential } = await ctx.core.credentials.format(name, FORMAT[as], {
      workspace: ctx.workspace,
      action: `cli:copy-${as}`,
    });
    const secs = ctx.core.settings.get().clipboardClearSeconds;
    const res = await copyToClipboard(text, { clearAfterSeconds: secs, env: ctx.io.env });
    ctx.out(`Copied "${credential.name}" (${as}) with ${res.tool}; the clipboard clears in ${secs} s if unchanged.`);
    return 0;
  },
};
