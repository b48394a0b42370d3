/**
 * Issue 12 §4: scripts. A bad script (not JSON, an unknown event, a bad field) is refused whole with its
 * line and field; a good one plays server events with delays (on an injected clock) and marks each
 * expectation on what a real `ws` client sends as met or missed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestCore } from '../../harness/core.js';
import { waitFor } from '../../harness/wait.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer, type SandboxEvent } from '../../../electron/core/sandbox/server.js';
import { parseScript, scriptProfile, type ScriptOutcome } from '../../../electron/core/sandbox/script.js';
import { attempt } from './client.js';
import { Inbox } from './events-queue.js';
import { ManualClock } from './manual-clock.js';

const core = makeTestCore();
const jwt = new JwtService(core);
before(() => core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:script-secret'));
after(() => core.cleanup());

const SCRIPT = `{
  "version": 1,
  "steps": [
    { "send": { "type": "session.created", "session": { "type": "realtime" } } },
    { "expect": { "type": "session.update", "match": { "session.audio.output.voice": "*" } },
      "within": "2s", "name": "client sets a voice" },
    { "send": { "type": "response.output_text.delta", "delta": "Hi" }, "after": "100ms" },
    { "expect": { "type": "response.create" }, "within": "1s", "name": "client asks for a response" },
    { "close": { "code": 1000, "reason": "script done" } }
  ]
}`;

test('bad scripts are refused with the line and the field', () => {
  const bad = (source: string, re: RegExp) =>
    assert.throws(
      () => parseScript(source),
      (e: Error & { code?: string }) => e.code === 'INVALID_SCRIPT' && re.test(e.message),
      source,
    );
  bad('{\n  "steps": [\n    { "send": { "type": "x" }, }\n  ]\n}', /^line 3: the script is not valid JSON/);
  bad(
    SCRIPT.replace('"response.output_text.delta"', '"response.text.delta"'),
    /^line 7, steps\[2\]\.send\.type: unknown server event "response\.text\.delta"/,
  );
  bad(
    SCRIPT.replace('"type": "response.create"', '"type": "response.make"'),
    /^line 8, steps\[3\]\.expect\.type: unknown client event "response\.make"/,
  );
  bad(SCRIPT.replace('"code": 1000', '"code": 1005'), /^line 9, steps\[4\]\.close: 1005 is not a close code/);
  bad(SCRIPT.replace('"version": 1', '"version": 2'), /^line 2, version: this Keydeck reads script version 1/);
  bad(SCRIPT.replace('"within": "2s"', '"within": "soon"'), /^line 6, steps\[1\]\.within: "soon" is not a delay/);
  bad('{"steps": []}', /steps: a non-empty list/);
  bad('[1]', /a script is an object/);
  bad('{"steps": [{"send": {"type": "error"}, "close": {}}]}', /exactly one of/);
  assert.equal(parseScript(SCRIPT).steps.length, 5);
});

async function run(
  clientPlays: (inbox: Inbox, send: (e: unknown) => void, clock: ManualClock, events: SandboxEvent[]) => Promise<void>,
) {
  const clock = new ManualClock();
  const outcomes: ScriptOutcome[] = [];
  const events: SandboxEvent[] = [];
  const s = new SandboxServer({ jwt, clock, profile: scriptProfile(parseScript(SCRIPT), (o) => outcomes.push(o)) });
  s.events.on('event', (e: SandboxEvent) => events.push(e));
  await s.start();
  try {
    const a = await attempt(s.url, { token: (await jwt.mint({ key: 'rt' })).token });
    assert.equal(a.status, 101);
    const inbox = new Inbox(a.ws!, a.first);
    await clientPlays(inbox, (e) => a.ws!.send(JSON.stringify(e)), clock, events);
    const outcome = await waitFor('the script outcome', () => outcomes[0]);
    return { outcome, events, inbox };
  } finally {
    await s.stop();
  }
}

test('a script plays its events with delays and marks expectations met', async () => {
  const met = (events: SandboxEvent[], n: number) =>
    waitFor(
      'the expectation',
      () => events.filter((e) => e.type === 'note' && /^expectation/.test(e.message)).length >= n,
    );
  const { outcome, events, inbox } = await run(async (inbox, send, clock, events) => {
    assert.equal((await inbox.next()).type, 'session.created');
    send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: 'marin' } } } });
    await met(events, 1);
    clock.advance(99);
    assert.equal(inbox.unread, 0, 'the delta waits its 100 ms');
    clock.advance(1);
    assert.equal((await inbox.next()).delta, 'Hi');
    send({ type: 'response.create' });
    assert.deepEqual(await inbox.close(), { code: 1000, reason: 'script done' });
  });
  assert.deepEqual(outcome.met, ['client sets a voice', 'client asks for a response']);
  assert.deepEqual(outcome.missed, []);
  assert.ok(events.some((e) => e.type === 'note' && e.message === 'expectation met: client sets a voice'));
  void inbox;
});

test('an expectation the client does not meet in time is marked missed', async () => {
  const { outcome, events } = await run(async (inbox, send, clock, events) => {
    await inbox.next();
    // session.update without a voice: does not match.
    send({ type: 'session.update', session: { type: 'realtime' } });
    await waitFor('the update received', () => events.some((e) => e.type === 'message'));
    clock.advance(2000);
    await waitFor('the miss', () => events.some((e) => e.type === 'note' && /MISSED/.test(e.message)));
    clock.advance(100);
    assert.equal((await inbox.next()).delta, 'Hi');
    clock.advance(1000);
    await inbox.close();
  });
  assert.deepEqual(outcome.missed, ['client sets a voice', 'client asks for a response']);
  assert.ok(
    events.some((e) => e.type === 'note' && e.level === 'error' && /MISSED: client sets a voice/.test(e.message)),
  );
});
