import { parseArgs } from 'node:util';
import { redactArgs, quoteArg } from '../../shared/echo.js';
import { isKeydeckError } from '../../shared/errors.js';
import type { Core } from '../core/index.js';
import type { Command, CommandContext } from './command.js';
import { UsageError, type CliIO } from './io.js';
import { COMMANDS } from './registry.js';

function help(): string {
  const lines = COMMANDS.map((c) => `  keydeck ${c.usage}\n      ${c.summary}`);
  return [
    'keydeck: your API keys, kept in the OS keychain.',
    '',
    'Usage:',
    ...lines,
    '',
    'Every command takes --workspace W (default: the active workspace).',
    'Secrets are read from stdin when piped, else from a hidden prompt; never from arguments.',
    'KEYDECK_HOME moves the catalog folder.',
  ].join('\n');
}

function parse(cmd: Command, args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { ...cmd.options, workspace: { type: 'string', short: 'w' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (cmd.allowPositionals === false && positionals.length) {
    throw new UsageError(`unexpected argument ${quoteArg(positionals[0]!)}`);
  }
  return { values: values as CommandContext['values'], positionals };
}

/**
 * Runs one `keydeck` invocation and returns its exit code: 0 success, 1 failure, 2 usage error.
 * Errors are printed as `error[CODE]: message` on stderr.
 */
/** The core is loaded only when a command runs: `--version`, `--help` and usage errors never load it. */
async function defaultCore(): Promise<Core> {
  const { createCore } = await import('./core-entry.js');
  return createCore();
}

export async function runCli(
  argv: string[],
  io: CliIO,
  makeCore: () => Core | Promise<Core> = defaultCore,
): Promise<number> {
  const [name, ...rest] = argv;
  // Every line for stderr (errors and notices) loses any argument that looks like a secret, whichever
  // path built it: a key pasted where a NAME belongs is never repeated.
  const err = (s: string) => io.stderr.write(redactArgs(s, argv) + '\n');
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    io.stdout.write('keydeck 0.1.0\n');
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    err(`error[USAGE]: unknown command ${quoteArg(name)}. Run \`keydeck help\`.`);
    return 2;
  }
  try {
    let values: CommandContext['values'] = {};
    let positionals = rest;
    if (!cmd.raw) {
      try {
        ({ values, positionals } = parse(cmd, rest));
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError((e as Error).message.split('\n')[0]!);
      }
      if (values.help) {
        io.stdout.write(`keydeck ${cmd.usage}\n  ${cmd.summary}\n`);
        return 0;
      }
    }
    const core = await makeCore();
    const ctx: CommandContext = {
      core,
      io,
      values,
      positionals,
      ...(typeof values.workspace === 'string' ? { workspace: values.workspace } : {}),
      out: (line) => io.stdout.write(line + '\n'),
      notice: (line) => err(`notice: ${line}`),
    };
    if (name !== 'doctor') for (const n of await core.credentials.open()) ctx.notice(n.message);
    return await cmd.run(ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`error[USAGE]: ${e.message}\nusage: keydeck ${cmd.usage}`);
      return 2;
    }
    if (isKeydeckError(e)) {
      err(`error[${e.code}]: ${e.message}`);
      return 1;
    }
    err(`error[INTERNAL]: ${(e as Error)?.message?.split('\n')[0] ?? 'unexpected failure'}`);
    return 1;
  }
}
