/**
 * `keydeck sandbox connect URL (--key NAME | --token T|-)`: a WebSocket client that knows Keydeck's
 * credentials (issue 12 §7). Interactive on a terminal (type frames, see frames, Ctrl+C closes with
 * 1000); with `--send`/`--expect`, or lines piped on stdin, it runs unattended and exits 1 when an
 * expectation is missed. The logic (handshake, expectations, readable lines) is core's sandbox/connect.
 */
import readline from 'node:readline';
import type { ClientCredential, ConnectAuth, Connection } from '../../core/index.js';
import { arr, oneOf, str } from '../args.js';
import type { CommandContext } from '../command.js';
import { quoteArg } from '../../../shared/echo.js';
import { UsageError } from '../io.js';

export const CONNECT_AUTH_VALUES = ['bearer', 'basic', 'query', 'subprotocol'] as const;

/** Options `sandbox connect` reads (the rest of `sandbox`'s options belong to start/replay/test). */
export const CONNECT_OPTIONS = [
  'key',
  'token',
  'auth',
  'protocol',
  'send',
  'expect',
  'timeout',
  'alg',
  'ttl',
  'aud',
  'scope',
];

async function readStdin(ctx: CommandContext, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.io.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > limit) throw new UsageError(`stdin holds more than ${limit / 1024 / 1024} MiB`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The credential: a JWT minted from a realtime key, a standard key as stored, or the token given. */
async function credential(ctx: CommandContext): Promise<ClientCredential> {
  const key = str(ctx, 'key');
  const token = str(ctx, 'token');
  if (key && token) throw new UsageError('give --key NAME or --token T, not both');
  if (token !== undefined) {
    const value = (token === '-' ? await readStdin(ctx, 64 * 1024) : token).trim();
    if (!value) throw new UsageError('the token is empty');
    return { kind: 'token', value };
  }
  if (!key) throw new UsageError('sandbox connect needs --key NAME or --token T (or --token - to read it from stdin)');
  const cred = ctx.core.credentials.get(key, ctx.workspace);
  if (cred.kind === 'realtime') {
    const { JwtService, SIGNING_ALGS } = await ctx.core.load.jwt();
    const m = await new JwtService(ctx.core).mint({
      key,
      alg: oneOf(str(ctx, 'alg'), SIGNING_ALGS, 'alg') ?? 'ES256',
      ttl: str(ctx, 'ttl') ?? '10m',
      audience: str(ctx, 'aud') ?? 'realtime',
      scope: str(ctx, 'scope') ?? 'realtime',
      workspace: ctx.workspace,
    });
    ctx.info(`token  ${m.alg} for ${cred.name}, expires ${m.expiresAt}`);
    return { kind: 'token', value: m.token };
  }
  for (const o of ['alg', 'ttl', 'aud', 'scope']) {
    if (str(ctx, o) !== undefined)
      throw new UsageError(`--${o} applies to a realtime key's token; ${key} is a ${cred.kind} key`);
  }
  const use = await ctx.core.credentials.readSecret(key, { workspace: ctx.workspace, action: 'sandbox:connect' });
  return { kind: 'key', value: use.secret.trim() };
}

/** `--send` values: inline JSON (`{…}` or `[…]`), or a file (`@FILE` or FILE) of JSON or JSON lines. */
async function framesFrom(ctx: CommandContext, parseFrames: (t: string, s: string) => string[]): Promise<string[]> {
  const fs = await import('node:fs/promises');
  const frames: string[] = [];
  for (const raw of arr(ctx, 'send') ?? []) {
    const inline = /^\s*[[{]/.test(raw);
    if (inline) {
      frames.push(...parseFrames(raw, '--send'));
      continue;
    }
    const file = raw.startsWith('@') ? raw.slice(1) : raw;
    let text: string;
    try {
      const st = await fs.stat(file);
      if (!st.isFile() || st.size > 16 * 1024 * 1024)
        throw new UsageError(`--send ${quoteArg(file)} is not a file of at most 16 MiB`);
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`cannot read --send ${quoteArg(file)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    frames.push(...parseFrames(text, `--send ${quoteArg(file)}`));
  }
  return frames;
}

/** A clean end: the client's own close, or the server's normal one. */
const cleanClose = (code: number) => code === 1000 || code === 1005;

export async function connect(ctx: CommandContext, rest: string[]): Promise<number> {
  if (rest.length !== 1) throw new UsageError('sandbox connect needs one URL (ws:// or wss://)');
  for (const [k, v] of Object.entries(ctx.values)) {
    if (v !== undefined && !CONNECT_OPTIONS.includes(k) && !['workspace', 'help', 'quiet', 'no-color'].includes(k)) {
      throw new UsageError(`--${k} does not apply to sandbox connect`);
    }
  }
  const sb = await ctx.core.load.sandbox();
  const auth: ConnectAuth | undefined = oneOf(str(ctx, 'auth'), CONNECT_AUTH_VALUES, 'auth');
  const timeoutRaw = str(ctx, 'timeout');
  const timeoutMs = timeoutRaw === undefined ? 5000 : sb.parseDuration(timeoutRaw, '--timeout');
  // Everything the user typed is checked before the token is minted or anything connects.
  const expects = (arr(ctx, 'expect') ?? []).map((e) => sb.parseExpectation(e));
  const frames = await framesFrom(ctx, sb.parseFrames);
  sb.checkWsUrl(rest[0]!);
  const cred = await credential(ctx);
  const h = sb.handshakeFor(rest[0]!, cred, auth, str(ctx, 'protocol'));
  const scripted = frames.length > 0 || expects.length > 0 || !ctx.io.stdin.isTTY;
  // Piped lines are frames too, sent as they are (a token read from stdin leaves none).
  if (scripted && !ctx.io.stdin.isTTY && !frames.length && str(ctx, 'token') !== '-') {
    frames.push(...(await readStdin(ctx, 16 * 1024 * 1024)).split(/\r?\n/).filter((l) => l.trim()));
  }
  const conn = await sb.openConnection(h, { timeoutMs: 10_000 });
  ctx.info(
    `connected ${rest[0]} · auth ${auth ?? sb.defaultAuth(cred)}${conn.protocol ? ` · protocol ${conn.protocol}` : ''}`,
  );
  if (scripted) {
    const r = await sb.runScripted(conn, frames, expects, {
      timeoutMs,
      line: (dir, text) => ctx.out(`${dir} ${text}`),
    });
    for (const m of r.met) ctx.out(`expect met     ${m}`);
    for (const m of r.missed) ctx.out(`expect MISSED  ${m}`);
    if (r.closed) ctx.out(`closed ${r.closed.code}${r.closed.reason ? ` ${r.closed.reason}` : ''}`);
    return r.missed.length || (r.closed && !cleanClose(r.closed.code)) ? 1 : 0;
  }
  return interactive(ctx, conn);
}

/** Lines typed are frames; frames received print above the prompt; Ctrl+C or Ctrl+D closes with 1000. */
async function interactive(ctx: CommandContext, conn: Connection): Promise<number> {
  const { describeFrame } = await ctx.core.load.sandbox();
  const out = ctx.io.stdout as NodeJS.WriteStream;
  const rl = readline.createInterface({ input: ctx.io.stdin, output: out, terminal: true, prompt: '> ' });
  const show = (line: string) => {
    readline.clearLine(out, 0);
    readline.cursorTo(out, 0);
    out.write(line + '\n');
    rl.prompt(true);
  };
  ctx.info('type a frame and press Enter; Ctrl+C closes');
  conn.onFrame((data, binary) => show(`< ${describeFrame(data, binary)}`));
  rl.on('line', (line) => {
    if (line.trim() && conn.ws.readyState === conn.ws.OPEN) conn.ws.send(line);
    rl.prompt();
  });
  let byUs = false;
  const close = () => {
    if (byUs) return;
    byUs = true;
    conn.ws.close(1000, 'keydeck connect closed');
  };
  rl.on('SIGINT', close);
  rl.on('close', close);
  rl.prompt();
  const end = await conn.closed;
  readline.clearLine(out, 0);
  readline.cursorTo(out, 0);
  out.write(`closed ${end.code}${end.reason ? ` ${end.reason}` : ''}\n`);
  rl.close();
  return cleanClose(end.code) ? 0 : 1;
}
