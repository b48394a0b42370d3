import { once } from 'node:events';
import { SANDBOX_SECRET_HEADER } from '../../../shared/sandbox.js';
import type { SandboxEvent, ScriptOutcome } from '../../core/index.js';
import { arr, flag, oneOf, str } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { quoteArg } from '../../../shared/echo.js';
import { UsageError } from '../io.js';
import { didYouMean } from '../suggest.js';
import { CONNECT_AUTH_VALUES, connect } from './sandbox-connect.js';

const VIAS = ['header', 'query', 'protocol'] as const;
const PROFILES = ['echo', 'realtime'] as const;

function port(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new UsageError('--port must be 0 to 65535');
  return Number(raw);
}

/** Unwritten bytes beyond which event lines are dropped (counted) rather than queued in memory. */
export const MAX_PENDING_STDOUT = 64 * 1024;

/**
 * Event lines to stdout that never pile up: when the reader does not keep up (an unread pipe), lines
 * beyond `MAX_PENDING_STDOUT` queued bytes are dropped and counted, and the count is printed once the
 * reader catches up.
 */
function boundedLines(stream: NodeJS.WritableStream) {
  const w = stream as NodeJS.WritableStream & { writableLength?: number };
  let dropped = 0;
  return {
    write(line: string): void {
      if ((w.writableLength ?? 0) > MAX_PENDING_STDOUT) {
        dropped++;
        return;
      }
      if (dropped) w.write(`… ${dropped} event lines dropped: stdout was not being read\n`);
      dropped = 0;
      w.write(line + '\n');
    },
    pending: () => w.writableLength ?? 0,
  };
}

async function start(ctx: CommandContext, rest: string[], replay?: string[]): Promise<number> {
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (replay && replay.length !== 1) throw new UsageError('sandbox replay needs one FILE.jsonl');
  const { JwtService } = await ctx.core.load.jwt();
  const {
    SandboxServer,
    eventLine,
    parseDuration,
    parseRate,
    parseScript,
    scriptProfile,
    parseRecording,
    replayProfile,
  } = await ctx.core.load.sandbox();
  // A recording is checked whole before anything listens, as a script is.
  const recording = replay
    ? parseRecording(await readFileBounded(replay[0]!, 'recording', 64 * 1024 * 1024))
    : undefined;
  const jwt = new JwtService(ctx.core);
  const duration = (name: string) => {
    const v = str(ctx, name);
    return v === undefined ? undefined : parseDuration(v, `--${name}`);
  };
  const rate = (name: string) => {
    const v = str(ctx, name);
    return v === undefined ? undefined : parseRate(v, `--${name}`);
  };
  const closeCode = str(ctx, 'close-code');
  if (closeCode !== undefined && !/^\d{4}$/.test(closeCode))
    throw new UsageError('--close-code is a close code like 4000');
  const faults = {
    latencyMs: duration('latency'),
    jitterMs: duration('jitter'),
    drop: rate('drop'),
    duplicate: rate('duplicate'),
    reorder: rate('reorder'),
    closeAfterMs: duration('close-after'),
    closeCode: closeCode === undefined ? undefined : Number(closeCode),
    closeReason: str(ctx, 'close-reason'),
    handshakeDelayMs: duration('handshake-delay'),
  };
  const profile = oneOf(str(ctx, 'profile'), PROFILES, 'profile') ?? 'echo';
  // A script is read and checked whole before anything listens: a bad one starts nothing.
  const scriptFile = str(ctx, 'script');
  let outcome: ((o: ScriptOutcome) => void) | undefined;
  const scripted = new Promise<ScriptOutcome>((r) => (outcome = r));
  const script =
    scriptFile === undefined ? undefined : parseScript(await readFileBounded(scriptFile, '--script', 1024 * 1024));
  const server = new SandboxServer({
    jwt,
    workspace: ctx.workspace,
    host: str(ctx, 'host'),
    port: port(str(ctx, 'port')),
    audience: str(ctx, 'aud'),
    scope: str(ctx, 'scope'),
    tokenKey: str(ctx, 'key'),
    tokenTtl: str(ctx, 'ttl'),
    allowedOrigins: arr(ctx, 'allow-origin') ?? [],
    profile: recording ? replayProfile(recording) : script ? scriptProfile(script, (o) => outcome?.(o)) : profile,
    recordDir: str(ctx, 'record'),
    faults: Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)),
    enforceExp: flag(ctx, 'enforce-exp'),
    apiKeys: arr(ctx, 'basic-key') ?? [],
    credentials: ctx.core.credentials,
    watchDir: ctx.core.home,
  });
  const { url, httpUrl } = await server.start();
  const out = boundedLines(ctx.io.stdout);
  out.write(url);
  out.write(`JWKS   GET  ${httpUrl}/.well-known/jwks.json`);
  out.write(`tokens POST ${httpUrl}/token  {"key":"NAME","ttl":"5m","scope":"…"}  (narrower only)`);
  out.write(`secret ${server.tokenSecret}  (send it as ${SANDBOX_SECRET_HEADER} to POST /token)`);
  const origins = arr(ctx, 'allow-origin') ?? [];
  if (origins.length) out.write(`origins ${origins.join(' ')} may POST /token from a browser without the secret`);
  out.write(
    `requires aud=${server.audience} scope=${server.scope}; ${script ? `script ${scriptFile} (${script.steps.length} steps; stops after the first session)` : `profile ${profile}`}; Ctrl-C stops`,
  );
  const keys = arr(ctx, 'basic-key') ?? [];
  if (keys.length) out.write(`keys   ${keys.join(' ')} accepted as Authorization: Basic or ?key=`);
  if (flag(ctx, 'enforce-exp')) out.write('expiry sessions close with 4001 when their token expires');
  server.events.on('event', (e: SandboxEvent) => {
    if (e.type !== 'listening') out.write(eventLine(e));
  });
  let result: ScriptOutcome | undefined;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (script) {
      void scripted.then((o) => {
        result = o;
        stop();
      });
    }
  });
  await server.stop();
  if (result) {
    out.write(
      `script ${result.missed.length ? 'FAILED' : 'passed'}: ${result.met.length} met, ${result.missed.length} missed${result.missed.length ? ` (${result.missed.join('; ')})` : ''}`,
    );
  }
  if (out.pending() > 0 && ctx.io.stdout === process.stdout) {
    // Bytes queued for a reader that is not reading would keep the process alive: wait a moment, then go.
    await Promise.race([once(process.stdout, 'drain'), new Promise((r) => setTimeout(r, 1000).unref())]);
    if (out.pending() > 0) process.exit(result?.missed.length ? 1 : 0);
  }
  return result?.missed.length ? 1 : 0;
}

async function readFileBounded(file: string, what: string, max: number): Promise<string> {
  const fs = await import('node:fs/promises');
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > max) {
      throw new UsageError(`${what} ${quoteArg(file)} is not a file of at most ${max / 1024 / 1024} MiB`);
    }
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${what} ${quoteArg(file)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

async function test(ctx: CommandContext, rest: string[]): Promise<number> {
  if (rest.length !== 1) throw new UsageError('sandbox test needs one URL (ws:// or wss://)');
  const key = str(ctx, 'key');
  if (!key) throw new UsageError('sandbox test needs --key NAME (the realtime key to mint a token for)');
  const { JwtService, SIGNING_ALGS } = await ctx.core.load.jwt();
  const { testConnection } = await ctx.core.load.sandbox();
  const jwt = new JwtService(ctx.core);
  const m = await jwt.mint({
    key,
    alg: oneOf(str(ctx, 'alg'), SIGNING_ALGS, 'alg') ?? 'ES256',
    ttl: '2m',
    audience: str(ctx, 'aud') ?? 'realtime',
    scope: str(ctx, 'scope') ?? 'realtime',
    workspace: ctx.workspace,
  });
  const r = await testConnection(rest[0]!, m.token, { via: oneOf(str(ctx, 'via'), VIAS, 'via') ?? 'header' });
  ctx.out(`url        ${r.url}`);
  ctx.out(`handshake  ${r.status ?? 'none'}${r.latencyMs !== undefined ? ` in ${r.latencyMs.toFixed(1)} ms` : ''}`);
  if (r.body) ctx.out(`refusal    ${r.body}`);
  if (r.firstMessage) ctx.out(`first      ${r.firstMessage.slice(0, 300)}`);
  if (r.closeCode !== undefined) ctx.out(`closed     ${r.closeCode}${r.closeReason ? ` ${r.closeReason}` : ''}`);
  if (r.error) ctx.out(`error      ${r.error}`);
  ctx.out(r.ok ? 'ok' : 'failed');
  return r.ok ? 0 : 1;
}

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'run the local realtime sandbox, or test or connect to a WebSocket URL with a minted JWT',
  usage: [
    'sandbox start [--port P] [--profile echo|realtime] [--script FILE] [--aud A] [--scope S] [--key NAME] [--ttl 5m]',
    '                      [--allow-origin ORIGIN]... [--basic-key NAME]... [--enforce-exp]',
    '                      [--latency 80ms] [--jitter 30ms] [--drop 0.01] [--duplicate R] [--reorder R]',
    '                      [--close-after 10s --close-code 4000 --close-reason TEXT] [--handshake-delay 2s]',
    '                      [--record DIR]',
    '  keydeck sandbox replay FILE.jsonl [--port P]',
    '  keydeck sandbox test URL --key NAME [--alg HS256|ES256|EdDSA] [--via header|query|protocol]',
    '  keydeck sandbox connect URL (--key NAME | --token T|-) [--auth bearer|basic|query|subprotocol] [--protocol P]',
    '                      [--send JSON|@FILE]... [--expect TYPE[:path=value]]... [--timeout 5s]',
  ].join('\n'),
  examples: [
    'keydeck sandbox start --key Realtime',
    'keydeck sandbox start --profile realtime --enforce-exp --latency 80ms --jitter 30ms --drop 0.01',
    'keydeck sandbox test ws://127.0.0.1:8787/ws --key Realtime',
    'keydeck sandbox connect ws://127.0.0.1:8787/ws --key Realtime --auth subprotocol',
    'keydeck sandbox connect ws://127.0.0.1:8787/ws --key Realtime --send \'{"type":"response.create"}\' --expect response.done:response.status=completed',
  ],
  args: { sub: { start: null, test: null, replay: null, connect: null } },
  values: {
    key: 'credential',
    'basic-key': 'credential',
    via: VIAS,
    auth: CONNECT_AUTH_VALUES,
    send: 'file',
    alg: ['HS256', 'ES256', 'EdDSA'],
    profile: PROFILES,
  },
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    aud: { type: 'string' },
    scope: { type: 'string' },
    key: { type: 'string' },
    alg: { type: 'string' },
    via: { type: 'string' },
    ttl: { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    'basic-key': { type: 'string', multiple: true },
    profile: { type: 'string' },
    script: { type: 'string' },
    record: { type: 'string' },
    'enforce-exp': { type: 'boolean' },
    latency: { type: 'string' },
    jitter: { type: 'string' },
    drop: { type: 'string' },
    duplicate: { type: 'string' },
    reorder: { type: 'string' },
    'close-after': { type: 'string' },
    'close-code': { type: 'string' },
    'close-reason': { type: 'string' },
    'handshake-delay': { type: 'string' },
    token: { type: 'string' },
    auth: { type: 'string' },
    protocol: { type: 'string' },
    send: { type: 'string', multiple: true },
    expect: { type: 'string', multiple: true },
    timeout: { type: 'string' },
  },
  allowPositionals: true,
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    if (sub === 'start') return start(ctx, rest);
    if (sub === 'test') return test(ctx, rest);
    if (sub === 'replay') return start(ctx, [], rest);
    if (sub === 'connect') return connect(ctx, rest);
    const subs = ['start', 'test', 'replay', 'connect'];
    if (!sub) throw new UsageError('sandbox needs start, test, replay or connect');
    throw new UsageError(`unknown sandbox command ${quoteArg(sub)} (${subs.join(', ')}).${didYouMean(sub, subs)}`);
  },
};
