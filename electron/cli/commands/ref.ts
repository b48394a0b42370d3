import { nameArg, oneOf, str } from '../args.js';
import { REFERENCE_FIELDS as FIELDS } from '../../../shared/references.js';
import type { Command } from '../command.js';

/**
 * `keydeck ref NAME`: the reference to paste into an env file or a template. It holds names only,
 * checked against the catalog (never the keychain), so a typo fails here rather than at `run`.
 */
export const refCommand: Command = {
  name: 'ref',
  summary: 'print the keydeck:// reference to paste for a credential (names only, never the secret)',
  usage: `ref NAME [--field ${FIELDS.join('|')}] [--workspace W]`,
  examples: [
    'keydeck ref OpenAI',
    'echo "OPENAI_API_KEY=$(keydeck ref OpenAI)" >> .env',
    'keydeck ref OpenAI --field header -w Prod',
  ],
  options: { field: { type: 'string' } },
  args: 'credential',
  values: { field: FIELDS },
  async run(ctx) {
    const name = nameArg(ctx);
    const field = oneOf(str(ctx, 'field'), FIELDS, 'field');
    const { formatReference } = await ctx.core.load.refs();
    const cred = ctx.core.credentials.get(name, ctx.workspace);
    const text = formatReference({
      credential: cred.name,
      ...(ctx.workspace ? { workspace: ctx.core.workspaces.resolve(ctx.workspace).name } : {}),
      ...(field ? { field } : {}),
    });
    ctx.out(text);
    return 0;
  },
};
