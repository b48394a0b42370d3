/**
 * The CLI contract of `jwt` and `jwks`, run by `runCli` in this process (runKeydeckHere): nothing here
 * needs a process of its own.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { independentVerify } from '../../electron/core/jwt/independent-verify.js';
import { cliEnv, dropCliEnv, runKeydeckHere, type CliEnv } from '../harness/cli.js';

let cli: CliEnv;
const PAIR = 'rtkey:cli-secret-value-01';
const SECRET = Buffer.from(PAIR).toString('base64');

before(async () => {
  cli = cliEnv();
  const r = await runKeydeckHere(cli, ['add', 'rt', '--kind', 'realtime'], { input: PAIR });
  assert.equal(r.code, 0, r.stderr);
});

after(() => dropCliEnv(cli));

const lastLine = (s: string) => s.trim().split('\n').at(-1)!;
const claimsOf = (t: string) =>
  JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

test('jwt mint: defaults ES256, aud realtime, scope realtime, 10 minutes; the token is the last line', async () => {
  const r = await runKeydeckHere(cli, ['jwt', 'mint', '--key', 'rt']);
  assert.equal(r.code, 0, r.stderr);
  const token = lastLine(r.stdout);
  const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(header.alg, 'ES256');
  const c = claimsOf(token);
  assert.equal(c.sub, 'rt');
  assert.equal(c.aud, 'realtime');
  assert.equal(c.scope, 'realtime');
  assert.equal((c.exp as number) - (c.iat as number), 600);
  // Its public key is in `keydeck jwks`, and the independent verifier accepts the token with it.
  const jwks = await runKeydeckHere(cli, ['jwks']);
  assert.equal(jwks.code, 0);
  const keys = (JSON.parse(jwks.stdout) as { keys: Record<string, unknown>[] }).keys;
  const jwk = keys.find((k) => k.kid === header.kid)!;
  assert.ok(jwk && !('d' in jwk));
  assert.equal(independentVerify(token, { alg: 'ES256', jwk }, { audience: 'realtime' }).ok, true);
  assert.equal(r.stdout.includes(SECRET) || r.stderr.includes(SECRET), false);
});

test('jwt mint --alg HS256 signs with the credential’s own secret; --ttl, --aud, --scope, --claim', async () => {
  const r = await runKeydeckHere(cli, [
    'jwt',
    'mint',
    '--key',
    'rt',
    '--alg',
    'HS256',
    '--ttl',
    '90s',
    '--aud',
    'a1',
    '--scope',
    's1',
    '--claim',
    'room=demo',
    '--claim',
    'n=7',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const token = lastLine(r.stdout);
  assert.equal(independentVerify(token, { alg: 'HS256', secret: SECRET }, { audience: 'a1' }).ok, true);
  const c = claimsOf(token);
  assert.equal((c.exp as number) - (c.iat as number), 90);
  assert.deepEqual([c.scope, c.room, c.n], ['s1', 'demo', 7]);
  for (const alg of ['EdDSA', 'ES256'] as const) {
    const m = await runKeydeckHere(cli, ['jwt', 'mint', '--key', 'rt', '--alg', alg]);
    assert.equal(m.code, 0, m.stderr);
    const v = await runKeydeckHere(cli, ['jwt', 'verify', lastLine(m.stdout), '--aud', 'realtime']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, new RegExp(`^valid · alg ${alg}`));
  }
  const v = await runKeydeckHere(cli, ['jwt', 'verify', token, '--key', 'rt']);
  assert.equal(v.code, 0, v.stderr);
  const fromStdin = await runKeydeckHere(cli, ['jwt', 'verify', '-'], { input: token + '\n' });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
});

test('jwt verify reports why, with exit 1', async () => {
  const mint = await runKeydeckHere(cli, ['jwt', 'mint', '--key', 'rt', '--scope', 'tts']);
  const token = lastLine(mint.stdout);
  const wrongAud = await runKeydeckHere(cli, ['jwt', 'verify', token, '--aud', 'other']);
  assert.equal(wrongAud.code, 1);
  assert.match(wrongAud.stderr, /^error\[JWT_WRONG_AUD\]/);
  const scope = await runKeydeckHere(cli, ['jwt', 'verify', token, '--scope', 'realtime']);
  assert.match(scope.stderr, /JWT_MISSING_SCOPE/);
  const [h, p, s] = token.split('.');
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claimsOf(token), scope: 'admin' })).toString('base64url')}.${s}`;
  assert.match((await runKeydeckHere(cli, ['jwt', 'verify', tampered])).stderr, /JWT_BAD_SIGNATURE/);
  assert.match((await runKeydeckHere(cli, ['jwt', 'verify', `${h}.${p}`])).stderr, /JWT_MALFORMED/);
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
  assert.match((await runKeydeckHere(cli, ['jwt', 'verify', none])).stderr, /JWT_ALG_NONE/);
  const big = await runKeydeckHere(cli, ['jwt', 'verify', '-'], { input: `${h}.${'A'.repeat(17 * 1024)}.${s}` });
  assert.match(big.stderr, /JWT_TOO_LARGE/);
  // An absurd exp is a reason, never INTERNAL (issue 15 §1, §10); decode shows it as such.
  const input = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"exp":1e30,"aud":"realtime"}').toString('base64url')}`;
  const absurd = `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
  const huge = await runKeydeckHere(cli, ['jwt', 'verify', absurd, '--key', 'rt']);
  assert.equal(huge.code, 1);
  assert.match(huge.stderr, /^error\[JWT_INVALID_EXP\]/);
  const decoded = await runKeydeckHere(cli, ['jwt', 'decode', absurd]);
  assert.equal(decoded.code, 0, decoded.stderr);
  assert.match(decoded.stdout, /exp is not a date/);
  const remote = await runKeydeckHere(cli, ['jwt', 'verify', token, '--jwks', 'https://example.com/jwks.json']);
  assert.equal(remote.code, 1);
  assert.match(remote.stderr, /INVALID_URL/);
  const both = await runKeydeckHere(cli, ['jwt', 'verify', token, '--jwks', 'http://127.0.0.1:1/', '--key', 'rt']);
  assert.equal(both.code, 2);
});

test('jwt decode prints header, claims and the countdown; bad input is refused', async () => {
  const token = lastLine((await runKeydeckHere(cli, ['jwt', 'mint', '--key', 'rt', '--ttl', '15m'])).stdout);
  const d = await runKeydeckHere(cli, ['jwt', 'decode', token]);
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /"alg": "ES256"/);
  assert.match(d.stdout, /"sub": "rt"/);
  assert.match(d.stdout, /expires in 1[45]m/);
  const bad = await runKeydeckHere(cli, ['jwt', 'decode', 'a.b!.c']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /JWT_MALFORMED/);
});

test('bad mint input: lifetimes, claims, alg, missing key, usage', async () => {
  const run = (...args: string[]) => runKeydeckHere(cli, ['jwt', 'mint', '--key', 'rt', ...args]);
  for (const ttl of ['--ttl=-5m', '--ttl=1000h']) {
    const r = await run(ttl);
    assert.equal(r.code, 1, ttl);
    assert.match(r.stderr, /INVALID_LIFETIME/);
  }
  for (const claim of ['exp=1', 'novalue']) {
    const r = await run('--claim', claim);
    assert.equal(r.code, 1, claim);
    assert.match(r.stderr, /INVALID_CLAIMS/);
  }
  assert.equal((await run('--alg', 'RS256')).code, 2);
  assert.equal((await runKeydeckHere(cli, ['jwt', 'mint'])).code, 2);
  assert.equal((await runKeydeckHere(cli, ['jwt', 'frob'])).code, 2);
  const missing = await runKeydeckHere(cli, ['jwt', 'mint', '--key', 'nope']);
  assert.match(missing.stderr, /CREDENTIAL_NOT_FOUND/);
});

test('jwt apikey, revoke, revocations, unrevoke: a revoked key is refused though its signature is valid', async () => {
  let r = await runKeydeckHere(cli, ['jwt', 'apikey', 'user_42']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /shown once/);
  const lines = r.stdout.trim().split('\n');
  const key = lines[lines.length - 1]!;
  assert.match(key, /^sk-live-eyJ/);
  const [, prefix, jti] = /^prefix (sk-live-[0-9a-f]{8}) · jti (\S+)$/m.exec(r.stderr)!;
  assert.ok(prefix && jti);
  r = await runKeydeckHere(cli, ['jwt', 'verify', '-'], { input: key });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"sub": "user_42"|"user_id": "user_42"|user_42/);
  r = await runKeydeckHere(cli, ['jwt', 'revoke', '-', '--reason', 'leaked in a log'], { input: key });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`Revoked jti ${jti}`));
  r = await runKeydeckHere(cli, ['jwt', 'verify', '-'], { input: key });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[JWT_REVOKED\]/m);
  assert.ok(!r.stderr.includes(key.slice(8)), 'the key was echoed');
  r = await runKeydeckHere(cli, ['jwt', 'revocations', '--json']);
  const list = JSON.parse(r.stdout) as { jti: string; reason?: string }[];
  assert.deepEqual(
    list.filter((x) => x.jti === jti).map((x) => x.reason),
    ['leaked in a log'],
  );
  r = await runKeydeckHere(cli, ['jwt', 'unrevoke', jti!]);
  assert.equal(r.code, 0, r.stderr);
  r = await runKeydeckHere(cli, ['jwt', 'verify', '-'], { input: key });
  assert.equal(r.code, 0, r.stderr);
  r = await runKeydeckHere(cli, ['jwt', 'apikey']);
  assert.equal(r.code, 2);
  r = await runKeydeckHere(cli, ['jwt', 'revoke', '-'], { input: 'not.a.jwt' });
  assert.equal(r.code, 1);
});

test('jwt secret: refused when piped without --yes; with --yes prints the secret that verifies sk-live- keys', async () => {
  let r = await runKeydeckHere(cli, ['jwt', 'secret']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /without --yes/);
  assert.equal(r.stdout, '');
  r = await runKeydeckHere(cli, ['jwt', 'apikey', 'user_7']);
  const key = lastLine(r.stdout);
  r = await runKeydeckHere(cli, ['jwt', 'secret', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /sk-live-/);
  const env = lastLine(r.stdout);
  const [, b64] = /^KEYDECK_JWT_SECRET_B64URL=([A-Za-z0-9_-]{43})$/.exec(env)!;
  const secret = Buffer.from(b64!, 'base64url');
  const [h, c, s] = key.slice('sk-live-'.length).split('.');
  assert.equal(createHmac('sha256', secret).update(`${h}.${c}`).digest('base64url'), s);
  r = await runKeydeckHere(cli, ['jwt', 'secret', '--yes', '--json']);
  assert.equal((JSON.parse(r.stdout) as { base64url: string }).base64url, b64);
});
