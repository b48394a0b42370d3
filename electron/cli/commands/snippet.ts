import { COPY_FORM_NAMES, formByName, type CopyForm } from '../../../shared/copy-forms.js';
import { flag, json, nameArg, str } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../io.js';

/** The form a `--as` name stands for (the one list the app's copy menu also uses). */
export function formArg(value: string | undefined, fallback: string): CopyForm {
  const name = value ?? fallback;
  const form = formByName(name);
  if (!form) throw new UsageError(`--as must be one of ${COPY_FORM_NAMES.join(', ')} (got "${name.slice(0, 40)}")`);
  return form;
}

export const snippetCommand: Command = {
  name: 'snippet',
  summary: 'print a credential in a ready-to-use form (the same forms as the app\'s "Copy as" menu)',
  usage: `snippet NAME --as ${COPY_FORM_NAMES.join('|')} [--json]`,
  examples: ['keydeck snippet OpenAI --as curl | sh', 'keydeck snippet OpenAI --as sdk-python > client.py'],
  options: { as: { type: 'string' }, json: { type: 'boolean' } },
  args: 'credential',
  values: { as: COPY_FORM_NAMES },
  async run(ctx) {
    const name = nameArg(ctx);
    const raw = str(ctx, 'as');
    if (raw === undefined) throw new UsageError(`--as is required: one of ${COPY_FORM_NAMES.join(', ')}`);
    const form = formArg(raw, 'raw');
    const { text } = await ctx.core.credentials.format(name, form.format, {
      workspace: ctx.workspace,
      action: `cli:snippet-${form.cli}`,
    });
    ctx.out(flag(ctx, 'json') ? json({ form: form.cli, text }) : text);
    return 0;
  },
};
