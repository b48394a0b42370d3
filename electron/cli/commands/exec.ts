import { childOptions, parseChildArgs, runChild } from '../child-command.js';
import type { Command } from '../command.js';
import { commandHelp } from '../help.js';

const USAGE = 'exec [--cred NAME]... [--workspace W] [--no-mask] [--google-credentials-file] -- CMD ARGS…';

export const execCommand: Command = {
  name: 'exec',
  summary: 'run a command with credentials in its environment (names from --cred or a .keydeck file)',
  usage: USAGE,
  examples: [
    'keydeck exec --cred OpenAI -- npm run dev',
    'keydeck exec -- python app.py   # names from a .keydeck file: {"credentials": ["OpenAI"]}',
  ],
  options: childOptions('exec'),
  values: { cred: 'credential' },
  raw: true,
  async run(ctx) {
    const a = parseChildArgs(ctx.positionals, 'exec');
    if (a.help) {
      ctx.out(commandHelp(this));
      return 0;
    }
    const { resolveExecEnv } = await ctx.core.load.exec();
    const plan = await resolveExecEnv(ctx.core.credentials, {
      trust: ctx.core.trust,
      names: a.creds,
      ...(a.workspace ? { workspace: a.workspace } : {}),
      googleCredentialsFile: a.keyFile,
    });
    return runChild(ctx, a, plan);
  },
};
