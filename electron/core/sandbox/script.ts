/**
 * Session scripts (issue 12 §4): a JSON file of steps the sandbox plays as the server's side of each
 * session: `send` a server event (after a delay), `expect` the client to send an event (within a time,
 * with fields matching), `close` with a code and reason. The log marks each expectation met or missed;
 * `keydeck sandbox start --script` exits non-zero when one was missed, so a script serves in CI.
 * A script is checked whole before anything starts: a parse error or an unknown event name is reported
 * with its line and field.
 *
 *   { "version": 1, "steps": [
 *     { "send": { "type": "session.created", "session": { "type": "realtime" } } },
 *     { "expect": { "type": "session.update", "match": { "session.audio.output.voice": "*" } },
 *       "within": "2s", "name": "client sets a voice" },
 *     { "send": { "type": "response.output_text.delta", "delta": "Hi" }, "after": "100ms" },
 *     { "close": { "code": 1000, "reason": "script done" } } ] }
 */
import { KeydeckError } from '../../../shared/errors.js';
import { checkCloseCode } from '../../../shared/sandbox.js';
import { parseDuration } from './faults.js';
import { REALTIME_CLIENT_EVENTS } from './realtime.js';
import type { Profile, SandboxSession } from './session.js';

export const SCRIPT_VERSION = 1;
export const MAX_SCRIPT_BYTES = 1024 * 1024;
export const MAX_SCRIPT_STEPS = 10_000;

/** Server events a script may send (the realtime profile's, plus the echo profile's greeting). */
export const SERVER_EVENTS = [
  'session.started',
  'session.created',
  'session.updated',
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
  'input_audio_buffer.speech_started',
  'input_audio_buffer.speech_stopped',
  'conversation.item.added',
  'conversation.item.done',
  'conversation.item.deleted',
  'conversation.item.input_audio_transcription.delta',
  'conversation.item.input_audio_transcription.completed',
  'response.created',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.output_audio.delta',
  'response.output_audio.done',
  'response.output_audio_transcript.delta',
  'response.output_audio_transcript.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.done',
  'rate_limits.updated',
  'error',
] as const;

export type ScriptStep =
  | { kind: 'send'; event: Record<string, unknown>; afterMs: number }
  | { kind: 'expect'; type: string; match: Record<string, unknown>; withinMs: number; name: string; afterMs: number }
  | { kind: 'close'; code: number; reason: string; afterMs: number };

export interface SessionScript {
  steps: ScriptStep[];
}

/** Where a script error is: 1-based line of the source, and the field path. */
function scriptError(source: string, message: string, field: string, needle?: string): KeydeckError {
  let line = 1;
  if (needle !== undefined) {
    const at = source.indexOf(needle);
    if (at >= 0) line = source.slice(0, at).split('\n').length;
  }
  return new KeydeckError('INVALID_SCRIPT', `line ${line}, ${field}: ${message}`, field);
}

/** The line of a JSON.parse error (its message names a position, or a line and column). */
function parseErrorLine(source: string, err: Error): number {
  const lc = /line (\d+)/.exec(err.message);
  if (lc) return Number(lc[1]);
  const pos = /position (\d+)/.exec(err.message);
  if (pos) return source.slice(0, Number(pos[1])).split('\n').length;
  return source.split('\n').length;
}

/** Parses and checks a whole script; throws INVALID_SCRIPT naming the line and the field. */
export function parseScript(source: string): SessionScript {
  if (Buffer.byteLength(source) > MAX_SCRIPT_BYTES) {
    throw new KeydeckError('INVALID_SCRIPT', `A script is at most ${MAX_SCRIPT_BYTES / 1024} KiB.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (err) {
    const line = parseErrorLine(source, err as Error);
    throw new KeydeckError(
      'INVALID_SCRIPT',
      `line ${line}: the script is not valid JSON (${(err as Error).message.slice(0, 120)}).`,
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw scriptError(source, 'a script is an object {"version": 1, "steps": [...]}', '(top)');
  }
  const d = doc as Record<string, unknown>;
  if (d.version !== undefined && d.version !== SCRIPT_VERSION) {
    throw scriptError(
      source,
      `this Keydeck reads script version ${SCRIPT_VERSION}; the file says ${String(d.version).slice(0, 20)}`,
      'version',
      '"version"',
    );
  }
  if (!Array.isArray(d.steps) || d.steps.length === 0)
    throw scriptError(source, 'a non-empty list of steps', 'steps', '"steps"');
  if (d.steps.length > MAX_SCRIPT_STEPS)
    throw scriptError(source, `at most ${MAX_SCRIPT_STEPS} steps`, 'steps', '"steps"');
  const steps = d.steps.map((raw, i) => checkStep(source, raw, i));
  return { steps };
}

function duration(source: string, v: unknown, field: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'string' && typeof v !== 'number')
    throw scriptError(source, 'a delay like "100ms" or "2s"', field, `"${field.split('.').pop()}"`);
  try {
    return parseDuration(v, field);
  } catch (err) {
    throw scriptError(source, (err as Error).message.replace(`${field}: `, ''), field, JSON.stringify(v));
  }
}

function checkStep(source: string, raw: unknown, i: number): ScriptStep {
  const at = `steps[${i}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw scriptError(source, 'a step is an object', at);
  const step = raw as Record<string, unknown>;
  const kinds = ['send', 'expect', 'close'].filter((k) => k in step);
  if (kinds.length !== 1) throw scriptError(source, 'a step has exactly one of "send", "expect" or "close"', at);
  const afterMs = duration(source, step.after, `${at}.after`, 0);
  if ('send' in step) {
    const ev = step.send;
    if (typeof ev !== 'object' || ev === null || Array.isArray(ev))
      throw scriptError(source, 'an event object', `${at}.send`, '"send"');
    const type = (ev as Record<string, unknown>).type;
    if (typeof type !== 'string') throw scriptError(source, 'the event needs a "type"', `${at}.send.type`, '"send"');
    if (!(SERVER_EVENTS as readonly string[]).includes(type)) {
      throw scriptError(source, `unknown server event "${type.slice(0, 60)}"`, `${at}.send.type`, JSON.stringify(type));
    }
    return { kind: 'send', event: ev as Record<string, unknown>, afterMs };
  }
  if ('expect' in step) {
    const ex = step.expect;
    if (typeof ex !== 'object' || ex === null || Array.isArray(ex))
      throw scriptError(source, 'an object {"type": …}', `${at}.expect`, '"expect"');
    const e = ex as Record<string, unknown>;
    if (typeof e.type !== 'string')
      throw scriptError(source, 'the expected event needs a "type"', `${at}.expect.type`, '"expect"');
    if (!(REALTIME_CLIENT_EVENTS as readonly string[]).includes(e.type)) {
      throw scriptError(
        source,
        `unknown client event "${e.type.slice(0, 60)}"`,
        `${at}.expect.type`,
        JSON.stringify(e.type),
      );
    }
    if (e.match !== undefined && (typeof e.match !== 'object' || e.match === null || Array.isArray(e.match))) {
      throw scriptError(source, 'an object of "dotted.path": value ("*": any value)', `${at}.expect.match`, '"match"');
    }
    const name = typeof step.name === 'string' ? step.name.slice(0, 120) : `client sends ${e.type}`;
    return {
      kind: 'expect',
      type: e.type,
      match: (e.match ?? {}) as Record<string, unknown>,
      withinMs: duration(source, step.within, `${at}.within`, 5000),
      name,
      afterMs,
    };
  }
  const c = (step.close ?? {}) as Record<string, unknown>;
  const code = c.code ?? 1000;
  const reason = c.reason ?? '';
  try {
    if (typeof code !== 'number' || typeof reason !== 'string') throw new Error('a number code and a text reason');
    checkCloseCode(code, reason);
  } catch (err) {
    throw scriptError(source, (err as Error).message, `${at}.close`, '"close"');
  }
  return { kind: 'close', code: code as number, reason: reason as string, afterMs };
}

function valueAt(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function matches(event: Record<string, unknown>, type: string, match: Record<string, unknown>): boolean {
  if (event.type !== type) return false;
  return Object.entries(match).every(([path, want]) => {
    const got = valueAt(event, path);
    return want === '*' ? got !== undefined : JSON.stringify(got) === JSON.stringify(want);
  });
}

export interface ScriptOutcome {
  session: string;
  met: string[];
  missed: string[];
  /** Every step ran (the session did not end first). */
  complete: boolean;
}

/** A profile that plays `script` to each session; `done` hears each session's outcome. */
export function scriptProfile(script: SessionScript, done?: (o: ScriptOutcome) => void): Profile {
  const runs = new WeakMap<
    SandboxSession,
    { inbox: Record<string, unknown>[]; waiter?: () => void; outcome: ScriptOutcome; reported: boolean }
  >();
  const report = (s: SandboxSession) => {
    const r = runs.get(s);
    if (!r || r.reported) return;
    r.reported = true;
    done?.(r.outcome);
  };
  return {
    open(s) {
      const run = {
        inbox: [] as Record<string, unknown>[],
        outcome: { session: s.id, met: [], missed: [], complete: false } as ScriptOutcome,
        reported: false,
        waiter: undefined as (() => void) | undefined,
      };
      runs.set(s, run);
      const wait = (ms: number) => new Promise<void>((r) => (ms > 0 ? s.after(ms, r) : r()));
      void (async () => {
        for (const step of script.steps) {
          await wait(step.afterMs);
          if (s.closed) break;
          if (step.kind === 'send') s.send(JSON.stringify(step.event));
          else if (step.kind === 'close') s.close(step.code, step.reason);
          else {
            const met = await new Promise<boolean>((resolve) => {
              let settled = false;
              const check = () => {
                const i = run.inbox.findIndex((e) => matches(e, step.type, step.match));
                if (i < 0) return false;
                run.inbox.splice(0, i + 1);
                return true;
              };
              if (check()) return resolve(true);
              run.waiter = () => {
                if (!settled && check()) {
                  settled = true;
                  run.waiter = undefined;
                  resolve(true);
                }
              };
              s.after(step.withinMs, () => {
                if (settled) return;
                settled = true;
                run.waiter = undefined;
                resolve(false);
              });
            });
            (met ? run.outcome.met : run.outcome.missed).push(step.name);
            s.note(met ? 'info' : 'error', `expectation ${met ? 'met' : 'MISSED'}: ${step.name}`);
          }
        }
        run.outcome.complete = !s.closed || script.steps.at(-1)?.kind === 'close';
        report(s);
      })();
    },
    message(s, data, binary) {
      const run = runs.get(s);
      let event: Record<string, unknown> | undefined;
      if (!binary) {
        try {
          const v: unknown = JSON.parse(data.toString('utf8'));
          if (typeof v === 'object' && v !== null && !Array.isArray(v)) event = v as Record<string, unknown>;
        } catch {
          // Not JSON: logged, never matched.
        }
      }
      s.logIn(data, binary, typeof event?.type === 'string' ? event.type.slice(0, 80) : undefined);
      if (!run || !event) return;
      run.inbox.push(event);
      if (run.inbox.length > 1000) run.inbox.shift();
      run.waiter?.();
    },
    closed(s) {
      const run = runs.get(s);
      // A session that ended with expectations still open: those are missed.
      if (run && !run.reported) {
        const left = script.steps.filter((st) => st.kind === 'expect').map((st) => (st as { name: string }).name);
        for (const name of left)
          if (!run.outcome.met.includes(name) && !run.outcome.missed.includes(name)) run.outcome.missed.push(name);
        report(s);
      }
    },
  };
}
