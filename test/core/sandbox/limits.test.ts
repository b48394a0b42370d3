import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { makeTestCore } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer } from '../../../electron/core/sandbox/server.js';
import { checkBind } from '../../../electron/core/sandbox/guard.js';
import { attempt, closed, nextMessage } from './client.js';

const core = makeTestCore();
const jwt = new JwtService(core);
let token: string;

before(async () => {
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:limits-secret-value');
  token = (await jwt.mint({ key: 'rt', ttl: '15m' })).token;
});
after(() => core.cleanup());

test('a non-loopback bind address is refused', async () => {
  for (const host of ['0.0.0.0', '::', '::1', '192.168.1.10', '10.0.0.1', 'example.com', '']) {
    assert.throws(() => checkBind(host, 0), { code: 'SANDBOX_BIND_REFUSED' }, host);
    await assert.rejects(new SandboxServer({ jwt, host }).start(), { code: 'SANDBOX_BIND_REFUSED' });
  }
  for (const port of [-1, 65536, 1.5, Number.NaN]) {
    assert.throws(() => checkBind('127.0.0.1', port), { code: 'INVALID_INPUT' });
  }
  assert.deepEqual(checkBind('localhost', 0), { host: '127.0.0.1', port: 0 });
});

test('a port in use is reported, and a port that is free is used as given', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    await assert.rejects(new SandboxServer({ jwt, port }).start(), { code: 'PORT_IN_USE' });
  } finally {
    await new Promise((r) => blocker.close(r));
  }
  const s = new SandboxServer({ jwt, port });
  try {
    const { url } = await s.start();
    assert.equal(url, `ws://127.0.0.1:${port}/ws`);
    // A second sandbox on the same port is refused too.
    await assert.rejects(new SandboxServer({ jwt, port }).start(), { code: 'PORT_IN_USE' });
  } finally {
    await s.stop();
  }
});

test('a flood of connection attempts: the limit holds, the rest get 503, the server stays usable', async () => {
  const s = new SandboxServer({ jwt, limits: { maxConnections: 5 } });
  await s.start();
  try {
    const results = await Promise.all(Array.from({ length: 60 }, () => attempt(s.url, { token })));
    const open = results.filter((r) => r.status === 101);
    const busy = results.filter((r) => r.status === 503);
    assert.equal(open.length, 5);
    assert.equal(busy.length, 55);
    assert.equal(busy[0]!.body!.error, 'too_many_connections');
    assert.equal(s.connections, 5);
    await Promise.all(
      open.map((r) => {
        const c = closed(r.ws!);
        r.ws!.close();
        return c;
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    const again = await attempt(s.url, { token });
    assert.equal(again.status, 101);
    again.ws!.close();
  } finally {
    await s.stop();
  }
});

test('a flood of unauthenticated upgrades is refused one by one and leaves no session behind', async () => {
  const s = new SandboxServer({ jwt, limits: { maxConnections: 200 } });
  await s.start();
  try {
    const results = await Promise.all(
      Array.from({ length: 150 }, (_, i) => attempt(s.url, i % 2 ? {} : { token: 'a.b.c' })),
    );
    assert.ok(results.every((r) => r.status === 401));
    assert.equal(s.connections, 0);
    const ok = await attempt(s.url, { token });
    assert.equal(ok.status, 101);
    ok.ws!.close();
  } finally {
    await s.stop();
  }
});

test('message size and idle limits close the session with 1009 and 4000', async () => {
  const s = new SandboxServer({ jwt, limits: { maxMessageBytes: 1024, idleMs: 150 } });
  await s.start();
  try {
    const a = await attempt(s.url, { token });
    a.ws!.send('x'.repeat(1024));
    assert.equal((await nextMessage(a.ws!)).data.length, 1024);
    const c = closed(a.ws!);
    a.ws!.send('x'.repeat(1025));
    assert.equal((await c).code, 1009);

    const b = await attempt(s.url, { token });
    const t = Date.now();
    const idle = await closed(b.ws!);
    assert.equal(idle.code, 4000);
    assert.equal(idle.reason, 'idle timeout');
    assert.ok(Date.now() - t >= 100);
  } finally {
    await s.stop();
  }
});

test('stop closes live sessions with 1001', async () => {
  const s = new SandboxServer({ jwt });
  await s.start();
  const a = await attempt(s.url, { token });
  const c = closed(a.ws!);
  await s.stop();
  assert.equal((await c).code, 1001);
});

test('with token checks off (the bench baseline) an upgrade needs no token, but Host/Origin still apply', async () => {
  const s = new SandboxServer({ jwt, verifyTokens: false });
  await s.start();
  try {
    const a = await attempt(s.url);
    assert.equal(a.status, 101);
    a.ws!.close();
    assert.equal((await attempt(s.url, { origin: 'https://evil.example' })).status, 403);
  } finally {
    await s.stop();
  }
});
