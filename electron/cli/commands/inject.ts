import fs from 'node:fs';
import { KeydeckError } from '../../../shared/errors.js';
import { flag, str } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../io.js';

/** The largest template read. */
const MAX_TEMPLATE_BYTES = 16 * 1024 * 1024;

function readTemplate(file: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new KeydeckError('PATH_NOT_FOUND', `The template ${file} does not exist.`);
  }
  if (!st.isFile()) throw new KeydeckError('INVALID_INPUT', `${file} is not a file.`);
  if (st.size > MAX_TEMPLATE_BYTES) throw new KeydeckError('INVALID_INPUT', `${file} is larger than 16 MiB.`);
  return fs.readFileSync(file, 'utf8');
}

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
    const { checkSecretOutput, renderTemplate, writeSecretFile } = await ctx.core.load.refs();
    const text = readTemplate(input);
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
