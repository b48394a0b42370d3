import type { ValidationResult } from '../../../shared/domain.js';
import type { ValidateOutcome } from '../../core/index.js';

import { flag, json, str } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../io.js';

/** What `--json` prints per credential. */
interface JsonLine {
  name: string;
  status: ValidationResult['status'] | 'error';
  httpStatus: number | null;
  checkedAt: string | null;
  detail: string | null;
  error?: { code: string; message: string };
}

function seconds(ctx: CommandContext): number | undefined {
  const raw = str(ctx, 'timeout');
  if (raw === undefined) return undefined;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0 || s > 600) throw new UsageError('--timeout takes seconds between 0 and 600');
  return Math.round(s * 1000);
}

function concurrency(ctx: CommandContext): number {
  const raw = str(ctx, 'concurrency');
  if (raw === undefined) return 8;
  const c = Number(raw);
  if (!Number.isInteger(c) || c < 1 || c > 64) throw new UsageError('--concurrency takes a whole number from 1 to 64');
  return c;
}

function toLine(o: ValidateOutcome): JsonLine {
  if (!o.result) {
    return {
      name: o.credential.name,
      status: 'error',
      httpStatus: null,
      checkedAt: null,
      detail: o.error?.message ?? null,
      ...(o.error ? { error: o.error } : {}),
    };
  }
  return {
    name: o.credential.name,
    status: o.result.status,
    httpStatus: o.result.httpStatus ?? null,
    checkedAt: o.result.checkedAt,
    detail: o.result.detail ?? null,
  };
}

function human(l: JsonLine): string {
  const http = l.httpStatus === null ? '' : ` (HTTP ${l.httpStatus})`;
  const detail = l.detail?.replace(/^HTTP \d{3}: /, '');
  return `${l.name}: ${l.status}${http}${detail ? ` - ${detail}` : ''}`;
}

/** A progress line on stderr: rewritten in place on a terminal, else printed every 10%. */
function progressWriter(ctx: CommandContext) {
  const tty = (ctx.io.stderr as { isTTY?: boolean }).isTTY === true;
  let lastStep = -1;
  return (done: number, total: number) => {
    if (tty) {
      ctx.io.stderr.write(`\rvalidating ${done}/${total}${done === total ? '\n' : ''}`);
      return;
    }
    const step = Math.floor((done / total) * 10);
    if (step !== lastStep || done === total) {
      lastStep = step;
      ctx.io.stderr.write(`validated ${done}/${total}\n`);
    }
  };
}

async function runAll(ctx: CommandContext): Promise<number> {
  if (ctx.positionals.length) throw new UsageError('--all takes no NAME');
  const { validateAll } = await ctx.core.load.validation();
  const outcomes = await validateAll(ctx.core, {
    workspace: ctx.workspace,
    baseUrl: str(ctx, 'base-url'),
    timeoutMs: seconds(ctx),
    concurrency: concurrency(ctx),
    onProgress: progressWriter(ctx),
  });
  const lines = outcomes.map(toLine);
  if (flag(ctx, 'json')) ctx.out(json(lines));
  else if (!lines.length) ctx.out('No credentials to validate.');
  else for (const l of lines) ctx.out(human(l));
  return lines.every((l) => l.status === 'valid') ? 0 : 1;
}

async function runRouter(ctx: CommandContext, name: string): Promise<number> {
  const { routerCheckCredential } = await ctx.core.load.validation();
  const { credential, result } = await routerCheckCredential(ctx.core, name, {
    workspace: ctx.workspace,
    inworld: str(ctx, 'inworld'),
    baseUrl: str(ctx, 'base-url'),
    timeoutMs: seconds(ctx),
    model: str(ctx, 'model'),
  });
  if (flag(ctx, 'json')) {
    ctx.out(
      json({
        name: credential.name,
        status: result.outcome,
        httpStatus: result.httpStatus ?? null,
        checkedAt: result.checkedAt,
        detail: result.detail,
        model: result.model,
        attempts: result.attempts,
        ...(result.callStatus ? { callStatus: result.callStatus } : {}),
      }),
    );
  } else {
    const used = result.attempts.map((a) => a.credentialType).join(' → ') || 'none';
    ctx.out(`${credential.name}: ${result.outcome} (attempts: ${used}) - ${result.detail}`);
  }
  return result.outcome === 'byok' ? 0 : 1;
}

export const validateCommand: Command = {
  name: 'validate',
  summary:
    'check keys live against their provider (exit 0 only when valid); --all validates every key, --router runs the BYOK router check',
  usage:
    'validate NAME [--base-url URL] [--timeout S] [--json] | validate --all [--concurrency N] [--timeout S] [--json] | ' +
    'validate NAME --router [--inworld NAME] [--model PROVIDER/MODEL] [--json]',
  examples: ['keydeck validate OpenAI', 'keydeck validate --all --json', 'keydeck validate OpenAI --router'],
  args: 'credential',
  values: { inworld: 'credential' },
  options: {
    'base-url': { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    all: { type: 'boolean' },
    concurrency: { type: 'string' },
    router: { type: 'boolean' },
    inworld: { type: 'string' },
    model: { type: 'string' },
  },
  allowPositionals: true,
  async run(ctx) {
    if (flag(ctx, 'all')) {
      if (flag(ctx, 'router')) throw new UsageError('--router checks one BYOK key; it does not combine with --all');
      return runAll(ctx);
    }
    if (ctx.positionals.length !== 1) throw new UsageError('expected one NAME (or --all)');
    const name = ctx.positionals[0]!;
    if (flag(ctx, 'router')) return runRouter(ctx, name);
    if (str(ctx, 'inworld') || str(ctx, 'model')) throw new UsageError('--inworld and --model go with --router');
    const { validateCredential } = await ctx.core.load.validation();
    const { credential, result } = await validateCredential(ctx.core, name, {
      workspace: ctx.workspace,
      baseUrl: str(ctx, 'base-url'),
      timeoutMs: seconds(ctx),
    });
    const line = toLine({ credential, result });
    ctx.out(flag(ctx, 'json') ? json(line) : human(line));
    return result.status === 'valid' ? 0 : 1;
  },
};
