/**
 * Issue 12 §7, the sandbox as a client (sandbox/connect.ts): each auth mode against the real sandbox
 * (the log names the mode the server saw; the subprotocol is echoed), expectations met and missed, and
 * the same client against an independent server (Debian's python3-websockets) that reports what
 * reached it, so the client is not only talking to itself. Bad input: a malformed --expect, a --send
 * file with a bad line, a key sent as a subprotocol, a JWT sent as Basic, a credential in the URL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { makeTestCore } from '../../harness/core.js';
import { skipUnless } from '../../harness/tools.js';
import { waitFor } from '../../harness/wait.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer, type SandboxEvent } from '../../../electron/core/sandbox/server.js';
import {
  describeFrame,
  handshakeFor,
  meets,
  openConnection,
  parseExpectation,
  parseFrames,
  runScripted,
  type ClientCredential,
} from '../../../electron/core/sandbox/connect.js';

const core = makeTestCore();
const jwt = new JwtService(core);
let sandbox: SandboxServer;
const events: SandboxEvent[] = [];
const STANDARD = Buffer.from('key-id-7:connect-standard-secret-0123456789').toString('base64');

before(async () => {
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:connect-secret');
  await core.credentials.create({ name: 'std', kind: 'standard' }, STANDARD);
  sandbox = new SandboxServer({
    jwt,
    tokenKey: 'rt',
    apiKeys: ['std'],
    credentials: core.credentials,
    profile: 'realtime',
  });
  sandbox.events.on('event', (e: SandboxEvent) => events.push(e));
  await sandbox.start();
});
after(async () => {
  await sandbox.stop();
  await core.cleanup();
});

const quiet = { timeoutMs: 5000, line: () => undefined };

test('each auth mode reaches the real sandbox as that mode; the subprotocol is echoed; expectations are met', async () => {
  const token: ClientCredential = { kind: 'token', value: (await jwt.mint({ key: 'rt' })).token };
  const key: ClientCredential = { kind: 'key', value: STANDARD };
  const cases = [
    { cred: token, auth: 'bearer', via: 'bearer', sub: 'rt' },
    { cred: token, auth: 'query', via: 'query-token', sub: 'rt' },
    { cred: token, auth: 'subprotocol', via: 'subprotocol', sub: 'rt' },
    { cred: key, auth: 'basic', via: 'basic', sub: 'std' },
    { cred: key, auth: 'query', via: 'query-key', sub: 'std' },
  ] as const;
  for (const c of cases) {
    events.length = 0;
    const conn = await openConnection(handshakeFor(sandbox.url, c.cred, c.auth));
    if (c.auth === 'subprotocol') assert.equal(conn.protocol, 'realtime', 'the server echoed the protocol');
    const lines: string[] = [];
    const r = await runScripted(
      conn,
      ['{"type":"session.update","session":{"type":"realtime","instructions":"be brief"}}'],
      [parseExpectation('session.created'), parseExpectation('session.updated:session.instructions=be brief')],
      { timeoutMs: 5000, line: (d, t) => lines.push(`${d} ${t}`) },
    );
    assert.deepEqual(r.missed, [], `${c.auth}: ${lines.join('\n')}`);
    assert.equal(r.met.length, 2);
    assert.ok(lines.some((l) => l.startsWith('> session.update')));
    const connect = await waitFor('the connect event', () => events.find((e) => e.type === 'connect'));
    assert.equal((connect as Extract<SandboxEvent, { type: 'connect' }>).via, c.via, c.auth);
    assert.equal((connect as Extract<SandboxEvent, { type: 'connect' }>).sub, c.sub);
    await waitFor('the close event', () => events.find((e) => e.type === 'close' && e.code === 1000));
  }
});

test('a response streams to the client; a missed expectation is reported, in order', async () => {
  const { token } = await jwt.mint({ key: 'rt' });
  const conn = await openConnection(handshakeFor(sandbox.url, { kind: 'token', value: token }));
  const lines: string[] = [];
  const r = await runScripted(
    conn,
    ['{"type":"response.create"}'],
    [
      parseExpectation('response.output_audio.delta'),
      parseExpectation('response.done:response.status=completed'),
      parseExpectation('session.created'), // already passed: in order, it is missed
    ],
    { timeoutMs: 1500, line: (d, t) => lines.push(`${d} ${t}`) },
  );
  assert.deepEqual(r.met, ['response.output_audio.delta', 'response.done:response.status=completed']);
  assert.deepEqual(r.missed, ['session.created']);
  // Audio is shown as its size, never as Base64.
  const audio = lines.find((l) => l.startsWith('< response.output_audio.delta'))!;
  assert.match(audio, /"delta":"\(\d+ bytes of audio\)"/);
});

test('a refused handshake says the status and the reason, never the credential', async () => {
  const bad: ClientCredential = { kind: 'token', value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' };
  await assert.rejects(openConnection(handshakeFor(sandbox.url, bad)), (err: Error) => {
    assert.match(err.message, /HTTP 401/);
    assert.equal(err.message.includes(bad.value), false);
    return true;
  });
  await assert.rejects(openConnection(handshakeFor('ws://127.0.0.1:1/ws', bad)), /Could not connect/);
});

test('bad input: a malformed --expect, a bad JSON line, wrong credential for the mode, a credential in the URL', () => {
  for (const spec of ['', 'has space', 'type:path', 'type:=v', 'a\u001b[2Jb']) {
    assert.throws(() => parseExpectation(spec), /is not TYPE or TYPE:path=value/, JSON.stringify(spec));
  }
  assert.throws(() => parseFrames('{"type":"a"}\n{oops\n', 'f.jsonl'), /f\.jsonl line 2 is not JSON/);
  assert.throws(() => parseFrames('  ', '--send'), /is empty/);
  assert.deepEqual(parseFrames('[{"type":"a"},{"type":"b"}]', 'x'), ['{"type":"a"}', '{"type":"b"}']);
  assert.deepEqual(parseFrames('{"type":"a"}\n\n{"type":"b"}\n', 'x'), ['{"type":"a"}', '{"type":"b"}']);
  const token: ClientCredential = { kind: 'token', value: 'a.b.c' };
  const key: ClientCredential = { kind: 'key', value: 'k' };
  assert.throws(() => handshakeFor('ws://h/ws', token, 'basic'), /Basic carries a standard key/);
  assert.throws(() => handshakeFor('ws://h/ws', key, 'subprotocol'), /subprotocol carries a JWT/);
  assert.throws(() => handshakeFor('ws://h/ws?token=x', token, 'bearer'), /Leave \?token= and \?key= out/);
  assert.throws(() => handshakeFor('http://h/ws', token), /ws:\/\/ or wss:\/\//);
  assert.deepEqual(handshakeFor('ws://h/ws', token, 'subprotocol', 'v1').protocols, ['v1', 'a.b.c']);
  assert.equal(handshakeFor('ws://h/ws', key, 'query').url.searchParams.get('key'), 'k');
  const e = parseExpectation('response.done:response.output[0].status=completed');
  assert.equal(meets(e, { type: 'response.done', response: { output: [{ status: 'completed' }] } }), true);
  assert.equal(meets(e, { type: 'response.done', response: { output: [] } }), false);
  assert.equal(meets(parseExpectation('x:n=3'), { type: 'x', n: 3 }), true);
  assert.equal(meets(parseExpectation('x:ok=true'), { type: 'x', ok: 'true' }), true);
});

test('a frame line is terminal-safe: escapes and C1 controls from the peer are shown, not obeyed', () => {
  const line = describeFrame('{"type":"x\\u001b[2J","text":"\\u009b31m"}');
  assert.equal(/[\u0000-\u001f\u007f-\u009f]/.test(line), false, line);
  assert.equal(/[\u0000-\u001f\u007f-\u009f]/.test(describeFrame('plain \u001b]0;title\u0007')), false);
  assert.equal(describeFrame(Buffer.alloc(10), true), '(binary, 10 bytes)');
  assert.match(describeFrame(JSON.stringify({ type: 't', big: 'x'.repeat(5000) })), /… \(\d+ more chars\)$/);
});

const python = ['/usr/bin/python3', 'python3'].find(
  (p) => spawnSync(p, ['-c', 'import websockets'], { stdio: 'ignore' }).status === 0,
);

/** An independent server: python3-websockets, choosing "realtime", telling the client what reached it. */
const PY_SERVER = `
import asyncio, json, sys
import websockets
async def handler(ws, path=None):
    req = getattr(ws, 'request_headers', None)
    got = {'authorization': req.get('Authorization') if req else None,
           'path': path if path is not None else ws.path,
           'protocol': ws.subprotocol}
    await ws.send(json.dumps({'type': 'hello', 'got': got}))
    async for msg in ws:
        await ws.send(json.dumps({'type': 'echo', 'text': msg}))
async def main():
    async with websockets.serve(handler, '127.0.0.1', 0, subprotocols=['realtime']) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()
asyncio.run(main())
`;

test(
  'python3-websockets as the server: Bearer, Basic, ?token= and the subprotocol arrive as sent; frames go both ways',
  { skip: skipUnless(python, 'python3-websockets (apt-get install python3-websockets)') },
  async () => {
    const server = spawn(python!, ['-c', PY_SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    server.stdout.on('data', (d) => (out += d));
    server.stderr.on('data', (d) => (err += d));
    try {
      const port = await waitFor(`the python server's port (${err})`, () => /^(\d+)\n/.exec(out)?.[1]);
      const url = `ws://127.0.0.1:${port}/rt`;
      const token = (await jwt.mint({ key: 'rt' })).token;
      const cases: { cred: ClientCredential; auth: 'bearer' | 'basic' | 'query' | 'subprotocol'; expect: string }[] = [
        { cred: { kind: 'token', value: token }, auth: 'bearer', expect: `hello:got.authorization=Bearer ${token}` },
        { cred: { kind: 'key', value: STANDARD }, auth: 'basic', expect: `hello:got.authorization=Basic ${STANDARD}` },
        { cred: { kind: 'token', value: token }, auth: 'query', expect: `hello:got.path=/rt?token=${token}` },
        { cred: { kind: 'token', value: token }, auth: 'subprotocol', expect: 'hello:got.protocol=realtime' },
      ];
      for (const c of cases) {
        const conn = await openConnection(handshakeFor(url, c.cred, c.auth));
        if (c.auth === 'subprotocol') assert.equal(conn.protocol, 'realtime');
        const r = await runScripted(
          conn,
          ['{"type":"ping","n":1}'],
          [parseExpectation(c.expect), parseExpectation('echo:text={"type":"ping","n":1}')],
          quiet,
        );
        assert.deepEqual(r.missed, [], `${c.auth}: ${err}`);
      }
    } finally {
      server.kill();
    }
  },
);
