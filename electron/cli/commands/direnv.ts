import type { Command } from '../command.js';
import { UsageError } from '../io.js';

/**
 * The `use_keydeck` function for direnv's `~/.config/direnv/direnvrc` (issue 16 §7). It exports the
 * variables of the allowed `.keydeck` found from the `.envrc`'s folder: the values go from
 * `keydeck direnv export` straight into `eval`, never through a log line (direnv itself logs names only:
 * `direnv: export +OPENAI_API_KEY`). A new or changed `.keydeck` exports nothing and says why.
 */
export const DIRENVRC = `# Keydeck for direnv: keydeck direnv >> ~/.config/direnv/direnvrc
# Then put \`use keydeck\` in a project's .envrc. Only a .keydeck you allowed (\`keydeck allow\`) is used;
# after \`keydeck allow\` or \`keydeck deny\`, run \`direnv reload\`.
use_keydeck() {
  watch_file .keydeck
  local keydeck_exports
  if ! keydeck_exports="$(keydeck direnv export)"; then
    log_error "keydeck: no keys exported"
    return 1
  fi
  eval "$keydeck_exports"
}`;

/** A value as one bash word: single quotes keep every byte (a newline too); a `'` is written `'\''`. */
const bashWord = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;

export const direnvCommand: Command = {
  name: 'direnv',
  summary: 'print the use_keydeck function for direnv, so an .envrc can say `use keydeck`',
  usage: 'direnv | direnv export',
  examples: [
    'keydeck direnv >> ~/.config/direnv/direnvrc && echo "use keydeck" >> .envrc && direnv allow',
    'keydeck direnv export   # what use_keydeck evals: export lines of the allowed .keydeck here',
  ],
  args: { sub: { export: null } },
  allowPositionals: true,
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    if (rest.length || (sub !== undefined && sub !== 'export'))
      throw new UsageError('expected `direnv` or `direnv export`');
    if (sub === undefined) {
      ctx.out(DIRENVRC);
      return 0;
    }
    if (ctx.io.stdout === process.stdout && process.stdout.isTTY) {
      throw new UsageError('direnv export prints secrets for direnv to eval: it refuses to print them on a terminal');
    }
    const { resolveExecEnv } = await ctx.core.load.exec();
    // No --cred: only an allowed .keydeck (up to the repository root) is used, in its own workspace.
    const plan = await resolveExecEnv(ctx.core.credentials, {
      trust: ctx.core.trust,
      ...(ctx.workspace ? { workspace: ctx.workspace } : {}),
    });
    plan.cleanup();
    const lines = Object.entries(plan.env).map(([k, v]) => `export ${k}=${bashWord(v)}`);
    ctx.io.stdout.write(lines.join('\n') + '\n');
    ctx.info(
      `keydeck: exported ${plan.credentials.map((c) => c.name).join(', ')} from ${plan.projectFile ?? '.keydeck'}`,
    );
    return 0;
  },
};
