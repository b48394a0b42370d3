/**
 * Issue 12 §3: the `realtime` profile speaks GA Realtime events to a real `ws` client: session.created,
 * session.update → session.updated, the audio buffer, conversation items, response.create → deltas →
 * response.done (audio is PCM16 that decodes), and error events with type, code, message and param for
 * malformed, unknown and beta-shaped client events. A flood of 10 MB appends stays bounded.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestCore } from '../../harness/core.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer, type SandboxEvent } from '../../../electron/core/sandbox/server.js';
import { AUDIO_RATE, pcm16Tone, realtimeProfile } from '../../../electron/core/sandbox/realtime.js';
import { ManualClock } from './manual-clock.js';
import { attempt } from './client.js';
import { Inbox } from './events-queue.js';

const core = makeTestCore();
const jwt = new JwtService(core);
let sandbox: SandboxServer;
const events: SandboxEvent[] = [];

before(async () => {
  await core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:realtime-profile-secret');
  sandbox = new SandboxServer({ jwt, tokenKey: 'rt', profile: 'realtime' });
  sandbox.events.on('event', (e: SandboxEvent) => events.push(e));
  await sandbox.start();
});
after(async () => {
  await sandbox.stop();
  await core.cleanup();
});

async function open() {
  const { token } = await jwt.mint({ key: 'rt' });
  const a = await attempt(sandbox.url, { token });
  assert.equal(a.status, 101);
  const inbox = new Inbox(a.ws!, a.first);
  const send = (e: unknown) => a.ws!.send(typeof e === 'string' ? e : JSON.stringify(e));
  return { ws: a.ws!, inbox, send };
}

test('session.created on connect; session.update → session.updated with the merged session', async () => {
  const { ws, inbox, send } = await open();
  const created = await inbox.next();
  assert.equal(created.type, 'session.created');
  const session = created.session as Record<string, unknown>;
  assert.equal(session.type, 'realtime');
  assert.equal(session.object, 'realtime.session');
  assert.match(String(session.id), /^sess_/);
  assert.match(String(created.event_id), /^event_/);
  send({
    type: 'session.update',
    session: { type: 'realtime', instructions: 'Be brief.', audio: { output: { voice: 'marin' } } },
  });
  const updated = await inbox.next();
  assert.equal(updated.type, 'session.updated');
  const s = updated.session as { instructions: string; audio: { output: { voice: string; format: { rate: number } } } };
  assert.equal(s.instructions, 'Be brief.');
  assert.equal(s.audio.output.voice, 'marin');
  assert.equal(s.audio.output.format.rate, AUDIO_RATE, 'untouched fields stay');
  ws.close();
});

test('the audio buffer: append, commit (too short is the service’s error), clear; conversation.item.create', async () => {
  const { ws, inbox, send } = await open();
  await inbox.next();
  send({ type: 'input_audio_buffer.commit', event_id: 'c1' });
  const empty = await inbox.next();
  assert.equal(empty.type, 'error');
  const err = empty.error as Record<string, unknown>;
  assert.equal(err.type, 'invalid_request_error');
  assert.equal(err.code, 'input_audio_buffer_commit_empty');
  assert.equal(err.event_id, 'c1');
  assert.match(String(err.message), /Expected at least 100ms of audio, but buffer only has 0\.00ms/);
  send({ type: 'input_audio_buffer.append', audio: pcm16Tone(200) });
  send({ type: 'input_audio_buffer.commit' });
  const committed = await inbox.next();
  assert.equal(committed.type, 'input_audio_buffer.committed');
  assert.equal((await inbox.next()).type, 'conversation.item.added');
  assert.equal((await inbox.next()).type, 'conversation.item.done');
  send({ type: 'input_audio_buffer.append', audio: pcm16Tone(50) });
  send({ type: 'input_audio_buffer.clear' });
  assert.equal((await inbox.next()).type, 'input_audio_buffer.cleared');
  send({ type: 'input_audio_buffer.append', audio: 'not base64!' });
  assert.equal(((await inbox.next()).error as { code: string }).code, 'invalid_value');
  send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
  });
  const added = await inbox.next();
  assert.equal(added.type, 'conversation.item.added');
  assert.equal((added.item as { role: string }).role, 'user');
  assert.equal((await inbox.next()).type, 'conversation.item.done');
  ws.close();
});

test('response.create streams audio deltas (PCM16 that decodes) with a transcript, then response.done', async () => {
  const { ws, inbox, send } = await open();
  await inbox.next();
  send({ type: 'response.create' });
  const { frame: done, before } = await inbox.until('response.done');
  const types = before.map((f) => f.type);
  assert.equal(types[0], 'response.created');
  assert.ok(types.includes('response.output_item.added'));
  assert.ok(types.includes('response.content_part.added'));
  const audio = before.filter((f) => f.type === 'response.output_audio.delta');
  assert.ok(audio.length >= 2);
  const pcm = Buffer.from(String(audio[0]!.delta), 'base64');
  assert.equal(pcm.length % 2, 0, 'PCM16: two bytes a sample');
  assert.equal(pcm.length / 2, AUDIO_RATE / 10, '100 ms at 24 kHz');
  assert.ok(Math.max(...Array.from({ length: 200 }, (_, i) => Math.abs(pcm.readInt16LE(i * 2)))) > 1000, 'not silence');
  const transcript = before
    .filter((f) => f.type === 'response.output_audio_transcript.delta')
    .map((f) => f.delta)
    .join('');
  const final = before.find((f) => f.type === 'response.output_audio_transcript.done')!;
  assert.equal(transcript, final.transcript);
  assert.ok(types.indexOf('response.output_audio.done') > types.lastIndexOf('response.output_audio.delta'));
  assert.equal((done.response as { status: string }).status, 'completed');
  // Text only, per response.
  send({ type: 'response.create', response: { output_modalities: ['text'] } });
  const text = await inbox.until('response.done');
  const deltas = text.before.filter((f) => f.type === 'response.output_text.delta');
  assert.ok(deltas.length >= 2);
  assert.equal(
    deltas.map((d) => d.delta).join(''),
    text.before.find((f) => f.type === 'response.output_text.done')!.text,
  );
  ws.close();
});

test('errors: malformed JSON, no type, unknown event, beta shapes with a hint; the log marks them', async () => {
  const { ws, inbox, send } = await open();
  await inbox.next();
  events.length = 0;
  send('{not json');
  assert.equal(((await inbox.next()).error as { code: string }).code, 'invalid_json');
  send({ event_id: 'x' });
  const noType = (await inbox.next()).error as Record<string, unknown>;
  assert.equal(noType.code, 'missing_required_parameter');
  assert.equal(noType.param, 'type');
  send({ type: 'session.create', event_id: 'e9' });
  const unknown = (await inbox.next()).error as Record<string, unknown>;
  assert.equal(unknown.code, 'invalid_value');
  assert.equal(unknown.event_id, 'e9');
  assert.match(String(unknown.message), /Invalid value: 'session\.create'\. Supported values are: 'session\.update'/);
  // The beta session shape: the service's own error, plus where GA moved the field.
  send({ type: 'session.update', session: { modalities: ['text', 'audio'], voice: 'alloy' } });
  const beta = (await inbox.next()).error as Record<string, unknown>;
  assert.equal(beta.code, 'unknown_parameter');
  assert.equal(beta.message, "Unknown parameter: 'session.modalities'.");
  assert.equal(beta.param, 'session.modalities');
  assert.match(String(beta.hint), /session\.output_modalities/);
  send({ type: 'session.update', session: { instructions: 'x' } });
  assert.equal(((await inbox.next()).error as { param: string }).param, 'session.type');
  send({ type: 'response.create', response: { modalities: ['text'] } });
  assert.match(String(((await inbox.next()).error as { hint: string }).hint), /output_modalities/);
  ws.send(Buffer.from([1, 2, 3]));
  assert.equal(((await inbox.next()).error as { code: string }).code, 'invalid_binary');
  const notes = events.filter((e) => e.type === 'note');
  assert.ok(notes.length >= 6);
  assert.ok(events.some((e) => e.type === 'message' && e.event === 'session.create'));
  ws.close();
});

test('bad input: a flood of 10 MB append frames is bounded (1009) and the sandbox keeps serving', async () => {
  const { ws, inbox } = await open();
  await inbox.next();
  const before = process.memoryUsage().rss;
  const big = JSON.stringify({ type: 'input_audio_buffer.append', audio: 'A'.repeat(10 * 1024 * 1024) });
  for (let i = 0; i < 5 && ws.readyState === ws.OPEN; i++) ws.send(big);
  const c = await inbox.close();
  assert.equal(c.code, 1009);
  assert.ok(process.memoryUsage().rss - before < 200 * 1024 * 1024, 'memory stays bounded');
  const again = await open();
  assert.equal((await again.inbox.next()).type, 'session.created');
  again.ws.close();
});

test('response.cancel interrupts a stream in progress: response.done says cancelled, no chunk follows', async () => {
  // Chunks 1 s apart on a clock this test moves: the stream is in progress until the test says otherwise.
  const clock = new ManualClock();
  const paced = new SandboxServer({ jwt, tokenKey: 'rt', profile: realtimeProfile({ chunkMs: 1000 }), clock });
  await paced.start();
  try {
    const { token } = await jwt.mint({ key: 'rt' });
    const a = await attempt(paced.url, { token });
    const inbox = new Inbox(a.ws!, a.first);
    const send = (e: unknown) => a.ws!.send(JSON.stringify(e));
    send({ type: 'response.create' });
    const first = await inbox.until('response.output_audio_transcript.delta');
    const responseId = (first.frame as { response_id: string }).response_id;
    send({ type: 'response.cancel', response_id: 'resp_other' });
    const wrongId = (await inbox.next()).error as Record<string, unknown>;
    assert.equal(wrongId.code, 'response_cancel_not_active');
    assert.equal(wrongId.param, 'response_id');
    send({ type: 'response.cancel', response_id: responseId });
    const { frame: done, before } = await inbox.until('response.done');
    assert.equal(before.filter((f) => f.type === 'response.output_audio.delta').length, 0, 'no chunk after the cancel');
    const response = done.response as Record<string, unknown>;
    assert.equal(response.status, 'cancelled');
    assert.deepEqual(response.status_details, { type: 'cancelled', reason: 'client_cancelled' });
    const item = (response.output as { status: string; content: { transcript: string }[] }[])[0]!;
    assert.equal(item.status, 'incomplete');
    assert.equal(item.content[0]!.transcript, (first.frame as { delta: string }).delta, 'the transcript so far');
    // The paced step that was due finds the response over.
    clock.advance(5000);
    send({ type: 'response.cancel' });
    assert.equal(((await inbox.next()).error as { code: string }).code, 'response_cancel_not_active');
    // A new response starts (none is active) and completes as the clock moves.
    send({ type: 'response.create', response: { output_modalities: ['text'] } });
    await inbox.until('response.output_text.delta');
    const finished = inbox.until('response.done');
    for (let i = 0; i < 40 && clock.pending; i++) {
      clock.advance(1000);
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(((await finished).frame.response as { status: string }).status, 'completed');
    a.ws!.close();
  } finally {
    await paced.stop();
  }
});
