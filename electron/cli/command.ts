import type { ParseArgsConfig } from 'node:util';
import type { Core } from '../core/index.js';
import type { CliIO } from './io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  core: Core;
  io: CliIO;
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** `--workspace`, when given. */
  workspace?: string;
  out(line: string): void;
  notice(line: string): void;
}

/**
 * One CLI command. Commands live one per file in `commands/` and are listed in `registry.ts`.
 * `run` returns the exit code (0 success, 1 failure); usage errors throw `UsageError` (exit 2).
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: OptionSpec;
  /** Sub-commands or free positionals allowed; defaults to exactly the usage's positionals. */
  allowPositionals?: boolean;
  /** Passes everything after the name through unparsed (for `exec -- CMD`). */
  raw?: boolean;
  run(ctx: CommandContext): Promise<number>;
}
