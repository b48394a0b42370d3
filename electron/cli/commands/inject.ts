import { flag, str } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../io.js';

/**
 * `keydeck inject`: fills a template's `{{ keydeck://… }}` placeholders (all or nothing). To stdout, or
 * with `-o` written atomically, mode 0600, only where git will not commit it (core's checkSecretOutput)
 * unless `--force`.
 */
export const injectCommand: Command = {
  name: 'inject',
  summary: "fill a template's {{ keydeck://… }} placeholders; stdout, or -o FILE (0600, never a file git would commit)",
  usage: 'inject -i TEMPLATE [-o OUT] [--force] [--workspace W]',
  examples: [
    'keydeck inject -i .env.tpl -o .env   # .env.tpl: OPENAI_API_KEY={{ keydeck://OpenAI | dotenv }}',
    'keydeck inject -i config.yml.tpl > /dev/null && echo all references resolve',
  ],
  options: {
    in: { type: 'string', short: 'i' },
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
  },
  allowPositionals: false,
  values: { in: 'file', out: 'file' },
  async run(ctx) {
    const input = str(ctx, 'in');
    if (!input) throw new UsageError('which template? give it with -i TEMPLATE');
    const output = str(ctx, 'out');
    const force = flag(ctx, 'force');
    const { checkSecretOutput, readTemplateFile, renderTemplate, writeSecretFile } = await ctx.core.load.refs();
    const text = readTemplateFile(input);
    // The output is checked before any secret is read: a refused path costs nothing.
    if (output) await checkSecretOutput(output, { force, source: input });
    const res = await renderTemplate(ctx.core.credentials, text, {
      file: input,
      ...(ctx.workspace ? { workspace: ctx.workspace } : {}),
    });
    if (!output) {
      ctx.io.stdout.write(res.text);
      return 0;
    }
    writeSecretFile(output, res.text);
    ctx.info(`Wrote ${output} (mode 0600) with ${res.placeholders} value${res.placeholders === 1 ? '' : 's'} filled.`);
    return 0;
  },
};
