import type { CopyFormat } from '../../../shared/domain.js';
import { flag, json, nameArg, oneOf, str } from '../args.js';
import type { Command, CommandContext } from '../command.js';

/** `Name: value` lines (what `header` and `headers` print) as `{ name, value }` objects, for `--json`. */
function headerObjects(text: string): { name: string; value: string }[] {
  return text.split('\n').map((line) => {
    const at = line.indexOf(': ');
    return { name: line.slice(0, at), value: line.slice(at + 2) };
  });
}

/**
 * The variables of `export NAME='value'` lines (the bash form, whose single quotes keep every byte, a
 * newline included, and write a `'` as `'\''`), for `env --json`.
 */
export function bashExports(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Za-z_][A-Za-z0-9_]*)='((?:[^']|'\\'')*)'$/gm)) {
    vars[m[1]!] = m[2]!.replaceAll(`'\\''`, "'");
  }
  return vars;
}

function read(ctx: CommandContext, format: CopyFormat, action: string) {
  return ctx.core.credentials.format(nameArg(ctx), format, { workspace: ctx.workspace, action });
}

export const headerCommand: Command = {
  name: 'header',
  summary: 'print the HTTP auth header line',
  usage: 'header NAME [--json]',
  examples: ['curl -H "$(keydeck header OpenAI)" https://api.openai.com/v1/models', 'keydeck header OpenAI --json'],
  options: { json: { type: 'boolean' } },
  args: 'credential',
  async run(ctx) {
    const { text } = await read(ctx, 'header', 'cli:header');
    ctx.out(flag(ctx, 'json') ? json(headerObjects(text)[0]) : text);
    return 0;
  },
};

export const headersCommand: Command = {
  name: 'headers',
  summary: 'print every HTTP header a call needs, one per line (the auth header first)',
  usage: 'headers NAME [--json]',
  examples: ['keydeck headers Anthropic', "keydeck headers Anthropic --json | jq -r '.[].name'"],
  options: { json: { type: 'boolean' } },
  args: 'credential',
  async run(ctx) {
    const { text } = await read(ctx, 'headers', 'cli:headers');
    ctx.out(flag(ctx, 'json') ? json(headerObjects(text)) : text);
    return 0;
  },
};

const SHELLS = ['bash', 'powershell', 'dotenv'] as const;

export const envCommand: Command = {
  name: 'env',
  summary: 'print env var lines (the key and its base URL)',
  usage: 'env NAME [--shell bash|powershell|dotenv] [--json]',
  examples: ['eval "$(keydeck env OpenAI)"', 'keydeck env OpenAI --shell dotenv >> .env', 'keydeck env OpenAI --json'],
  options: { shell: { type: 'string' }, json: { type: 'boolean' } },
  args: 'credential',
  values: { shell: SHELLS },
  async run(ctx) {
    const asJson = flag(ctx, 'json');
    const given = oneOf(str(ctx, 'shell'), SHELLS, 'shell');
    const shell = asJson ? 'bash' : (given ?? 'bash');
    const { text } = await read(ctx, `env-${shell}` as CopyFormat, `cli:env-${given ?? 'bash'}`);
    ctx.out(asJson ? json(bashExports(text)) : text);
    return 0;
  },
};
