/**
 * What `keydeck exec` and `keydeck run` share: their flags up to `--` (one parser: `run` adds the env
 * file flags to `exec`'s), and running the child with its variables and masking (core's runWithSecrets).
 */
import type { OptionSpec } from './command.js';
import type { CommandContext } from './command.js';
import { UsageError } from './io.js';
import { didYouMean } from './suggest.js';

export type ChildVerb = 'exec' | 'run';

export interface ChildArgs {
  creds: string[];
  workspace?: string;
  mask: boolean;
  /** Also hand a Vertex AI key to the child as a 0600 file in GOOGLE_APPLICATION_CREDENTIALS. */
  keyFile: boolean;
  /** `run` only: env files in order (later ones override earlier ones). */
  envFiles: string[];
  /** `run` only: `--no-inherit-env` keeps only the basic variables (core's BASIC_ENV). */
  inheritEnv: boolean;
  help: boolean;
  quiet: boolean;
  command: string[];
}

/** The spec help and completion show (the flags themselves are parsed by `parseChildArgs`). */
export function childOptions(verb: ChildVerb): OptionSpec {
  return {
    cred: { type: 'string', short: 'c', multiple: true },
    'no-mask': { type: 'boolean' },
    'google-credentials-file': { type: 'boolean' },
    ...(verb === 'run'
      ? { 'env-file': { type: 'string', multiple: true }, 'no-inherit-env': { type: 'boolean' } }
      : {}),
  };
}

function flagsOf(verb: ChildVerb): string[] {
  const common = ['--cred', '--workspace', '--no-mask', '--google-credentials-file', '--quiet', '--no-color', '--help'];
  return verb === 'run' ? [...common, '--env-file', '--no-inherit-env'] : common;
}

/** Parses our flags up to `--` (or the first word that is not a flag); the rest is the child's argv. */
export function parseChildArgs(args: string[], verb: ChildVerb): ChildArgs {
  const out: ChildArgs = {
    creds: [],
    mask: true,
    keyFile: false,
    envFiles: [],
    inheritEnv: true,
    help: false,
    quiet: false,
    command: [],
  };
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
    const bare = inline === undefined;
    if (name === '--cred' || name === '-c') out.creds.push(value(name, inline));
    else if (name === '--workspace' || name === '-w') out.workspace = value(name, inline);
    else if (name === '--no-mask' && bare) out.mask = false;
    else if (name === '--google-credentials-file' && bare) out.keyFile = true;
    else if (verb === 'run' && name === '--env-file') out.envFiles.push(value(name, inline));
    else if (verb === 'run' && name === '--no-inherit-env' && bare) out.inheritEnv = false;
    else if ((name === '--help' || name === '-h') && bare) out.help = true;
    else if ((name === '--quiet' || name === '-q') && bare) out.quiet = true;
    else if (name === '--no-color' && bare)
      continue; // read by main.ts
    else throw new UsageError(`Unknown option '${name}' for keydeck ${verb}.${didYouMean(name, flagsOf(verb))}`);
  }
  out.command = args.slice(i);
  if (!out.help && !out.command.length) {
    throw new UsageError(`no command given: put it after --, e.g. keydeck ${verb} -- npm run dev`);
  }
  return out;
}

/** Runs the child with the plan's variables over its base environment; returns the exit code to hand on. */
export async function runChild(
  ctx: CommandContext,
  a: ChildArgs,
  plan: {
    env: Record<string, string>;
    secrets: { name: string; value: string }[];
    baseEnv?: NodeJS.ProcessEnv;
    cleanup(): void;
  },
): Promise<number> {
  const { runWithSecrets } = await ctx.core.load.exec();
  let res;
  try {
    res = await runWithSecrets({
      command: a.command[0]!,
      args: a.command.slice(1),
      env: plan.env,
      secrets: plan.secrets,
      mask: a.mask,
      baseEnv: plan.baseEnv ?? ctx.io.env,
      stdout: ctx.io.stdout,
      stderr: ctx.io.stderr,
    });
  } finally {
    plan.cleanup();
  }
  if (res.signal) ctx.io.stderr.write(`keydeck: ${a.command[0]} was killed by ${res.signal}\n`);
  return res.exitCode;
}
