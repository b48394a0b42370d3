import { UsageError } from './io.js';
import type { CommandContext } from './command.js';

export function str(ctx: CommandContext, key: string): string | undefined {
  const v = ctx.values[key];
  return typeof v === 'string' ? v : undefined;
}

export function arr(ctx: CommandContext, key: string): string[] | undefined {
  const v = ctx.values[key];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [String(v)];
}

export function flag(ctx: CommandContext, key: string): boolean {
  return ctx.values[key] === true;
}

/** The command's NAME argument; exactly one is expected. */
export function nameArg(ctx: CommandContext, what = 'NAME'): string {
  if (ctx.positionals.length !== 1) throw new UsageError(`expected one ${what}`);
  return ctx.positionals[0]!;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], opt: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${opt} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
