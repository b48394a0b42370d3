import { COPY_FORM_NAMES } from '../../../shared/copy-forms.js';
import { nameArg, str } from '../args.js';
import type { Command } from '../command.js';
import { formArg } from './snippet.js';

export const copyCommand: Command = {
  name: 'copy',
  summary: 'put a credential on the system clipboard; it is cleared after the configured delay',
  usage: `copy NAME [--as ${COPY_FORM_NAMES.join('|')}]`,
  examples: ['keydeck copy OpenAI', 'keydeck copy OpenAI --as header'],
  options: { as: { type: 'string' } },
  args: 'credential',
  values: { as: COPY_FORM_NAMES },
  async run(ctx) {
    const name = nameArg(ctx);
    const form = formArg(str(ctx, 'as'), 'raw');
    const { copyToClipboard, detectClipboard } = await ctx.core.load.clipboard();
    detectClipboard(ctx.io.env); // fail before reading the secret when there is no clipboard
    const { text, credential } = await ctx.core.credentials.format(name, form.format, {
      workspace: ctx.workspace,
      action: `cli:copy-${form.cli}`,
    });
    const secs = ctx.core.settings.get().clipboardClearSeconds;
    const res = await copyToClipboard(text, { clearAfterSeconds: secs, env: ctx.io.env });
    ctx.info(
      `Copied "${credential.name}" (${form.cli}) with ${res.tool}; the clipboard clears in ${secs} s if unchanged.`,
    );
    return 0;
  },
};
