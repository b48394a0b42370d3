import { KeydeckError } from '../../../shared/errors.js';
import type { JwtService, VerifySource } from '../../core/index.js';
import { arr, flag, json, oneOf, str } from '../args.js';
import type { Command, CommandContext } from '../command.js';
import { quoteArg } from '../../../shared/echo.js';
import { confirm, readSecret, UsageError } from '../io.js';
import { didYouMean } from '../suggest.js';

/**
 * Reads a token from stdin. Up to 64 KiB is kept (more is drained and dropped) so an oversized token
 * reaches the verifier and is reported as too large rather than silently cut.
 */
async function readToken(ctx: CommandContext): Promise<string> {
  if (ctx.io.stdin.isTTY) return readSecret(ctx.io, 'Token (input hidden): ');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.io.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    if (size < 64 * 1024) chunks.push(b);
    size += b.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** TOKEN from the argument, or from stdin when it is `-` (so it need not sit in shell history). */
async function tokenArg(ctx: CommandContext, rest: string[]): Promise<string> {
  if (rest.length !== 1) throw new UsageError('expected one TOKEN (or - to read it from stdin)');
  const t = rest[0] === '-' ? await readToken(ctx) : rest[0]!;
  if (!t.trim()) throw new UsageError('the TOKEN is empty');
  return t.trim();
}

const GLOBAL_FLAGS = ['workspace', 'help', 'quiet', 'no-color'];

function only(ctx: CommandContext, sub: string, allowed: string[]): void {
  for (const [k, v] of Object.entries(ctx.values)) {
    if (v === undefined || GLOBAL_FLAGS.includes(k) || allowed.includes(k)) continue;
    throw new UsageError(`--${k} does not apply to jwt ${sub}`);
  }
}

async function mint(ctx: CommandContext, jwt: JwtService, rest: string[]): Promise<number> {
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  only(ctx, 'mint', ['key', 'alg', 'ttl', 'aud', 'scope', 'claim', 'json']);
  const key = str(ctx, 'key');
  if (!key) throw new UsageError('jwt mint needs --key NAME (the realtime key the token is for)');
  const { SIGNING_ALGS, parseClaimPairs } = await ctx.core.load.jwt();
  const alg = oneOf(str(ctx, 'alg'), SIGNING_ALGS, 'alg') ?? 'ES256';
  const m = await jwt.mint({
    key,
    alg,
    ttl: str(ctx, 'ttl') ?? '10m',
    audience: str(ctx, 'aud') ?? 'realtime',
    scope: str(ctx, 'scope') ?? 'realtime',
    claims: parseClaimPairs(arr(ctx, 'claim') ?? []),
    workspace: ctx.workspace,
  });
  if (flag(ctx, 'json')) {
    ctx.out(json({ token: m.token, alg: m.alg, kid: m.kid, claims: m.claims, expiresAt: m.expiresAt }));
    return 0;
  }
  ctx.info(
    `alg ${m.alg} · kid ${m.kid} · sub ${String(m.claims.sub)} · aud ${String(m.claims.aud)} · scope ${String(m.claims.scope)}`,
  );
  ctx.info(`jti ${String(m.claims.jti)} · expires ${m.expiresAt}`);
  ctx.out(m.token);
  return 0;
}

async function verify(ctx: CommandContext, jwt: JwtService, rest: string[]): Promise<number> {
  only(ctx, 'verify', ['jwks', 'key', 'aud', 'scope', 'iss', 'json']);
  const token = await tokenArg(ctx, rest);
  const url = str(ctx, 'jwks');
  const key = str(ctx, 'key');
  if (url && key) throw new UsageError('give --jwks URL or --key NAME, not both');
  const source: VerifySource = url
    ? { kind: 'jwks-url', url }
    : key
      ? { kind: 'credential', name: key }
      : { kind: 'local' };
  const { API_KEY_PREFIX } = await ctx.core.load.jwt();
  // An sk-live- API key against local keys: its own path, where the revocation list applies.
  const r =
    source.kind === 'local' && token.startsWith(API_KEY_PREFIX)
      ? await jwt.verifyApiKey(token, ctx.workspace)
      : await jwt.verify(token, source, {
          workspace: ctx.workspace,
          audience: str(ctx, 'aud'),
          scope: str(ctx, 'scope'),
          issuer: str(ctx, 'iss'),
        });
  if (!r.ok) throw new KeydeckError(`JWT_${r.reason.toUpperCase()}`, r.message);
  if (flag(ctx, 'json')) {
    ctx.out(json({ valid: true, alg: r.alg, kid: r.kid ?? null, claims: r.claims }));
    return 0;
  }
  ctx.out(`valid · alg ${r.alg}${r.kid ? ` · kid ${r.kid}` : ''} · ${jwt.decode(token).countdown}`);
  ctx.out(json(r.claims));
  return 0;
}

/** `jwt apikey USER_ID`: a new sk-live- key, printed once on the last line (Keydeck keeps no copy). */
async function apikey(ctx: CommandContext, jwt: JwtService, rest: string[]): Promise<number> {
  only(ctx, 'apikey', ['json']);
  if (rest.length !== 1 || !rest[0]!.trim()) throw new UsageError('jwt apikey needs one USER_ID');
  const issued = await jwt.issueApiKey(rest[0]!.trim(), ctx.workspace);
  ctx.notice(
    'shown once: Keydeck keeps no copy. To keep it: … | tail -1 | keydeck add NAME --kind standard --provider custom',
  );
  if (flag(ctx, 'json')) {
    ctx.out(json({ key: issued.key, prefix: issued.prefix, jti: issued.jti }));
    return 0;
  }
  ctx.info(`prefix ${issued.prefix} · jti ${issued.jti}`);
  ctx.out(issued.key);
  return 0;
}

/** `jwt revoke JTI|KEY|-`: a key or token is decoded for its jti; the signature does not matter. */
async function revoke(ctx: CommandContext, jwt: JwtService, rest: string[]): Promise<number> {
  only(ctx, 'revoke', ['reason']);
  const arg = await tokenArg(ctx, rest);
  let jti = arg;
  if (arg.includes('.')) {
    const claims = jwt.decode(arg).claims as Record<string, unknown>;
    if (typeof claims.jti !== 'string') throw new KeydeckError('INVALID_INPUT', 'That token has no jti to revoke.');
    jti = claims.jti;
  }
  const r = await jwt.revoke(jti, { workspace: ctx.workspace, reason: str(ctx, 'reason') });
  ctx.info(`Revoked jti ${r.jti}: tokens and API keys carrying it are refused from now on.`);
  return 0;
}

/**
 * `jwt secret [--yes] [--json]`: the workspace's HS256 secret that verifies (and signs) its sk-live- keys,
 * for a backend. Asked on a terminal first; elsewhere only with --yes.
 */
async function secret(ctx: CommandContext, jwt: JwtService, rest: string[]): Promise<number> {
  only(ctx, 'secret', ['yes', 'json']);
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (!flag(ctx, 'yes')) {
    if (!ctx.io.stdin.isTTY) {
      throw new UsageError('refusing to print the HS256 signing secret without --yes when not on a terminal');
    }
    const ok = await confirm(
      ctx.io,
      'Print the HS256 secret that verifies this workspace’s sk-live- API keys? Whoever holds it can also issue keys.',
    );
    if (!ok) {
      ctx.notice('Nothing printed.');
      return 1;
    }
  }
  const x = await jwt.exportApiKeySecret(ctx.workspace);
  ctx.notice(x.purpose);
  ctx.notice('Realtime tokens signed ES256/EdDSA verify with public keys: `keydeck jwks`.');
  if (flag(ctx, 'json')) {
    ctx.out(json(x));
    return 0;
  }
  ctx.out(`kid ${x.kid} · alg HS256 · workspace ${x.workspace}`);
  ctx.out(`secret (base64url, ${Buffer.from(x.base64url, 'base64url').length} bytes): ${x.base64url}`);
  ctx.out(`jwk: ${JSON.stringify(x.jwk)}`);
  ctx.out(x.envLine);
  return 0;
}

function decode(ctx: CommandContext, jwt: JwtService, token: string): number {
  const d = jwt.decode(token);
  ctx.notice('decoded only; the signature was not checked (use `keydeck jwt verify`)');
  if (flag(ctx, 'json')) {
    const { header, claims, expiresAt, countdown, prefix } = d;
    ctx.out(json({ header, claims, expiresAt: expiresAt ?? null, countdown, ...(prefix ? { prefix } : {}) }));
    return 0;
  }
  ctx.out('header:');
  ctx.out(d.headerText);
  ctx.out('claims:');
  ctx.out(d.claimsText);
  ctx.out(
    d.expiresAt
      ? `${d.countdown} (${d.expiresAt})`
      : d.claims.exp === undefined
        ? 'no exp: this token never expires by itself'
        : `${d.countdown}: verify refuses it (invalid_exp)`,
  );
  if (d.prefix) ctx.out(`API key prefix ${d.prefix}`);
  return 0;
}

export const jwtCommand: Command = {
  name: 'jwt',
  summary: 'mint, verify and decode JWTs for realtime keys',
  usage: [
    'jwt mint --key NAME [--alg HS256|ES256|EdDSA] [--ttl 10m] [--aud A] [--scope S] [--claim k=v]... [--json]',
    '  keydeck jwt verify TOKEN|- [--jwks URL | --key NAME] [--aud A] [--scope S] [--iss I] [--json]',
    '  keydeck jwt decode TOKEN|- [--json]',
    '  keydeck jwt apikey USER_ID [--json]           # a new sk-live- API key, shown once',
    '  keydeck jwt revoke JTI|KEY|- [--reason TEXT] | unrevoke JTI | revocations [--json]',
    '  keydeck jwt secret [--yes] [--json]           # the HS256 secret a backend verifies sk-live- keys with',
  ].join('\n'),
  examples: [
    'TOKEN=$(keydeck jwt mint --key Realtime --ttl 5m)',
    'keydeck jwt verify "$TOKEN" --aud realtime',
    'keydeck jwt decode - < token.txt',
  ],
  args: {
    sub: {
      mint: null,
      verify: null,
      decode: null,
      apikey: null,
      revoke: null,
      unrevoke: null,
      revocations: null,
      secret: null,
    },
  },
  values: { key: 'credential', alg: ['HS256', 'ES256', 'EdDSA'] },
  options: {
    key: { type: 'string' },
    alg: { type: 'string' },
    ttl: { type: 'string' },
    aud: { type: 'string' },
    scope: { type: 'string' },
    iss: { type: 'string' },
    claim: { type: 'string', multiple: true },
    jwks: { type: 'string' },
    reason: { type: 'string' },
    json: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
  },
  allowPositionals: true,
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    const jwt = new (await ctx.core.load.jwt()).JwtService(ctx.core);
    if (sub === 'mint') return mint(ctx, jwt, rest);
    if (sub === 'verify') return verify(ctx, jwt, rest);
    if (sub === 'decode') {
      only(ctx, 'decode', ['json']);
      return decode(ctx, jwt, await tokenArg(ctx, rest));
    }
    if (sub === 'apikey') return apikey(ctx, jwt, rest);
    if (sub === 'revoke') return revoke(ctx, jwt, rest);
    if (sub === 'secret') return secret(ctx, jwt, rest);
    if (sub === 'unrevoke') {
      only(ctx, 'unrevoke', []);
      if (rest.length !== 1) throw new UsageError('jwt unrevoke needs one JTI');
      const removed = await jwt.unrevoke(rest[0]!, ctx.workspace);
      ctx.info(removed ? `jti ${rest[0]} is no longer revoked.` : `jti ${rest[0]} was not revoked.`);
      return removed ? 0 : 1;
    }
    if (sub === 'revocations') {
      only(ctx, 'revocations', ['json']);
      if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
      const list = jwt.revocations(ctx.workspace);
      if (ctx.values.json === true) ctx.out(json(list));
      else if (!list.length) ctx.info('No revocations.');
      else for (const r of list) ctx.out(`${r.revokedAt}  ${r.jti}${r.reason ? `  (${r.reason})` : ''}`);
      return 0;
    }
    const subs = ['mint', 'verify', 'decode', 'apikey', 'revoke', 'unrevoke', 'revocations', 'secret'];
    if (!sub) throw new UsageError(`jwt needs one of: ${subs.join(', ')}`);
    throw new UsageError(`unknown jwt command ${quoteArg(sub)} (${subs.join(', ')}).${didYouMean(sub, subs)}`);
  },
};

export const jwksCommand: Command = {
  name: 'jwks',
  summary: "print the workspace's public signing keys as a JWKS",
  usage: 'jwks [--workspace W] [--json]',
  examples: ['keydeck jwks > jwks.json'],
  options: { json: { type: 'boolean' } },
  allowPositionals: false,
  async run(ctx) {
    const jwks = new (await ctx.core.load.jwt()).JwtService(ctx.core).jwks(ctx.workspace);
    if (!jwks.keys.length) ctx.notice('no public signing keys yet; `keydeck jwt mint --key NAME` creates one');
    ctx.out(json(jwks));
    return 0;
  },
};
