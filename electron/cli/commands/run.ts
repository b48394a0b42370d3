import { childOptions, parseChildArgs, runChild } from '../child-command.js';
import type { Command } from '../command.js';
import { commandHelp } from '../help.js';

/**
 * `keydeck run`: `exec` with env files. Their `keydeck://` references are resolved all or nothing
 * (one failure and the command never starts), plain values pass as they are, later files override
 * earlier ones, and the project's keys (`--cred`, else an allowed `.keydeck`) are added as `exec` adds them.
 */
export const runCommand: Command = {
  name: 'run',
  summary: 'run a command with env files whose keydeck:// references are resolved (all or nothing) and masked',
  usage:
    'run [--env-file FILE]... [--no-inherit-env] [--cred NAME]... [--workspace W] [--no-mask] [--google-credentials-file] -- CMD ARGS…',
  examples: [
    'keydeck run --env-file .env -- npm run dev   # .env: OPENAI_API_KEY=keydeck://OpenAI',
    'keydeck run --env-file .env --env-file .env.local --no-inherit-env -- node server.js',
  ],
  options: childOptions('run'),
  values: { cred: 'credential', 'env-file': 'file' },
  raw: true,
  async run(ctx) {
    const a = parseChildArgs(ctx.positionals, 'run');
    if (a.help) {
      ctx.out(commandHelp(this));
      return 0;
    }
    const { resolveRunEnv } = await ctx.core.load.refs();
    const plan = await resolveRunEnv(ctx.core.credentials, {
      trust: ctx.core.trust,
      envFiles: a.envFiles,
      baseEnv: ctx.io.env,
      inheritEnv: a.inheritEnv,
      names: a.creds,
      ...(a.workspace ? { workspace: a.workspace } : {}),
      googleCredentialsFile: a.keyFile,
    });
    return runChild(ctx, a, plan);
  },
};
