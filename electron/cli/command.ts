import type { ParseArgsConfig } from 'node:util';
import type { Core } from '../core/index.js';
import type { CliIO } from './io.js';
import type { Paint } from './style.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * What completes a value: names from the catalog (never the keychain), a file path, or a fixed list.
 * Used by `keydeck completion` (see complete.ts).
 */
export type ValueSource = 'credential' | 'workspace' | 'file' | readonly string[];

export interface CommandContext {
  core: Core;
  io: CliIO;
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** `--workspace`, when given. */
  workspace?: string;
  /** `--quiet`: only the asked-for value; no notices, no confirmations. */
  quiet: boolean;
  /** Colours for stderr (none unless stderr is a terminal and colour is allowed; see style.ts). */
  paint: Paint;
  /** The asked-for value, to stdout: the only thing `$(keydeck …)` captures. */
  out(line: string): void;
  /** A warning or hint for people, to stderr (`notice: …`); dropped by `--quiet`. */
  notice(line: string): void;
  /** A confirmation for people ("Added …"), to stderr; dropped by `--quiet`. */
  info(line: string): void;
}

/**
 * One CLI command. Commands live one per file in `commands/` and are listed in `registry.ts`.
 * `run` returns the exit code (0 success, 1 failure); usage errors throw `UsageError` (exit 2).
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** At least one example, shown by `keydeck help NAME` and `NAME --help`. */
  examples: readonly string[];
  options?: OptionSpec;
  /** Sub-commands or free positionals allowed; defaults to exactly the usage's positionals. */
  allowPositionals?: boolean;
  /** Passes everything after the name through unparsed (for `exec -- CMD`). */
  raw?: boolean;
  /** For completion: what the positional arguments are (`sub` lists sub-commands, each with its own). */
  args?: ValueSource | { sub: Record<string, ValueSource | null> };
  /** For completion: what each option's value is (by option name). */
  values?: Record<string, ValueSource>;
  run(ctx: CommandContext): Promise<number>;
}
