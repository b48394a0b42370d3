import { parseArgs } from 'node:util';
import { redactArgs, quoteArg } from '../../shared/echo.js';
import { isKeydeckError } from '../../shared/errors.js';
import type { Core } from '../core/index.js';
import type { Command, CommandContext, OptionSpec } from './command.js';
import { candidates } from './complete.js';
import { SHELLS, completionScript, type Shell } from './completion-scripts.js';
import { BUILTINS, VERSION, commandHelp, overview } from './help.js';
import { UsageError, type CliIO } from './io.js';
import { COMMANDS } from './registry.js';
import { colorAllowed, paintFor } from './style.js';
import { didYouMean } from './suggest.js';

/** Options every command takes (see GLOBAL_OPTIONS in help.ts for what they do). */
const GLOBAL: OptionSpec = {
  workspace: { type: 'string', short: 'w' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const NAMES = [...COMMANDS.map((c) => c.name), ...BUILTINS.map((b) => b.name)];

function parse(cmd: Command, args: string[]) {
  const spec = { ...cmd.options, ...GLOBAL };
  let parsed;
  try {
    parsed = parseArgs({ args, options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    const m = /^Unknown option '([^']+)'/.exec((e as Error).message);
    if (!m) throw new UsageError((e as Error).message.split('\n')[0]!);
    const flags = Object.keys(spec).map((k) => `--${k}`);
    throw new UsageError(`Unknown option '${m[1]}' for keydeck ${cmd.name}.${didYouMean(m[1]!, flags)}`);
  }
  const { values, positionals } = parsed;
  if (cmd.allowPositionals === false && positionals.length) {
    throw new UsageError(`unexpected argument ${quoteArg(positionals[0]!)}`);
  }
  return { values: values as CommandContext['values'], positionals };
}

/**
 * The core is loaded only when a command runs: `--version`, help, completion and usage errors never load
 * it. A command is a short-lived process: its first keychain reads run on this thread (no pool worker).
 */
async function defaultCore(): Promise<Core> {
  const { createCore } = await import('./core-entry.js');
  return createCore({ keychain: 'direct' });
}

/** `keydeck __complete WORDS… CURRENT`: candidates, one per line; silent (and exit 0) whatever fails. */
async function complete(words: string[], io: CliIO, makeCore: () => Core | Promise<Core>): Promise<number> {
  try {
    let core: Core | undefined;
    const ready = async () => (core ??= await makeCore());
    const found = await candidates(COMMANDS, words, {
      credentials: async (workspace) =>
        (await ready()).credentials.list(workspace ? { workspace } : {}).map((c) => c.name),
      workspaces: async () => (await ready()).workspaces.list().workspaces.map((w) => w.name),
    });
    io.stdout.write(found === 'file' ? ':file\n' : found.map((c) => c + '\n').join(''));
  } catch {
    // Completion never prints an error into the user's command line.
  }
  return 0;
}

/**
 * Runs one `keydeck` invocation and returns its exit code: 0 success, 1 failure, 2 usage error.
 * Errors are printed as `error[CODE]: message` on stderr; only the asked-for value goes to stdout.
 */
export async function runCli(
  argv: string[],
  io: CliIO,
  makeCore: () => Core | Promise<Core> = defaultCore,
): Promise<number> {
  const color = colorAllowed(io.env, argv);
  const paint = paintFor(io.stderr, color);
  // Every line for stderr (errors and notices) loses any argument that looks like a secret, whichever
  // path built it: a key pasted where a NAME belongs is never repeated.
  const err = (s: string) => io.stderr.write(redactArgs(s, argv) + '\n');
  const usageError = (message: string, usage?: string) => {
    err(`${paint.red('error[USAGE]')}: ${message}${usage ? `\nusage: keydeck ${usage}` : ''}`);
    return 2;
  };
  const args = argv[0] === '--no-color' ? argv.slice(1) : argv;
  const [name, ...rest] = args;
  if (!name) {
    io.stderr.write(overview(COMMANDS, paint) + '\n');
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = rest.find((a) => !a.startsWith('-'));
    const outPaint = paintFor(io.stdout, color);
    if (!topic) {
      io.stdout.write(overview(COMMANDS, outPaint) + '\n');
      return 0;
    }
    const found = COMMANDS.find((c) => c.name === topic) ?? BUILTINS.find((b) => b.name === topic);
    if (!found)
      return usageError(`unknown command ${quoteArg(topic)}.${didYouMean(topic, NAMES)} Run \`keydeck help\`.`);
    io.stdout.write(commandHelp(found, outPaint) + '\n');
    return 0;
  }
  if (name === '--version' || name === 'version' || name === '-V') {
    io.stdout.write(`keydeck ${VERSION}\n`);
    return 0;
  }
  if (name === 'completion') {
    const shell = rest.find((a) => !a.startsWith('-'));
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(BUILTINS[0]!, paintFor(io.stdout, color)) + '\n');
      return 0;
    }
    if (!shell) return usageError('which shell? bash, zsh or fish', BUILTINS[0]!.usage);
    if (!(SHELLS as readonly string[]).includes(shell)) {
      return usageError(
        `no completion for the shell ${quoteArg(shell)}: bash, zsh or fish.${didYouMean(shell, SHELLS)}`,
        BUILTINS[0]!.usage,
      );
    }
    io.stdout.write(completionScript(shell as Shell));
    return 0;
  }
  if (name === '__complete') return complete(rest, io, makeCore);
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    if (name.startsWith('-')) {
      const known = ['--help', '--version', '--no-color'];
      return usageError(`Unknown option ${quoteArg(name)}.${didYouMean(name, known)} Run \`keydeck help\`.`);
    }
    return usageError(`unknown command ${quoteArg(name)}.${didYouMean(name, NAMES)} Run \`keydeck help\`.`);
  }
  try {
    let values: CommandContext['values'] = {};
    let positionals = rest;
    if (!cmd.raw) {
      ({ values, positionals } = parse(cmd, rest));
      if (values.help) {
        io.stdout.write(commandHelp(cmd, paintFor(io.stdout, color)) + '\n');
        return 0;
      }
    }
    const quiet = values.quiet === true;
    const core = await makeCore();
    const ctx: CommandContext = {
      core,
      io,
      values,
      positionals,
      quiet,
      paint,
      ...(typeof values.workspace === 'string' ? { workspace: values.workspace } : {}),
      out: (line) => io.stdout.write(line + '\n'),
      notice: (line) => {
        if (!quiet) err(`${paint.yellow('notice')}: ${line}`);
      },
      info: (line) => {
        if (!quiet) err(line);
      },
    };
    if (name !== 'doctor') for (const n of await core.credentials.open()) ctx.notice(n.message);
    return await cmd.run(ctx);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.message, cmd.usage);
    if (isKeydeckError(e)) {
      err(`${paint.red(`error[${e.code}]`)}: ${e.message}`);
      // A command `exec` cannot run ends as a shell's would: 127 not found, 126 not executable.
      return e.code === 'COMMAND_NOT_FOUND' ? 127 : e.code === 'COMMAND_NOT_EXECUTABLE' ? 126 : 1;
    }
    err(`${paint.red('error[INTERNAL]')}: ${(e as Error)?.message?.split('\n')[0] ?? 'unexpected failure'}`);
    return 1;
  }
}
