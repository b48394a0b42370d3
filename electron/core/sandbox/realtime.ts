/**
 * The `realtime` profile: the server side of an OpenAI-Realtime-style session as the Inworld Realtime
 * API speaks it (GA event shapes). `session.created` on connect; `session.update` → `session.updated`;
 * `input_audio_buffer.append` / `commit` / `clear`; `conversation.item.create`; `response.create` → a
 * scripted response (`response.output_text.delta`… or `response.output_audio.delta` PCM16 base64 with
 * its transcript) ending in `response.done`; `response.cancel`. A malformed or unknown client event gets an
 * `error` event with type, code, message and param, as the service sends; the old beta shapes get the
 * service's error plus a `hint` naming the GA field. Audio is counted, never kept: a flood stays bounded.
 */
import { randomUUID } from 'node:crypto';
import type { Profile, SandboxSession } from './session.js';

/** Client events the profile understands. */
export const REALTIME_CLIENT_EVENTS = [
  'session.update',
  'input_audio_buffer.append',
  'input_audio_buffer.commit',
  'input_audio_buffer.clear',
  'conversation.item.create',
  'conversation.item.delete',
  'response.create',
  'response.cancel',
] as const;

/** The server's audio: PCM16 mono at 24 kHz, as the service sends by default. */
export const AUDIO_RATE = 24_000;
/** Most audio one commit may hold (15 MiB of base64 per append is the service's own bound; 10 minutes here). */
export const MAX_BUFFERED_AUDIO_BYTES = AUDIO_RATE * 2 * 600;

/** Beta (preview) session fields and where the GA shape moved them. */
const BETA_SESSION_FIELDS: Record<string, string> = {
  modalities: 'session.output_modalities',
  voice: 'session.audio.output.voice',
  input_audio_format: 'session.audio.input.format',
  output_audio_format: 'session.audio.output.format',
  input_audio_transcription: 'session.audio.input.transcription',
  turn_detection: 'session.audio.input.turn_detection',
  max_response_output_tokens: 'session.max_output_tokens',
};
const BETA_EVENTS: Record<string, string> = {
  'response.text.delta': 'response.output_text.delta',
  'response.audio.delta': 'response.output_audio.delta',
};

export interface RealtimeOptions {
  /** The text a response speaks (default: a short sandbox greeting). */
  responseText?: string;
  model?: string;
  /**
   * Time between a response's chunks (one word: its audio and transcript deltas) on the sandbox clock.
   * 0 (default) yields one event-loop turn per chunk, so a `response.cancel` already received still
   * interrupts the stream.
   */
  chunkMs?: number;
}

/** Ids as the service shapes them (`event_…`, `item_…`): a random per-process stem and a counter (no UUID per event). */
const STEM = randomUUID().replace(/-/g, '').slice(0, 12);
let counter = 0;
const id = (prefix: string) => `${prefix}_${STEM}${(++counter).toString(36).padStart(8, '0')}`;

/** A response being streamed: `cancel` ends it at once with status `cancelled`. */
interface Streaming {
  id: string;
  ended: boolean;
  cancel(): void;
}

interface State {
  session: Record<string, unknown>;
  /**
   * The tail of `session.updated` (`","type":…,"session":{…}}`) as UTF-8, kept until an update changes
   * the session: each answer then costs its event_id, not a stringify and an encode of the whole session.
   */
  updatedTail?: Buffer;
  bufferedBytes: number;
  items: string[];
  /** The response being streamed, to cancel. */
  response?: Streaming;
}

/** A PCM16 tone of `ms` at 24 kHz, base64: something a client can decode and play. */
export function pcm16Tone(ms: number, hz = 440): string {
  const samples = Math.round((AUDIO_RATE * ms) / 1000);
  const buf = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / AUDIO_RATE) * 8000), i * 2);
  return buf.toString('base64');
}

const TONE_CHUNK = pcm16Tone(100);

export function realtimeProfile(opts: RealtimeOptions = {}): Profile {
  const states = new WeakMap<SandboxSession, State>();
  const text = opts.responseText ?? 'Hello from the Keydeck sandbox. Your client handled a full response.';
  return {
    open(s) {
      const session = {
        type: 'realtime',
        object: 'realtime.session',
        id: id('sess'),
        model: opts.model ?? 'inworld-realtime-sandbox',
        output_modalities: ['audio'],
        instructions: '',
        audio: {
          input: { format: { type: 'audio/pcm', rate: AUDIO_RATE }, turn_detection: null, transcription: null },
          output: { format: { type: 'audio/pcm', rate: AUDIO_RATE }, voice: 'alloy', speed: 1 },
        },
        tools: [],
        tool_choice: 'auto',
        max_output_tokens: 'inf',
        expires_at: typeof s.auth.exp === 'number' ? s.auth.exp : null,
      };
      states.set(s, { session, bufferedBytes: 0, items: [] });
      send(s, { type: 'session.created', session });
    },
    message(s, data, binary) {
      const st = states.get(s)!;
      if (binary) {
        s.logIn(data, true);
        return error(
          s,
          undefined,
          'invalid_request_error',
          'invalid_binary',
          'Binary frames are not supported; send JSON text events.',
        );
      }
      let event: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(data.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        event = parsed as Record<string, unknown>;
      } catch {
        s.logIn(data, false);
        return error(
          s,
          undefined,
          'invalid_request_error',
          'invalid_json',
          'The server could not parse the event: it is not a JSON object.',
        );
      }
      const type = typeof event.type === 'string' ? event.type.slice(0, 80) : undefined;
      const eventId = typeof event.event_id === 'string' ? event.event_id.slice(0, 120) : undefined;
      s.logIn(data, false, type ?? '(no type)');
      if (type === undefined) {
        return error(
          s,
          eventId,
          'invalid_request_error',
          'missing_required_parameter',
          "Missing required parameter: 'type'.",
          'type',
        );
      }
      switch (type) {
        case 'session.update':
          return sessionUpdate(s, st, event, eventId);
        case 'input_audio_buffer.append': {
          const audio = event.audio;
          if (typeof audio !== 'string') {
            return error(
              s,
              eventId,
              'invalid_request_error',
              'missing_required_parameter',
              "Missing required parameter: 'audio'.",
              'audio',
            );
          }
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(audio) || audio.length % 4 !== 0) {
            return error(
              s,
              eventId,
              'invalid_request_error',
              'invalid_value',
              "Invalid value: 'audio' is not valid base64.",
              'audio',
            );
          }
          const bytes = (audio.length / 4) * 3 - (audio.endsWith('==') ? 2 : audio.endsWith('=') ? 1 : 0);
          if (st.bufferedBytes + bytes > MAX_BUFFERED_AUDIO_BYTES) {
            return error(
              s,
              eventId,
              'invalid_request_error',
              'input_audio_buffer_full',
              'The input audio buffer is full (10 minutes of audio): commit or clear it.',
            );
          }
          st.bufferedBytes += bytes;
          return;
        }
        case 'input_audio_buffer.commit': {
          const ms = (st.bufferedBytes / 2 / AUDIO_RATE) * 1000;
          if (ms < 100) {
            return error(
              s,
              eventId,
              'invalid_request_error',
              'input_audio_buffer_commit_empty',
              `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
            );
          }
          const itemId = id('item');
          send(s, { type: 'input_audio_buffer.committed', previous_item_id: st.items.at(-1) ?? null, item_id: itemId });
          st.items.push(itemId);
          st.bufferedBytes = 0;
          const item = {
            id: itemId,
            object: 'realtime.item',
            type: 'message',
            role: 'user',
            status: 'completed',
            content: [{ type: 'input_audio', transcript: null }],
          };
          send(s, { type: 'conversation.item.added', previous_item_id: st.items.at(-2) ?? null, item });
          return send(s, { type: 'conversation.item.done', previous_item_id: st.items.at(-2) ?? null, item });
        }
        case 'input_audio_buffer.clear':
          st.bufferedBytes = 0;
          return send(s, { type: 'input_audio_buffer.cleared' });
        case 'conversation.item.create': {
          const item = event.item;
          if (typeof item !== 'object' || item === null || Array.isArray(item)) {
            return error(
              s,
              eventId,
              'invalid_request_error',
              'missing_required_parameter',
              "Missing required parameter: 'item'.",
              'item',
            );
          }
          const it = item as Record<string, unknown>;
          if (!['message', 'function_call', 'function_call_output'].includes(String(it.type))) {
            return error(
              s,
              eventId,
              'invalid_request_error',
              'invalid_value',
              `Invalid value: '${String(it.type).slice(0, 40)}'. Supported values are: 'message', 'function_call', and 'function_call_output'.`,
              'item.type',
            );
          }
          const full = {
            id: typeof it.id === 'string' ? it.id.slice(0, 64) : id('item'),
            object: 'realtime.item',
            status: 'completed',
            ...it,
          };
          const previous = st.items.at(-1) ?? null;
          st.items.push(String(full.id));
          send(s, { type: 'conversation.item.added', previous_item_id: previous, item: full });
          return send(s, { type: 'conversation.item.done', previous_item_id: previous, item: full });
        }
        case 'conversation.item.delete': {
          const itemId = String(event.item_id ?? '');
          const i = st.items.indexOf(itemId);
          if (i < 0) {
            return error(
              s,
              eventId,
              'invalid_request_error',
              'item_not_found',
              `Item with item_id '${itemId.slice(0, 64)}' not found.`,
              'item_id',
            );
          }
          st.items.splice(i, 1);
          return send(s, { type: 'conversation.item.deleted', item_id: itemId });
        }
        case 'response.create':
          return responseCreate(s, st, event, eventId, text, opts.chunkMs ?? 0);
        case 'response.cancel': {
          const wanted = typeof event.response_id === 'string' ? event.response_id.slice(0, 64) : undefined;
          if (!st.response || st.response.ended || (wanted !== undefined && wanted !== st.response.id)) {
            return error(
              s,
              eventId,
              'invalid_request_error',
              'response_cancel_not_active',
              wanted === undefined
                ? 'Cancellation failed: no active response found.'
                : `Cancellation failed: no active response found with id '${wanted}'.`,
              wanted === undefined ? undefined : 'response_id',
            );
          }
          return st.response.cancel();
        }
        default: {
          const hint = BETA_EVENTS[type]
            ? `"${type}" is a server event of the beta API; the GA name is "${BETA_EVENTS[type]}".`
            : undefined;
          return error(
            s,
            eventId,
            'invalid_request_error',
            'invalid_value',
            `Invalid value: '${type}'. Supported values are: ${REALTIME_CLIENT_EVENTS.map((e) => `'${e}'`).join(', ')}.`,
            'type',
            hint,
          );
        }
      }
    },
    closed(s) {
      const st = states.get(s);
      if (st?.response) st.response.ended = true;
    },
  };
}

/** Sends an event with a fresh `event_id` first, as the service orders it (built as text: no object copy). */
function send(s: SandboxSession, event: Record<string, unknown>): void {
  s.send(`{"event_id":"${id('event')}",${JSON.stringify(event).slice(1)}`);
}

function error(
  s: SandboxSession,
  eventId: string | undefined,
  type: string,
  code: string,
  message: string,
  param?: string,
  hint?: string,
): void {
  s.note('warn', `${code}: ${message}${hint ? ` (${hint})` : ''}`);
  send(s, {
    type: 'error',
    error: { type, code, message, param: param ?? null, event_id: eventId ?? null, ...(hint ? { hint } : {}) },
  });
}

function sessionUpdate(s: SandboxSession, st: State, event: Record<string, unknown>, eventId?: string): void {
  const session = event.session;
  if (typeof session !== 'object' || session === null || Array.isArray(session)) {
    return error(
      s,
      eventId,
      'invalid_request_error',
      'missing_required_parameter',
      "Missing required parameter: 'session'.",
      'session',
    );
  }
  const patch = session as Record<string, unknown>;
  let beta: string | undefined;
  for (const k in patch) {
    if (k in BETA_SESSION_FIELDS) {
      beta = k;
      break;
    }
  }
  if (beta) {
    return error(
      s,
      eventId,
      'invalid_request_error',
      'unknown_parameter',
      `Unknown parameter: 'session.${beta}'.`,
      `session.${beta}`,
      `That is the beta shape; the GA API takes ${BETA_SESSION_FIELDS[beta]} (and session.type: "realtime").`,
    );
  }
  if (patch.type === undefined) {
    return error(
      s,
      eventId,
      'invalid_request_error',
      'missing_required_parameter',
      "Missing required parameter: 'session.type'.",
      'session.type',
    );
  }
  if (patch.type !== 'realtime') {
    return error(
      s,
      eventId,
      'invalid_request_error',
      'invalid_value',
      `Invalid value: '${String(patch.type).slice(0, 40)}'. Supported values are: 'realtime'.`,
      'session.type',
    );
  }
  const mods = patch.output_modalities;
  if (
    mods !== undefined &&
    !(Array.isArray(mods) && mods.length === 1 && (mods[0] === 'audio' || mods[0] === 'text'))
  ) {
    return error(
      s,
      eventId,
      'invalid_request_error',
      'invalid_value',
      'Invalid value for \'session.output_modalities\': use ["audio"] or ["text"].',
      'session.output_modalities',
    );
  }
  if (mergeInto(st.session, patch) || st.updatedTail === undefined) {
    st.updatedTail = Buffer.from(`","type":"session.updated","session":${JSON.stringify(st.session)}}`);
  }
  const head = `{"event_id":"${id('event')}`;
  const frame = Buffer.allocUnsafe(head.length + st.updatedTail.length);
  frame.write(head, 0, 'latin1');
  st.updatedTail.copy(frame, head.length);
  s.send(frame);
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Merges `patch` into `target` in place (objects field by field, anything else replaced) and says
 * whether anything changed. The session is the profile's own object: only its JSON leaves.
 */
function mergeInto(target: Record<string, unknown>, patch: Record<string, unknown>): boolean {
  let changed = false;
  for (const k in patch) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype' || !Object.hasOwn(patch, k)) continue;
    const v = patch[k];
    const prev = target[k];
    if (isObject(v) && isObject(prev)) {
      if (mergeInto(prev, v)) changed = true;
    } else if (prev !== v) {
      // Arrays and objects from the patch are compared by content (the same list re-sent is no change).
      if (v !== null && typeof v === 'object' && JSON.stringify(v) === JSON.stringify(prev)) continue;
      target[k] = v;
      changed = true;
    }
  }
  return changed;
}

function responseCreate(
  s: SandboxSession,
  st: State,
  event: Record<string, unknown>,
  eventId: string | undefined,
  text: string,
  chunkMs: number,
): void {
  const req = (event.response ?? {}) as Record<string, unknown>;
  if (typeof req !== 'object' || Array.isArray(req)) {
    return error(
      s,
      eventId,
      'invalid_request_error',
      'invalid_type',
      "Invalid type for 'response': expected an object.",
      'response',
    );
  }
  if ('modalities' in req) {
    return error(
      s,
      eventId,
      'invalid_request_error',
      'unknown_parameter',
      "Unknown parameter: 'response.modalities'.",
      'response.modalities',
      'That is the beta shape; the GA API takes response.output_modalities.',
    );
  }
  if (st.response && !st.response.ended) {
    return error(
      s,
      eventId,
      'invalid_request_error',
      'conversation_already_has_active_response',
      'Conversation already has an active response in progress. Wait until the response is finished before creating a new one.',
    );
  }
  const mods = (
    Array.isArray(req.output_modalities) ? req.output_modalities : st.session.output_modalities
  ) as string[];
  const audio = mods[0] !== 'text';
  const response = {
    id: id('resp'),
    object: 'realtime.response',
    status: 'in_progress',
    output: [] as unknown[],
    output_modalities: [audio ? 'audio' : 'text'],
  };
  const itemId = id('item');
  const base = { response_id: response.id, item_id: itemId, output_index: 0, content_index: 0 };
  const item = {
    id: itemId,
    object: 'realtime.item',
    type: 'message',
    role: 'assistant',
    status: 'in_progress',
    content: [] as unknown[],
  };
  send(s, { type: 'response.created', response });
  send(s, { type: 'response.output_item.added', response_id: response.id, output_index: 0, item });
  send(s, { type: 'conversation.item.added', previous_item_id: st.items.at(-1) ?? null, item });
  st.items.push(itemId);
  const part = audio ? { type: 'audio', transcript: '' } : { type: 'text', text: '' };
  send(s, { type: 'response.content_part.added', ...base, part });
  const words = text.split(/(?<= )/);
  let next = 0;
  const finish = (status: 'completed' | 'cancelled') => {
    run.ended = true;
    if (st.response === run) st.response = undefined;
    const said = words.slice(0, next).join('');
    if (audio) {
      send(s, { type: 'response.output_audio.done', ...base });
      send(s, { type: 'response.output_audio_transcript.done', ...base, transcript: said });
    } else send(s, { type: 'response.output_text.done', ...base, text: said });
    const donePart = audio ? { type: 'audio', transcript: said } : { type: 'text', text: said };
    send(s, { type: 'response.content_part.done', ...base, part: donePart });
    const doneItem = {
      ...item,
      status: status === 'completed' ? 'completed' : 'incomplete',
      content: [audio ? { type: 'output_audio', transcript: said } : { type: 'output_text', text: said }],
    };
    send(s, { type: 'response.output_item.done', response_id: response.id, output_index: 0, item: doneItem });
    send(s, {
      type: 'response.done',
      response: {
        ...response,
        status,
        ...(status === 'cancelled' ? { status_details: { type: 'cancelled', reason: 'client_cancelled' } } : {}),
        output: [doneItem],
        usage: { total_tokens: next * 2, input_tokens: words.length, output_tokens: next },
      },
    });
  };
  const run: Streaming = {
    id: response.id,
    ended: false,
    cancel: () => {
      if (!run.ended) finish('cancelled');
    },
  };
  st.response = run;
  // One word a step, a turn of the event loop (or chunkMs on the sandbox clock) apart, so a
  // response.cancel the client sent meanwhile is read before the next chunk.
  const step = () => {
    if (run.ended || s.closed) return;
    const w = words[next++]!;
    if (audio) {
      send(s, { type: 'response.output_audio.delta', ...base, delta: TONE_CHUNK });
      send(s, { type: 'response.output_audio_transcript.delta', ...base, delta: w });
    } else send(s, { type: 'response.output_text.delta', ...base, delta: w });
    if (next >= words.length) return finish('completed');
    if (chunkMs > 0) s.after(chunkMs, step);
    else setImmediate(step);
  };
  step();
}
