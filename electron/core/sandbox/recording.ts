/**
 * Record and replay (issue 12 §6). A recording is JSONL: a header line (format, version, auth mode,
 * subprotocol), one line per frame (`t` ms since open, `dir` from the sandbox's side, `text` or base64
 * `binary`), and an `end` line with the close code. Tokens and keys are replaced by placeholders as
 * they are written; a file that still holds what looks like a live key is refused on replay, as is a
 * truncated file or one from a newer format. Replay plays the recorded server frames with their timing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import type { Profile, SandboxSession } from './session.js';

export const RECORDING_FORMAT = 'keydeck-sandbox-recording';
export const RECORDING_VERSION = 1;
export const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const API_KEY = /\b(?:sk|pk|rk)[-_](?:live|test|proj)?[-_]?[A-Za-z0-9_-]{16,}/g;
const AUTH_VALUE = /\b(Bearer|Basic)\s+[A-Za-z0-9+/=._-]{12,}/gi;

/** Replaces anything shaped like a token or a key by a placeholder. */
export function redact(text: string): string {
  return text.replace(JWT, '<token>').replace(API_KEY, '<key>').replace(AUTH_VALUE, '$1 <credential>');
}

function looksLive(text: string): boolean {
  return [JWT, API_KEY, AUTH_VALUE].some((re) => {
    re.lastIndex = 0;
    return re.test(text);
  });
}

type Line =
  | { t: number; dir: 'in' | 'out'; text: string }
  | { t: number; dir: 'in' | 'out'; binary: string }
  | { t: number; end: { code: number; reason: string } };

/** Writes one session's recording into `dir`. */
export class SessionRecorder {
  private readonly fd: number;
  readonly file: string;

  constructor(
    dir: string,
    s: SandboxSession,
    private readonly now: () => number,
  ) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
    this.file = path.join(dir, `${stamp}-${s.id}.jsonl`);
    this.fd = fs.openSync(this.file, 'wx', 0o600);
    this.write({
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      auth: s.auth.mode ?? 'none',
      protocol: s.ws.protocol || null,
      startedAt: new Date(now()).toISOString(),
    });
  }

  private write(v: unknown): void {
    fs.writeSync(this.fd, JSON.stringify(v) + '\n');
  }

  frame(s: SandboxSession, dir: 'in' | 'out', data: Buffer | string, binary: boolean): void {
    const t = this.now() - s.openedAt;
    if (binary) this.write({ t, dir, binary: Buffer.from(data).toString('base64') });
    else this.write({ t, dir, text: redact(typeof data === 'string' ? data : data.toString('utf8')) });
  }

  end(s: SandboxSession, code: number, reason: string): void {
    this.write({ t: this.now() - s.openedAt, end: { code, reason: redact(reason) } });
    fs.closeSync(this.fd);
  }
}

export interface Recording {
  auth: string;
  protocol: string | null;
  lines: Line[];
}

/** Reads a recording for replay; INVALID_RECORDING with the line for anything it cannot honestly play. */
export function parseRecording(source: string): Recording {
  if (Buffer.byteLength(source) > MAX_RECORDING_BYTES) {
    throw new KeydeckError('INVALID_RECORDING', `A recording is at most ${MAX_RECORDING_BYTES / 1024 / 1024} MiB.`);
  }
  const raw = source.split('\n');
  if (raw.at(-1) === '') raw.pop();
  const bad = (n: number, why: string) => new KeydeckError('INVALID_RECORDING', `line ${n}: ${why}`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(raw[0] ?? '') as Record<string, unknown>;
  } catch {
    throw bad(1, 'this is not a Keydeck sandbox recording (no header line).');
  }
  if (header?.format !== RECORDING_FORMAT) throw bad(1, 'this is not a Keydeck sandbox recording.');
  if (typeof header.version !== 'number' || header.version > RECORDING_VERSION) {
    throw bad(
      1,
      `the recording is format version ${String(header.version).slice(0, 10)}; this Keydeck reads version ${RECORDING_VERSION}. Update Keydeck to replay it.`,
    );
  }
  const lines: Line[] = [];
  for (let i = 1; i < raw.length; i++) {
    const n = i + 1;
    if (looksLive(raw[i]!)) {
      throw bad(
        n,
        'it holds what looks like a live token or key. Recordings never hold secrets: the file was edited or not written by Keydeck; replace it with a placeholder.',
      );
    }
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(raw[i]!) as Record<string, unknown>;
    } catch {
      if (i === raw.length - 1) throw bad(n, 'the line is cut off: the recording is truncated.');
      throw bad(n, 'the line is not JSON.');
    }
    if (typeof v.t !== 'number' || v.t < 0) throw bad(n, 'a frame needs "t" (ms since the session opened).');
    if (v.end !== undefined) {
      const end = v.end as { code?: unknown; reason?: unknown };
      if (typeof end.code !== 'number') throw bad(n, 'end needs a close code.');
      lines.push({ t: v.t, end: { code: end.code, reason: typeof end.reason === 'string' ? end.reason : '' } });
      if (i !== raw.length - 1) throw bad(n + 1, 'lines after the end line.');
      continue;
    }
    if (v.dir !== 'in' && v.dir !== 'out') throw bad(n, 'dir is "in" or "out".');
    if (typeof v.text === 'string') lines.push({ t: v.t, dir: v.dir, text: v.text });
    else if (typeof v.binary === 'string') lines.push({ t: v.t, dir: v.dir, binary: v.binary });
    else throw bad(n, 'a frame has "text" or "binary".');
  }
  if (!lines.length || !('end' in lines.at(-1)!)) {
    throw bad(
      raw.length,
      'the recording has no end line: it is truncated (the session was still open when it was cut).',
    );
  }
  return { auth: String(header.auth), protocol: typeof header.protocol === 'string' ? header.protocol : null, lines };
}

/** Plays the recorded server frames to each session with their timing, then closes as recorded. */
export function replayProfile(rec: Recording): Profile {
  return {
    open(s) {
      let prev = 0;
      const play = (i: number) => {
        for (; i < rec.lines.length; i++) {
          const line = rec.lines[i]!;
          if ('dir' in line && line.dir === 'in') continue;
          if (line.t > prev) {
            const wait = line.t - prev;
            prev = line.t;
            const at = i;
            return s.after(wait, () => play(at));
          }
          if ('end' in line)
            return s.close(line.end.code === 1005 || line.end.code === 1006 ? 1000 : line.end.code, line.end.reason);
          if ('text' in line) s.send(line.text);
          else s.send(Buffer.from(line.binary, 'base64'), true);
        }
      };
      play(0);
    },
    message(s, data, binary) {
      s.logIn(data, binary);
    },
  };
}
