/**
 * Issue 12 §6: a recorded session (both directions, timings, auth mode) holds placeholders, never the
 * token; replaying it gives a real `ws` client the same server frames in the same order. Truncated
 * files, newer formats and files holding what looks like a live key are refused with their line.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeTestCore, tempHome } from '../../harness/core.js';
import { waitFor } from '../../harness/wait.js';
import { JwtService } from '../../../electron/core/jwt/service.js';
import { SandboxServer } from '../../../electron/core/sandbox/server.js';
import { parseRecording, replayProfile } from '../../../electron/core/sandbox/recording.js';
import { attempt } from './client.js';
import { Inbox } from './events-queue.js';

const core = makeTestCore();
const jwt = new JwtService(core);
const dir = path.join(tempHome(), 'recordings');
before(() => core.credentials.create({ name: 'rt', kind: 'realtime' }, 'rtkey:recording-secret'));
after(async () => {
  await core.cleanup();
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

/** Connects, plays a short realtime conversation, and returns every frame the client got (raw text). */
async function converse(url: string, token: string, talk: boolean): Promise<string[]> {
  const a = await attempt(url, { protocols: ['realtime', token] });
  assert.equal(a.status, 101);
  const texts: string[] = [JSON.stringify(a.first)];
  const inbox = new Inbox(a.ws!, a.first);
  a.ws!.on('message', (d) => texts.push(d.toString()));
  if (talk) {
    a.ws!.send(
      JSON.stringify({ type: 'session.update', session: { type: 'realtime', instructions: `token ${token}` } }),
    );
    a.ws!.send(JSON.stringify({ type: 'response.create', response: { output_modalities: ['text'] } }));
    await inbox.until('response.done');
    a.ws!.close(1000, 'bye');
  }
  await inbox.close();
  return texts;
}

test('record → replay: the client gets the same frames; the file holds no token', async () => {
  const { token } = await jwt.mint({ key: 'rt' });
  const rec = new SandboxServer({ jwt, profile: 'realtime', recordDir: dir });
  await rec.start();
  let original: string[];
  try {
    original = await converse(rec.url, token, true);
  } finally {
    await rec.stop();
  }
  const file = await waitFor('the recording', () => fs.readdirSync(dir).find((f) => f.endsWith('.jsonl')));
  const text = await waitFor('the end line', () => {
    const t = fs.readFileSync(path.join(dir, file), 'utf8');
    return t.includes('"end"') ? t : undefined;
  });
  assert.equal(text.includes(token), false, 'no token in the recording');
  assert.equal(text.includes(token.split('.')[2]!), false);
  assert.match(text, /<token>/, 'the token the client echoed back is a placeholder');
  const lines = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines[0]!.auth, 'subprotocol');
  assert.equal(lines[0]!.protocol, 'realtime');
  assert.ok(lines.some((l) => l.dir === 'in') && lines.some((l) => l.dir === 'out'));
  assert.ok(lines.every((l, i) => i === 0 || typeof l.t === 'number'));
  assert.deepEqual(lines.at(-1)!.end, { code: 1000, reason: 'bye' });

  const replay = new SandboxServer({ jwt, profile: replayProfile(parseRecording(text)) });
  await replay.start();
  try {
    const replayed = await converse(replay.url, (await jwt.mint({ key: 'rt' })).token, false);
    const types = (xs: string[]) => xs.map((x) => (JSON.parse(x) as { type: string }).type);
    assert.deepEqual(types(replayed), types(original));
    // Frames that carried nothing secret come back byte for byte.
    assert.deepEqual(replayed.slice(-3), original.slice(-3));
  } finally {
    await replay.stop();
  }
});

test('bad recordings: truncated, cut mid-line, newer format, not a recording, a live key inside', () => {
  const header = JSON.stringify({ format: 'keydeck-sandbox-recording', version: 1, auth: 'bearer', protocol: null });
  const frame = JSON.stringify({ t: 0, dir: 'out', text: '{"type":"session.created"}' });
  const end = JSON.stringify({ t: 5, end: { code: 1000, reason: '' } });
  const bad = (source: string, re: RegExp) =>
    assert.throws(
      () => parseRecording(source),
      (e: Error & { code?: string }) => e.code === 'INVALID_RECORDING' && re.test(e.message),
      source.slice(0, 200),
    );
  assert.equal(parseRecording([header, frame, end].join('\n')).lines.length, 2);
  bad([header, frame].join('\n'), /line 2: the recording has no end line: it is truncated/);
  bad([header, frame, end.slice(0, 10)].join('\n'), /line 3: the line is cut off: the recording is truncated/);
  bad(
    [header.replace('"version":1', '"version":2'), frame, end].join('\n'),
    /line 1: the recording is format version 2; .*Update Keydeck/,
  );
  bad('{"hello":1}\n', /line 1: this is not a Keydeck sandbox recording/);
  const live = JSON.stringify({
    t: 1,
    dir: 'in',
    text: 'Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJydCJ9.c2lnbmF0dXJl',
  });
  bad([header, frame, live, end].join('\n'), /line 3: it holds what looks like a live token or key/);
  const skKey = JSON.stringify({ t: 1, dir: 'in', text: '{"api_key":"sk-live-abcdefghijklmnop1234"}' });
  bad([header, frame, skKey, end].join('\n'), /line 3: it holds what looks like a live token or key/);
});
