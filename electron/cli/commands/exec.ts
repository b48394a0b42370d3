import type { Command, OptionSpec } from '../command.js';
import { commandHelp } from '../help.js';
import { UsageError } from '../io.js';
import { didYouMean } from '../suggest.js';

const USAGE = 'exec [--cred NAME]... [--workspace W] [--no-mask] [--google-credentials-file] -- CMD ARGS…';

/** exec parses its own flags (up to `--`); this spec is what help and completion show. */
const OPTIONS: OptionSpec = {
  cred: { type: 'string', short: 'c', multiple: true },
  'no-mask': { type: 'boolean' },
  'google-credentials-file': { type: 'boolean' },
};
const FLAGS = ['--cred', '--workspace', '--no-mask', '--google-credentials-file', '--quiet', '--no-color', '--help'];

interface ExecArgs {
  creds: string[];
  workspace?: string;
  mask: boolean;
  /** Also hand a Vertex AI key to the child as a 0600 file in GOOGLE_APPLICATION_CREDENTIALS. */
  keyFile: boolean;
  help: boolean;
  quiet: boolean;
  command: string[];
}

/** Parses our flags up to `--` (or the first word that is not a flag); the rest is the child's argv. */
export function parseExecArgs(args: string[]): ExecArgs {
  const out: ExecArgs = { creds: [], mask: true, keyFile: false, help: false, quiet: false, command: [] };
  let i = 0;
  const value = (flag: string, inline?: string): string => {
    if (inline !== undefined) return inline;
    const v = args[++i];
    if (v === undefined || v === '--') throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    if (name === '--cred' || name === '-c') out.creds.push(value(name, inline));
    else if (name === '--workspace' || name === '-w') out.workspace = value(name, inline);
    else if (name === '--no-mask' && inline === undefined) out.mask = false;
    else if (name === '--google-credentials-file' && inline === undefined) out.keyFile = true;
    else if ((name === '--help' || name === '-h') && inline === undefined) out.help = true;
    else if ((name === '--quiet' || name === '-q') && inline === undefined) out.quiet = true;
    else if (name === '--no-color' && inline === undefined)
      continue; // read by main.ts
    else throw new UsageError(`Unknown option '${name}' for keydeck exec.${didYouMean(name, FLAGS)}`);
  }
  out.command = args.slice(i);
  return out;
}

export const execCommand: Command = {
  name: 'exec',
  summary: 'run a command with credentials in its environment (names from --cred or a .keydeck file)',
  usage: USAGE,
  examples: [
    'keydeck exec --cred OpenAI -- npm run dev',
    'keydeck exec -- python app.py   # names from a .keydeck file: {"credentials": ["OpenAI"]}',
  ],
  options: OPTIONS,
  values: { cred: 'credential' },
  raw: true,
  async run(ctx) {
    const a = parseExecArgs(ctx.positionals);
    if (a.help) {
      ctx.out(commandHelp(this));
      return 0;
    }
    if (!a.command.length) throw new UsageError('no command given: put it after --, e.g. keydeck exec -- npm run dev');
    const { resolveExecEnv, runWithSecrets } = await ctx.core.load.exec();
    const plan = await resolveExecEnv(ctx.core.credentials, {
      trust: ctx.core.trust,
      names: a.creds,
      ...(a.workspace ? { workspace: a.workspace } : {}),
      googleCredentialsFile: a.keyFile,
    });
    let res;
    try {
      res = await runWithSecrets({
        command: a.command[0]!,
        args: a.command.slice(1),
        env: plan.env,
        secrets: plan.secrets,
        mask: a.mask,
        baseEnv: ctx.io.env,
        stdout: ctx.io.stdout,
        stderr: ctx.io.stderr,
      });
    } finally {
      plan.cleanup();
    }
    if (res.signal) ctx.io.stderr.write(`keydeck: ${a.command[0]} was killed by ${res.signal}\n`);
    return res.exitCode;
  },
};
