/**
 * Issue 12 §1: every way a client authenticates is its own checked path, named in the event log, with a
 * warning where the mode leaks its credential; a token carried as a subprotocol gets the chosen protocol
 * (never the token) echoed in the 101. Real clients: `ws` and Debian's python3-websockets.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { makeTestCore } from '../../harness/core.js';
import { skipUnless } from '../../harness/tools.js';
import { waitFor } from '../../harness/wait.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer, type SandboxEvent } from '../../../electron/core/sandbox/server.js';
import { eventLine } from '../../../electron/core/sandbox/events.js';
import { attempt, rawUpgrade } from './client.js';

const core = makeTestCore();
const jwt = new JwtService(core);
let sandbox: SandboxServer;
const events: SandboxEvent[] = [];
/** An Inworld-style standard key: already Base64 (`id:secret`). */
const STANDARD = Buffer.from('key-id-1:standard-secret-value-0123456789').toString('base64');

before(async () => {
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:auth-modes-secret');
  await core.credentials.create({ name: 'std', kind: 'standard' }, STANDARD);
  sandbox = new SandboxServer({ jwt, tokenKey: 'rt', apiKeys: ['std'], credentials: core.credentials });
  sandbox.events.on('event', (e: SandboxEvent) => events.push(e));
  await sandbox.start();
});
after(async () => {
  await sandbox.stop();
  await core.cleanup();
});

const lastConnect = () =>
  waitFor('a connect event', () => [...events].reverse().find((e) => e.type === 'connect')) as Promise<
    Extract<SandboxEvent, { type: 'connect' }>
  >;

test('each auth mode opens a session, and the log names it (with a warning where the credential leaks)', async () => {
  const { token } = await jwt.mint({ key: 'rt' });
  const cases = [
    { mode: 'bearer', url: sandbox.url, opts: { token } },
    { mode: 'basic', url: sandbox.url, opts: { headers: { Authorization: `Basic ${STANDARD}` } } },
    { mode: 'query-token', url: `${sandbox.url}?token=${token}`, opts: {} },
    { mode: 'query-key', url: `${sandbox.url}?key=${encodeURIComponent(STANDARD)}`, opts: {} },
    { mode: 'subprotocol', url: sandbox.url, opts: { protocols: ['realtime', token] } },
  ] as const;
  for (const c of cases) {
    events.length = 0;
    const a = await attempt(c.url, c.opts);
    assert.equal(a.status, 101, c.mode);
    assert.equal(a.first!.type, 'session.started');
    const e = await lastConnect();
    assert.equal(e.via, c.mode);
    assert.equal(e.sub, c.mode === 'basic' || c.mode === 'query-key' ? 'std' : 'rt');
    if (c.mode.startsWith('query')) assert.match(e.warning!, /URL/, c.mode);
    if (c.mode === 'basic') assert.match(e.warning!, /backend/);
    if (c.mode === 'bearer' || c.mode === 'subprotocol') assert.equal(e.warning, undefined);
    if (c.mode === 'subprotocol') {
      assert.equal(a.protocol, 'realtime', 'the chosen protocol is echoed in the 101');
      assert.equal(e.protocol, 'realtime');
    }
    a.ws!.close();
    const log = JSON.stringify(sandbox.recent()) + sandbox.recent().map(eventLine).join('\n');
    assert.equal(log.includes(token.split('.')[2]!), false, 'no token in the log');
    assert.equal(log.includes(STANDARD), false, 'no key in the log');
  }
  // The line a user reads says WARNING for the leaky modes.
  events.length = 0;
  const q = await attempt(`${sandbox.url}?token=${token}`);
  assert.match(eventLine(await lastConnect()), /WARNING .*URL/);
  q.ws!.close();
});

test('each mode checks its own credential: wrong key, wrong token, unknown scheme, two credentials at once', async () => {
  const { token } = await jwt.mint({ key: 'rt' });
  const wrongBasic = await attempt(sandbox.url, {
    headers: { Authorization: `Basic ${Buffer.from('x:y').toString('base64')}` },
  });
  assert.equal(wrongBasic.status, 401);
  assert.equal(wrongBasic.body!.error, 'unknown_key');
  assert.equal((await attempt(`${sandbox.url}?key=nope`)).body!.error, 'unknown_key');
  assert.equal((await attempt(`${sandbox.url}?token=a.b.c`)).body!.error, 'malformed');
  assert.equal((await attempt(sandbox.url, { protocols: ['realtime', 'a.b.c'] })).body!.error, 'malformed');
  const digest = await attempt(sandbox.url, { headers: { Authorization: 'Digest abc' } });
  assert.equal(digest.status, 401);
  assert.equal(digest.body!.error, 'unsupported_scheme');
  // "Bearer " with nothing after it (a client whose token variable was empty) is a missing token.
  const empty = await attempt(sandbox.url, { headers: { Authorization: 'Bearer ' } });
  assert.equal(empty.status, 401);
  assert.equal(empty.body!.error, 'missing_token');
  const two = await attempt(`${sandbox.url}?token=${token}`, { token });
  assert.equal(two.status, 400);
  assert.equal(two.body!.error, 'ambiguous_credentials');
  // A token as the only subprotocol: echoing it would put it in the response; the client is told why.
  const alone = await attempt(sandbox.url, { protocols: [token] });
  assert.equal(alone.status, 400);
  assert.equal(alone.body!.error, 'no_protocol_to_echo');
  // A key presented where the sandbox accepts none.
  const bare = new SandboxServer({ jwt });
  await bare.start();
  try {
    assert.equal(
      (await attempt(bare.url, { headers: { Authorization: `Basic ${STANDARD}` } })).body!.error,
      'keys_not_accepted',
    );
  } finally {
    await bare.stop();
  }
});

test('bad input: 100 subprotocols, a 64 KiB subprotocol entry', async () => {
  const { token } = await jwt.mint({ key: 'rt' });
  const many = Array.from({ length: 100 }, (_, i) => `p${i}`).join(', ');
  const r100 = await rawUpgrade(sandbox.port, {
    Host: `127.0.0.1:${sandbox.port}`,
    'Sec-WebSocket-Protocol': `${many}, ${token}`,
  });
  assert.equal(r100.status, 400);
  assert.equal(JSON.parse(r100.body).error, 'too_many_protocols');
  // 20 KiB: under the header limit, over the entry limit.
  const r20 = await rawUpgrade(sandbox.port, {
    Host: `127.0.0.1:${sandbox.port}`,
    'Sec-WebSocket-Protocol': `realtime, ${'a'.repeat(20 * 1024)}`,
  });
  assert.equal(r20.status, 431);
  assert.equal(JSON.parse(r20.body).error, 'protocol_too_large');
  // 64 KiB: the header parser itself stops it; the client still gets a status and a reason.
  const r64 = await rawUpgrade(sandbox.port, {
    Host: `127.0.0.1:${sandbox.port}`,
    'Sec-WebSocket-Protocol': `realtime, ${'a'.repeat(64 * 1024)}`,
  });
  assert.equal(r64.status, 431);
  assert.equal(JSON.parse(r64.body).error, 'headers_too_large');
  // The sandbox still serves.
  const ok = await attempt(sandbox.url, { protocols: ['realtime', token] });
  assert.equal(ok.status, 101);
  ok.ws!.close();
});

const python = ['/usr/bin/python3', 'python3'].find(
  (p) => spawnSync(p, ['-c', 'import websockets'], { stdio: 'ignore' }).status === 0,
);

test(
  'python3-websockets: subprotocol token with the protocol echoed, Bearer header, Basic key, ?key=',
  { skip: skipUnless(python, 'python3-websockets (apt-get install python3-websockets)') },
  async () => {
    const { token } = await jwt.mint({ key: 'rt' });
    const script = `
import asyncio, json, sys
import websockets
async def main():
    url, mode, cred = sys.argv[1], sys.argv[2], sys.argv[3]
    kw = {}
    if mode == 'subprotocol': kw['subprotocols'] = ['realtime', cred]
    if mode == 'bearer': kw['extra_headers'] = {'Authorization': 'Bearer ' + cred}
    if mode == 'basic': kw['extra_headers'] = {'Authorization': 'Basic ' + cred}
    if mode == 'query-key': url = url + '?key=' + cred
    async with websockets.connect(url, **kw) as ws:
        first = json.loads(await ws.recv())
        await ws.send('ping')
        echo = await ws.recv()
        print(json.dumps({'protocol': ws.subprotocol, 'first': first['type'], 'echo': echo}))
asyncio.run(main())
`;
    // Async: the sandbox runs in this process and must keep answering while python talks to it.
    const run = (mode: string, cred: string) =>
      new Promise<{ protocol: string | null; first: string; echo: string }>((resolve, reject) =>
        execFile(python!, ['-c', script, sandbox.url, mode, cred], { timeout: 20_000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`${mode}: ${stderr || err.message}`)) : resolve(JSON.parse(stdout)),
        ),
      );
    const sub = await run('subprotocol', token);
    assert.deepEqual(sub, { protocol: 'realtime', first: 'session.started', echo: 'ping' });
    assert.equal((await run('bearer', token)).first, 'session.started');
    assert.equal((await run('basic', STANDARD)).echo, 'ping');
    assert.equal((await run('query-key', encodeURIComponent(STANDARD))).first, 'session.started');
  },
);
