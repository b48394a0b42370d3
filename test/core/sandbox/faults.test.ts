/**
 * Issue 12 §5, each fault observed by a real `ws` client: latency and jitter (on an injected clock: the
 * frame is not there until the clock passes its due time), dropped, duplicated and reordered frames, a
 * forced close with a chosen code and reason, a refused and a slow handshake, token expiry enforced
 * mid-session (4001) and revocation while connected (4003 with a reason) for a token and for a key.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { makeTestCore } from '../../harness/core.js';
import { waitFor } from '../../harness/wait.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer, type SandboxEvent, type SandboxOptions } from '../../../electron/core/sandbox/server.js';
import { parseDuration, parseRate } from '../../../electron/core/sandbox/faults.js';
import { attempt } from './client.js';
import { Inbox } from './events-queue.js';
import { ManualClock } from './manual-clock.js';

const core = makeTestCore();
const jwt = new JwtService(core);
const STANDARD = 'c3RkLWlkOnN0ZC1zZWNyZXQtZm9yLWZhdWx0cw==';

before(async () => {
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:faults-secret');
  await core.credentials.create({ name: 'std', kind: 'standard' }, STANDARD);
});
after(() => core.cleanup());

async function withSandbox(
  opts: Partial<SandboxOptions>,
  fn: (s: SandboxServer, events: SandboxEvent[]) => Promise<void>,
): Promise<void> {
  const s = new SandboxServer({ jwt, tokenKey: 'rt', ...opts });
  const events: SandboxEvent[] = [];
  s.events.on('event', (e: SandboxEvent) => events.push(e));
  await s.start();
  try {
    await fn(s, events);
  } finally {
    await s.stop();
  }
}

async function connect(s: SandboxServer, token?: string) {
  const a = await attempt(s.url, { token: token ?? (await jwt.mint({ key: 'rt' })).token });
  assert.equal(a.status, 101);
  return { ws: a.ws!, inbox: new Inbox(a.ws!, a.first) };
}

/** Random draws in order (then 0.99: no fault). */
const draws =
  (...xs: number[]) =>
  () =>
    xs.shift() ?? 0.99;

test('latency and jitter: a frame arrives only once the clock passes its delay, in order', async () => {
  // First frame: session.started (delay 80 + 0.5·40 = 100), then two echoes.
  const clock = new ManualClock();
  await withSandbox({ clock: clock, random: draws(0.5, 0, 1), faults: { latencyMs: 80, jitterMs: 40 } }, async (s) => {
    const { token } = await jwt.mint({ key: 'rt' });
    const ws = new WebSocket(s.url, { headers: { Authorization: `Bearer ${token}` } });
    const inbox = new Inbox(ws);
    await new Promise((r) => ws.once('open', r));
    await waitFor('the first frame scheduled', () => clock.pending > 0);
    clock.advance(99);
    assert.equal(inbox.frames.length, 0, 'not before 100 ms');
    clock.advance(1);
    assert.equal((await inbox.next()).type, 'session.started');
    ws.send(JSON.stringify({ n: 1 }));
    ws.send(JSON.stringify({ n: 2 }));
    await waitFor('both echoes scheduled', () => clock.pending >= 2);
    clock.advance(80);
    // n:1 drew 0 (80 ms), n:2 drew 1 (120 ms): at 80 only the first.
    assert.deepEqual(await inbox.next(), { n: 1 });
    assert.equal(inbox.unread, 0);
    clock.advance(40);
    assert.deepEqual(await inbox.next(), { n: 2 });
    ws.close();
  });
});

test('dropped, duplicated and reordered frames reach the client as such, and the log says so', async () => {
  await withSandbox({ random: draws(0.99, 0, 0.99), faults: { drop: 0.5 } }, async (s, events) => {
    const { ws, inbox } = await connect(s);
    assert.equal((await inbox.next()).type, 'session.started');
    ws.send('{"n":1}'); // dropped (0 < 0.5)
    ws.send('{"n":2}');
    assert.deepEqual(await inbox.next(), { n: 2 });
    assert.ok(events.some((e) => e.type === 'note' && /dropped/.test(e.message)));
    ws.close();
  });
  await withSandbox({ random: draws(0.99, 0), faults: { duplicate: 0.5 } }, async (s) => {
    const { ws, inbox } = await connect(s);
    await inbox.next();
    ws.send('{"n":1}');
    assert.deepEqual(await inbox.next(), { n: 1 });
    assert.deepEqual(await inbox.next(), { n: 1 });
    ws.close();
  });
  await withSandbox({ random: draws(0.99, 0, 0.99), faults: { reorder: 0.5 } }, async (s) => {
    const { ws, inbox } = await connect(s);
    await inbox.next();
    ws.send('{"n":1}'); // held back
    ws.send('{"n":2}');
    assert.deepEqual(await inbox.next(), { n: 2 });
    assert.deepEqual(await inbox.next(), { n: 1 });
    ws.close();
  });
});

test('a forced close with a chosen code and reason: after a delay, and on demand', async () => {
  const clock = new ManualClock();
  await withSandbox({ clock, faults: { closeAfterMs: 5000, closeCode: 4500, closeReason: 'chaos' } }, async (s) => {
    const { inbox } = await connect(s);
    clock.advance(4999);
    assert.equal(inbox.closed, undefined);
    clock.advance(1);
    assert.deepEqual(await inbox.close(), { code: 4500, reason: 'chaos' });
    const b = await connect(s);
    await waitFor('the session', () => s.sessionIds().length === 1);
    assert.equal(s.closeSession(s.sessionIds()[0]!, 1011, 'server blew up'), true);
    assert.deepEqual(await b.inbox.close(), { code: 1011, reason: 'server blew up' });
    assert.throws(() => s.setDefaultFaults({ closeCode: 1005 }), { code: 'INVALID_INPUT' });
  });
});

test('a refused handshake (503) and a slow one (held until the clock passes)', async () => {
  await withSandbox({ faults: { refuseHandshake: 503 } }, async (s) => {
    const r = await attempt(s.url, { token: (await jwt.mint({ key: 'rt' })).token });
    assert.equal(r.status, 503);
    assert.equal(r.body!.error, 'fault');
  });
  const clock = new ManualClock();
  await withSandbox({ clock, faults: { handshakeDelayMs: 2000 } }, async (s) => {
    let done = false;
    const p = attempt(s.url, { token: (await jwt.mint({ key: 'rt' })).token }).then((a) => ((done = true), a));
    await waitFor('the handshake held', () => clock.pending > 0);
    clock.advance(1999);
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false);
    clock.advance(1);
    const a = await p;
    assert.equal(a.status, 101);
    a.ws!.close();
  });
});

test('token expiry enforced mid-session: close 4001 when exp passes (injected clock)', async () => {
  const clock = new ManualClock();
  await withSandbox({ clock, enforceExp: true }, async (s, events) => {
    const m = await jwt.mint({ key: 'rt', ttl: '60s', now: clock.now() });
    const { inbox } = await connect(s, m.token);
    const expMs = Number(m.claims.exp) * 1000;
    clock.advance(expMs - clock.now() - 1);
    assert.equal(inbox.closed, undefined, 'open until exp');
    clock.advance(1);
    assert.deepEqual(await inbox.close(), { code: 4001, reason: 'token expired' });
    await waitFor('the close event', () => events.some((e) => e.type === 'close' && e.code === 4001));
  });
  // Without --enforce-exp the session outlives its token (today's behaviour).
  const c2 = new ManualClock();
  await withSandbox({ clock: c2 }, async (s) => {
    const m = await jwt.mint({ key: 'rt', ttl: '60s', now: c2.now() });
    const { ws, inbox } = await connect(s, m.token);
    c2.advance(120_000);
    assert.equal(inbox.closed, undefined);
    ws.close();
  });
});

test('revocation while connected: revoking the token, or deleting the key, closes its sessions with a reason', async () => {
  await withSandbox({ watchDir: core.home, apiKeys: ['std'], credentials: core.credentials }, async (s, events) => {
    const m = await jwt.mint({ key: 'rt' });
    const other = await connect(s);
    const { inbox } = await connect(s, m.token);
    await jwt.revoke(String(m.claims.jti), { reason: 'leaked' });
    assert.deepEqual(await inbox.close(), { code: 4003, reason: 'token revoked' });
    assert.equal(other.inbox.closed, undefined, 'other sessions stay open');
    // A Basic session depends on its stored key: trashing the key ends it.
    const a = await attempt(s.url, { headers: { Authorization: `Basic ${STANDARD}` } });
    assert.equal(a.status, 101);
    const basic = new Inbox(a.ws!);
    await core.trash.moveToTrash('std');
    assert.deepEqual(await basic.close(), { code: 4003, reason: 'key revoked' });
    assert.equal((await attempt(s.url, { headers: { Authorization: `Basic ${STANDARD}` } })).status, 401);
    await waitFor('the close events', () => events.filter((e) => e.type === 'close' && e.code === 4003).length === 2);
    other.ws.close();
  });
});

test('fault values are checked', () => {
  assert.equal(parseDuration('80ms', 'latency'), 80);
  assert.equal(parseDuration('1.5s', 'latency'), 1500);
  assert.throws(() => parseDuration('-3ms', 'latency'), { code: 'INVALID_INPUT' });
  assert.throws(() => parseDuration('2h', 'latency'), { code: 'INVALID_INPUT' });
  assert.equal(parseRate('1%', 'drop'), 0.01);
  assert.throws(() => parseRate('1.5', 'drop'), { code: 'INVALID_INPUT' });
});
