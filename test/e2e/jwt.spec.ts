/**
 * The JWT workbench and the realtime sandbox screens end to end, against the REAL handlers over a real
 * core and the throwaway keyring (see bridge.ts). Tokens minted in the UI are checked with jose here (a
 * verifier path that shares nothing with the app's), the sandbox is a real loopback server, and the
 * tester's connections are real WebSockets.
 */
import net from 'node:net';
import { createLocalJWKSet, decodeJwt, jwtVerify, SignJWT } from 'jose';
import { JwtService } from '../../electron/core/jwt/service.js';
import type { Page } from '@playwright/test';
import { expect, screenshot as save, test } from './fixtures.js';

/** Screenshots without the toasts of earlier steps covering the screen. */
async function screenshot(page: Page, name: string) {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  while (await dismiss.count()) await dismiss.first().click();
  await save(page, name);
}

const RT_SECRET = 'cnQta2V5OnJ0LXNlY3JldA==';

async function open(page: Page, label: 'JWT workbench' | 'Realtime sandbox') {
  await page.getByRole('navigation', { name: 'Keydeck' }).getByRole('button', { name: label }).click();
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

test('workbench: empty state, mint with inline claim errors, copy forms, decode, verify and its failures', async ({
  app,
  bridge,
}) => {
  await open(app, 'JWT workbench');
  await expect(app.getByTestId('jwt-no-realtime')).toContainText('Tokens are minted for a realtime key');
  await screenshot(app, '40-jwt-empty');

  await bridge.core.credentials.create({ name: 'Realtime web', kind: 'realtime' }, RT_SECRET);
  await open(app, 'Realtime sandbox');
  await open(app, 'JWT workbench');
  const form = app.getByTestId('mint-form');
  await expect(form.locator('select[name=key]')).toHaveValue(/.+/);

  // Custom claims are validated as you type; a bad lifetime gets the core's message next to the field.
  await form.locator('textarea[name=claims]').fill('{"room": ');
  await expect(app.getByTestId('error-mint-claims')).toContainText('Not valid JSON');
  await expect(app.getByTestId('mint')).toBeDisabled();
  await form.locator('textarea[name=claims]').fill('{"exp": 1}');
  await expect(app.getByTestId('error-mint-claims')).toContainText('"exp" is set from the lifetime');
  await form.locator('textarea[name=claims]').fill('{"room": "demo"}');
  await expect(app.getByTestId('error-mint-claims')).toBeHidden();
  await form.locator('input[name=ttl]').fill('-5m');
  await app.getByTestId('mint').click();
  await expect(app.getByTestId('error-mint-ttl')).toContainText('is not a lifetime');
  await form.locator('input[name=ttl]').fill('48h');
  await app.getByTestId('mint').click();
  await expect(app.getByTestId('error-mint-ttl')).toContainText('between 1s and 24h');
  await form.locator('input[name=ttl]').fill('15m');
  await form.locator('input[name=wsUrl]').fill('ws://127.0.0.1:8787/ws');
  await app.getByTestId('mint').click();
  const tokenBox = app.getByTestId('minted-token');
  await expect(tokenBox).toBeVisible();
  const token = (await tokenBox.textContent())!;
  expect(token.split('.')).toHaveLength(3);
  await expect(app.getByTestId('mint-countdown')).toContainText(/expires in 1[45]m/);

  // Independent check with jose against the workspace's JWKS.
  const jwks = bridge.core.catalog.read().signingKeys.filter((k) => k.publicJwk);
  const set = createLocalJWKSet({
    keys: jwks.map((k) => ({ ...(k.publicJwk as object), kid: k.kid, alg: k.alg })) as never,
  });
  const verified = await jwtVerify(token, set, { algorithms: ['ES256'], audience: 'realtime' });
  expect(verified.payload).toMatchObject({ sub: 'Realtime web', scope: 'realtime', room: 'demo' });
  expect((verified.payload.exp as number) - (verified.payload.iat as number)).toBe(15 * 60);
  await screenshot(app, '41-jwt-minted');

  // Copy forms go through main's clipboard guard.
  await app.getByTestId('copy-header').click();
  await expect.poll(() => bridge.clipboard.text).toBe(`Authorization: Bearer ${token}`);
  await app.getByTestId('copy-url').click();
  await expect.poll(() => bridge.clipboard.text).toBe(`ws://127.0.0.1:8787/ws?token=${token}`);
  await app.getByTestId('copy-raw').click();
  await expect.poll(() => bridge.clipboard.text).toBe(token);

  // Decode & verify: pretty claims, live countdown, a valid verdict against the local keys.
  await app.getByTestId('to-verify').click();
  await expect(app.getByTestId('decoded-claims')).toContainText('"sub": "Realtime web"');
  await expect(app.getByTestId('decoded-header')).toContainText('"alg": "ES256"');
  const countdown = app.getByTestId('decoded-countdown');
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first!, { timeout: 3000 });
  await app.getByTestId('verify-token').press('Control+Enter');
  await expect(app.getByTestId('verify-result')).toContainText('✓ Valid');
  await expect(app.getByTestId('verify-result')).toContainText('ES256');

  // A failure says why: wrong audience.
  await app.locator('input[name=expect-aud]').fill('billing');
  await app.getByTestId('verify').click();
  await expect(app.getByTestId('verify-reason')).toHaveText('wrong_aud');
  await expect(app.getByTestId('verify-result')).toContainText('another audience');
  await screenshot(app, '42-jwt-verify-failed');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '43-jwt-verify-failed-dark');
  await app.emulateMedia({ colorScheme: 'light' });
  await app.locator('input[name=expect-aud]').fill('');

  // A pasted secret that is not the signer: an HS256 secret does not fit an ES256 token.
  await app.getByRole('radio', { name: 'Secret' }).check({ force: true });
  await app.locator('input[name=secret]').fill('not-the-key');
  await app.getByTestId('verify').click();
  await expect(app.getByTestId('verify-reason')).toHaveText('alg_mismatch');

  // Tampered signature, alg: none and a malformed token.
  await app.getByRole('radio', { name: 'Local keys' }).check({ force: true });
  const [h, p, s] = token.split('.');
  const flipped = s!.startsWith('A') ? `B${s!.slice(1)}` : `A${s!.slice(1)}`;
  await app.getByTestId('verify-token').fill(`${h}.${p}.${flipped}`);
  await app.getByTestId('verify').click();
  await expect(app.getByTestId('verify-reason')).toHaveText('bad_signature');
  const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  await app.getByTestId('verify-token').fill(`${none}.${p}.`);
  await app.getByTestId('verify').click();
  await expect(app.getByTestId('verify-reason')).toHaveText('alg_none');
  await app.getByTestId('verify-token').fill('abc.def');
  await expect(app.getByTestId('error-decode')).toContainText('3 dot-separated segments');
  await app.getByTestId('verify-token').fill('x'.repeat(17 * 1024));
  await expect(app.getByTestId('error-decode')).toContainText('larger than 16 KiB');

  // Signing keys: the ES256 key created by the first mint is listed and in the JWKS.
  await app.getByRole('tab', { name: 'Signing keys' }).click();
  const kid = decodeJwtHeaderKid(token);
  await expect(app.getByTestId('keys-table')).toContainText(kid);
  await app.getByTestId('create-hs256-from').click();
  await expect(app.getByTestId('keys-table')).toContainText('secret of Realtime web');
  await app.getByTestId('copy-jwks').click();
  await expect.poll(() => bridge.clipboard.text).toContain(kid);
  expect(bridge.clipboard.text).not.toContain(RT_SECRET);
  await screenshot(app, '44-jwt-keys');

  // API keys: issue, revoke, and Verify now rejects it although its signature is valid.
  await app.getByRole('tab', { name: 'API keys' }).click();
  await app.locator('input[name=userId]').fill('user_123');
  await app.getByTestId('issue').click();
  const apiKey = (await app.getByTestId('issued-key').textContent())!;
  expect(apiKey).toMatch(/^sk-live-/);
  expect(decodeJwt(apiKey.slice('sk-live-'.length))).toMatchObject({ uid: 'user_123' });
  await app.getByTestId('revoke-issued').click();
  await expect(app.getByTestId('revocations')).toContainText(String(decodeJwt(apiKey.slice(8)).jti));
  await screenshot(app, '45-jwt-apikeys');
  await app.getByRole('button', { name: 'Decode & verify →' }).click();
  await app.getByTestId('verify').click();
  await expect(app.getByTestId('verify-reason')).toHaveText('revoked');
});

function decodeJwtHeaderKid(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')).kid as string;
}

test('decode & verify: every bad token the issue lists gets its reason next to the field', async ({ app }) => {
  await open(app, 'JWT workbench');
  await app.getByRole('tab', { name: 'Decode & verify' }).click();
  await expect(app.getByText('Paste a token on the left')).toBeVisible();
  const box = app.getByTestId('verify-token');
  const decodeError = app.getByTestId('error-decode');

  // Malformed: segment count, base64url, JSON; oversized.
  await box.fill('a.b.c.d.e');
  await expect(decodeError).toContainText('this has 5 (an encrypted JWE?)');
  await box.fill('ey$$.eyJ9.sig');
  await expect(decodeError).toContainText('header is not base64url');
  await box.fill(`${Buffer.from('not json').toString('base64url')}.e30.sig`);
  await expect(decodeError).toContainText('header is not JSON');
  await box.fill(`eyJhbGciOiJIUzI1NiJ9.${'A'.repeat(17 * 1024)}.sig`);
  await expect(decodeError).toContainText('larger than 16 KiB');

  // Signed with a pasted HS256 secret by jose (shares no code with the app's minting).
  const secret = new TextEncoder().encode('pasted-secret-for-the-e2e-test');
  // Each token is signed just before it is checked, with times relative to that moment, so a slow
  // machine cannot push the "20 s ago, inside the 30 s tolerance" case past the tolerance.
  const sign = (claims: (now: number) => Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new SignJWT(claims(Math.floor(Date.now() / 1000))).setProtectedHeader({ alg: 'HS256', ...header }).sign(secret);
  await app.getByRole('radio', { name: 'Secret' }).check({ force: true });
  await app.locator('input[name=secret]').fill('pasted-secret-for-the-e2e-test');
  const cases: [() => Promise<string>, string][] = [
    [() => sign((now) => ({ sub: 'x', exp: now + 600 })), 'VALID'],
    [() => sign((now) => ({ sub: 'x', exp: now - 31 })), 'expired'],
    [() => sign((now) => ({ sub: 'x', exp: now - 20 })), 'VALID'], // inside the 30 s tolerance
    [() => sign((now) => ({ sub: 'x', exp: now + 600, nbf: now + 120 })), 'not_yet_valid'],
    [() => sign(() => ({ sub: 'x' })), 'missing_exp'],
    [() => sign((now) => ({ sub: 'x', exp: now + 600 }), { crit: ['b64'], b64: true }), 'crit_unsupported'],
  ];
  for (const [token, want] of cases) {
    await box.fill(await token());
    await expect(app.getByTestId('decoded-claims')).toBeVisible();
    await app.getByTestId('verify').click();
    if (want === 'VALID') await expect(app.getByTestId('verify-result')).toContainText('✓ Valid');
    else await expect(app.getByTestId('verify-reason')).toHaveText(want);
  }
  await expect(app.getByTestId('decoded-countdown')).toContainText('expires in 9m');

  // A JWKS URL off this machine is refused before any request; a JWK that is not JSON says so.
  await app.getByRole('radio', { name: 'JWKS URL' }).check({ force: true });
  await app.locator('input[name=jwks-url]').fill('https://example.com/.well-known/jwks.json');
  await app.getByTestId('verify').click();
  await expect(app.getByTestId('error-verify')).toContainText('localhost, 127.0.0.1 or [::1]');
  await app.getByRole('radio', { name: 'JWK / JWKS' }).check({ force: true });
  await app.locator('textarea[name=jwk]').fill('{not json');
  await app.getByTestId('verify').click();
  await expect(app.getByTestId('error-verify')).toContainText('not JSON');
  await screenshot(app, '46-jwt-bad-jwk');
});

test('sandbox: start on a free loopback port, tester accepted with a minted token and refused without, log, stop', async ({
  app,
  bridge,
}) => {
  await bridge.core.credentials.create({ name: 'Realtime web', kind: 'realtime' }, RT_SECRET);
  await open(app, 'Realtime sandbox');
  await expect(app.getByTestId('log-empty')).toContainText('Start the sandbox');
  await screenshot(app, '50-sandbox-stopped');

  // A bad port is refused next to the field before anything is sent.
  await app.locator('input[name=port]').fill('70000');
  await expect(app.getByTestId('error-sandbox-start')).toContainText('0 to 65535');
  await expect(app.getByTestId('sandbox-start')).toBeDisabled();

  // A port in use gets the core's reason.
  const busy = net.createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const busyPort = (busy.address() as net.AddressInfo).port;
  await app.locator('input[name=port]').fill(String(busyPort));
  await app.getByTestId('sandbox-start').click();
  await expect(app.getByTestId('error-sandbox-start')).toContainText('already in use');
  await new Promise<void>((r) => busy.close(() => r()));

  await app.locator('input[name=port]').fill('0');
  await app.getByTestId('sandbox-start').click();
  const url = app.getByTestId('sandbox-url');
  await expect(url).toHaveText(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
  const wsUrl = (await url.textContent())!;
  const port = Number(new URL(wsUrl).port);
  expect(await portOpen(port)).toBe(true);
  await expect(app.getByTestId('sandbox-jwks')).toHaveText(`http://127.0.0.1:${port}/.well-known/jwks.json`);
  const jwks = (await (await fetch(`http://127.0.0.1:${port}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
  expect(jwks.keys.length).toBeGreaterThan(0);

  // The tester follows the sandbox URL; a token minted for the realtime key is accepted.
  const tester = app.getByTestId('tester');
  await expect(tester.locator('input[name=test-url]')).toHaveValue(wsUrl);
  await app.getByTestId('test-connect').click();
  await expect(app.getByTestId('test-result')).toContainText('✓ Connected');
  await expect(app.getByTestId('test-status')).toContainText('HTTP 101');
  await expect(app.getByTestId('test-status')).toContainText('ms');
  await expect(app.getByTestId('test-message')).toContainText('session.started');
  await expect(app.getByTestId('test-close')).toContainText('1000');
  await screenshot(app, '51-sandbox-connected');

  // Without a token: 401 with the JSON reason, before any upgrade.
  await tester.getByRole('radio', { name: 'No token' }).check({ force: true });
  await app.getByTestId('test-connect').click();
  await expect(app.getByTestId('test-result')).toContainText('✗ Refused');
  await expect(app.getByTestId('test-status')).toContainText('HTTP 401');
  await expect(app.getByTestId('test-reason')).toContainText('missing_token');
  await expect(app.getByTestId('event-log')).toContainText('401 missing_token');
  // Each event once, although the timer's poll and the tester's own refresh overlap.
  await expect(app.locator('.jw-ev.refusal')).toHaveCount(1);
  await expect(app.locator('.jw-ev.connect')).toHaveCount(1);
  await screenshot(app, '52-sandbox-refused');
  await app.emulateMedia({ colorScheme: 'dark' });
  await screenshot(app, '53-sandbox-refused-dark');
  await app.emulateMedia({ colorScheme: 'light' });

  // Browsers' ways: the minted token as ?token= and as a subprotocol value are accepted too.
  await tester.getByRole('radio', { name: 'Mint for a realtime key' }).check({ force: true });
  // The log names the sandbox's auth mode for each (query-token, subprotocol).
  for (const [via, mode] of [
    ['query', 'query-token'],
    ['protocol', 'subprotocol'],
  ] as const) {
    await tester.locator('select[name=via]').selectOption(via);
    await app.getByTestId('test-connect').click();
    await expect(app.getByTestId('test-status')).toContainText('HTTP 101');
    await expect(app.getByTestId('event-log')).toContainText(`via ${mode}`);
  }
  await tester.locator('select[name=via]').selectOption('header');

  // Pasted tokens: an expired one and a revoked one are refused with their reasons.
  const jwt = new JwtService(bridge.core);
  const expired = await jwt.mint({ key: 'Realtime web', ttl: '1m', now: Date.now() - 3600_000 });
  const revoked = await jwt.mint({ key: 'Realtime web', ttl: '5m' });
  await jwt.revoke(String(revoked.claims.jti));
  await tester.getByRole('radio', { name: 'Paste a token' }).check({ force: true });
  for (const [token, reason] of [
    [expired.token, 'expired'],
    [revoked.token, 'revoked'],
  ] as const) {
    await tester.locator('textarea[name=test-token]').fill(token);
    await app.getByTestId('test-connect').click();
    await expect(app.getByTestId('test-reason')).toContainText(reason);
    await expect(app.getByTestId('test-status')).toContainText('HTTP 401');
  }
  await expect(app.getByTestId('event-log')).toContainText('401 revoked');

  // A non-ws URL is refused by the core, next to the field.
  await tester.locator('input[name=test-url]').fill('http://127.0.0.1:1/ws');
  await app.getByTestId('test-connect').click();
  await expect(app.getByTestId('error-test')).toContainText('ws:// or wss://');

  // The event log shows both, polled live.
  const log = app.getByTestId('event-log');
  await expect(log).toContainText('connect');
  await expect(log).toContainText('sub Realtime web');
  await expect(log).toContainText('401 missing_token');
  await expect(log).toContainText('close');

  // One sandbox per app: a second start is refused; a bind address cannot even be asked for over IPC.
  // The preload answers with main's envelope: the error crosses as a { code, message } object.
  const again = await app.evaluate(() => window.keydeck!.jwt.sandbox.start({ port: 0 }));
  expect(again).toMatchObject({ ok: false, error: { code: 'SANDBOX_RUNNING' } });
  const bind = await app.evaluate(() => window.keydeck!.jwt.sandbox.start({ port: 0, host: '0.0.0.0' } as never));
  expect(bind).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

  // Stop closes the port.
  await app.getByTestId('sandbox-stop').click();
  await expect(app.getByTestId('sandbox-start-form')).toBeVisible();
  await expect(log).toContainText('stopped');
  await expect.poll(() => portOpen(port)).toBe(false);
});
