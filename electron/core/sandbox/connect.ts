/**
 * The sandbox's client side (issue 12 §7): a WebSocket client that knows how Keydeck's credentials
 * travel (a JWT as Bearer, `?token=` or a subprotocol beside an echoed protocol name; a standard key as
 * Basic or `?key=`), prints what it receives as readable lines, and checks scripted expectations
 * (`TYPE[:path=value]`) for CI. The CLI's `sandbox connect` is a thin shell over this.
 */
import WebSocket from 'ws';
import { KeydeckError } from '../../../shared/errors.js';
import { printable } from '../../../shared/rules.js';
import { checkWsUrl } from './tester.js';

export const CONNECT_AUTHS = ['bearer', 'basic', 'query', 'subprotocol'] as const;
export type ConnectAuth = (typeof CONNECT_AUTHS)[number];

/** A minted (or given) JWT, or a standard key as stored (Inworld's keys are already Base64). */
export type ClientCredential = { kind: 'token'; value: string } | { kind: 'key'; value: string };

/** The way a credential travels when none is chosen: a token as Bearer, a key as Basic. */
export function defaultAuth(cred: ClientCredential): ConnectAuth {
  return cred.kind === 'token' ? 'bearer' : 'basic';
}

export interface Handshake {
  url: URL;
  headers: Record<string, string>;
  protocols: string[];
}

/**
 * Where the credential goes for `auth`. A key never goes as a subprotocol (a server only reads a
 * JWT-shaped value there), and a JWT never as Basic (Basic carries a key).
 */
export function handshakeFor(
  rawUrl: string,
  cred: ClientCredential,
  auth: ConnectAuth = defaultAuth(cred),
  protocol?: string,
): Handshake {
  const url = checkWsUrl(rawUrl);
  if (url.searchParams.has('token') || url.searchParams.has('key')) {
    throw new KeydeckError('INVALID_URL', 'Leave ?token= and ?key= out of the URL: --auth query adds the credential.');
  }
  const protocols = protocol ? [protocol] : [];
  const headers: Record<string, string> = {};
  if (auth === 'bearer') headers.Authorization = `Bearer ${cred.value}`;
  else if (auth === 'basic') {
    if (cred.kind === 'token') {
      throw new KeydeckError(
        'INVALID_INPUT',
        'Basic carries a standard key, not a JWT: use --auth bearer, query or subprotocol.',
      );
    }
    headers.Authorization = `Basic ${cred.value}`;
  } else if (auth === 'query') url.searchParams.set(cred.kind === 'token' ? 'token' : 'key', cred.value);
  else {
    if (cred.kind === 'key') {
      throw new KeydeckError(
        'INVALID_INPUT',
        'A subprotocol carries a JWT, not a standard key: use --auth basic or query.',
      );
    }
    protocols.splice(0, protocols.length, protocol ?? 'realtime', cred.value);
  }
  return { url, headers, protocols };
}

/** One expectation on a received event: its `type`, and optionally one field's value. */
export interface Expectation {
  spec: string;
  type: string;
  path?: string[];
  value?: string;
}

/** Parses `TYPE[:path=value]` (`response.done:response.status=completed`). */
export function parseExpectation(spec: string): Expectation {
  const m = /^([A-Za-z0-9_.-]+)(?::([A-Za-z0-9_.[\]-]+)=(.*))?$/s.exec(spec.trim());
  if (!m) {
    throw new KeydeckError(
      'INVALID_INPUT',
      `--expect ${JSON.stringify(printable(spec.slice(0, 80)))} is not TYPE or TYPE:path=value (e.g. response.done:response.status=completed).`,
    );
  }
  const path = m[2]
    ?.replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  return { spec: spec.trim(), type: m[1]!, ...(path ? { path, value: m[3]! } : {}) };
}

/** The value at `path` in an event, or undefined. */
function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** True when `event` (a parsed frame) meets `e`: same type, and the field equals the value as text or JSON. */
export function meets(e: Expectation, event: unknown): boolean {
  if (event === null || typeof event !== 'object' || (event as { type?: unknown }).type !== e.type) return false;
  if (!e.path) return true;
  const v = at(event, e.path);
  if (v === undefined) return false;
  if (typeof v === 'string') return v === e.value;
  return JSON.stringify(v) === e.value;
}

/** Frame texts from one `--send` value: a JSON object, a JSON array of events, or JSON lines. */
export function parseFrames(text: string, source: string): string[] {
  const trimmed = text.trim();
  if (!trimmed) throw new KeydeckError('INVALID_INPUT', `${source} is empty.`);
  try {
    const v = JSON.parse(trimmed) as unknown;
    if (Array.isArray(v)) return v.map((x) => JSON.stringify(x));
    return [JSON.stringify(v)];
  } catch {
    // Not one JSON value: JSON lines, each checked.
  }
  const frames: string[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      frames.push(JSON.stringify(JSON.parse(line) as unknown));
    } catch (err) {
      throw new KeydeckError(
        'INVALID_INPUT',
        `${source} line ${i + 1} is not JSON: ${(err as Error).message.slice(0, 120)}`,
      );
    }
  });
  return frames;
}

/** Longest frame text a line shows before it says how much more there was. */
export const SHOWN_CHARS = 600;

/** Event fields that hold Base64 audio: a line gives their size instead of the bytes. */
const AUDIO_FIELDS = new Set(['delta', 'audio']);

/**
 * A frame as one readable, terminal-safe line: `TYPE  {other fields}` for a JSON event (audio shown
 * as its size), the quoted text otherwise, or the size of a binary frame. Control and text-direction
 * characters from the peer are escaped, so a server cannot drive the user's terminal.
 */
export function describeFrame(data: Buffer | string, binary = false): string {
  if (binary) return `(binary, ${data.length} bytes)`;
  const text = typeof data === 'string' ? data : data.toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return clip(JSON.stringify(text));
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || typeof (v as { type?: unknown }).type !== 'string') {
    return clip(text);
  }
  const { type, ...rest } = v as Record<string, unknown>;
  const audio = /(?:audio\.delta|audio_buffer\.append)$/.test(type as string);
  const shown = Object.fromEntries(
    Object.entries(rest).map(([k, x]) =>
      audio && AUDIO_FIELDS.has(k) && typeof x === 'string'
        ? [k, `(${Math.floor((x.length * 3) / 4)} bytes of audio)`]
        : [k, x],
    ),
  );
  const body = Object.keys(shown).length ? `  ${JSON.stringify(shown)}` : '';
  return clip(`${type as string}${body}`);
}

function clip(s: string): string {
  const safe = printable(s);
  return safe.length > SHOWN_CHARS ? `${safe.slice(0, SHOWN_CHARS)}… (${safe.length - SHOWN_CHARS} more chars)` : safe;
}

export interface Connection {
  ws: WebSocket;
  /** The protocol the server echoed, or '' when none. */
  protocol: string;
  closed: Promise<{ code: number; reason: string }>;
  /**
   * Received frames, from the first: frames that arrived before a listener was set (a server's first
   * event can come in the same packet as its 101) are handed to it first.
   */
  onFrame(listener: (data: Buffer, binary: boolean) => void): void;
}

/**
 * Opens the connection. A refused handshake is a `SANDBOX_CONNECT_REFUSED` error with the status and
 * the server's (bounded) answer; the credential never appears in it.
 */
export function openConnection(h: Handshake, opts: { timeoutMs?: number } = {}): Promise<Connection> {
  const secretParts = [
    h.headers.Authorization?.split(' ')[1],
    h.protocols[1],
    h.url.searchParams.get('token'),
    h.url.searchParams.get('key'),
  ].filter((s): s is string => !!s);
  const scrub = (s: string) => secretParts.reduce((acc, p) => acc.split(p).join('[credential]'), s);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(h.url, h.protocols, {
      headers: h.headers,
      handshakeTimeout: opts.timeoutMs ?? 10_000,
      followRedirects: false,
      perMessageDeflate: false,
    });
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      ws.once('close', (code, reason) => r({ code, reason: reason.toString('utf8') })),
    );
    let backlog: [Buffer, boolean][] | undefined = [];
    let listener: ((data: Buffer, binary: boolean) => void) | undefined;
    ws.on('message', (data, binary) => {
      if (listener) listener(data as Buffer, binary);
      else backlog?.push([data as Buffer, binary]);
    });
    const onFrame = (l: (data: Buffer, binary: boolean) => void) => {
      listener = l;
      for (const [d, b] of backlog ?? []) l(d, b);
      backlog = undefined;
    };
    ws.once('open', () => resolve({ ws, protocol: ws.protocol, closed, onFrame }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        if (body.length < 2048) body += d.toString('utf8');
      });
      res.on('end', () => {
        ws.terminate();
        const said = printable(scrub(body.slice(0, 500)).trim());
        reject(
          new KeydeckError(
            'SANDBOX_CONNECT_REFUSED',
            `The server refused the handshake: HTTP ${res.statusCode ?? '?'}${said ? ` ${said}` : ''}`,
          ),
        );
      });
    });
    ws.on('error', (err) => {
      if (ws.readyState === WebSocket.OPEN) return;
      reject(
        new KeydeckError('SANDBOX_CONNECT_FAILED', `Could not connect: ${printable(scrub(err.message)).slice(0, 200)}`),
      );
    });
  });
}

export interface ScriptedRun {
  met: string[];
  missed: string[];
  /** How the connection ended, when the server closed it before the run was over. */
  closed?: { code: number; reason: string };
}

/**
 * Sends `frames` in order, then waits until every expectation is met, in order, by a later received
 * event than the one before it (or, with none, until the server closes), or `timeoutMs` passes. Each
 * frame in and out goes to `line`. Closes with 1000 when done.
 */
export async function runScripted(
  conn: Connection,
  frames: readonly string[],
  expects: readonly Expectation[],
  opts: { timeoutMs: number; line: (dir: '<' | '>', text: string) => void },
): Promise<ScriptedRun> {
  const { ws } = conn;
  const met: string[] = [];
  let next = 0;
  let serverClosed: { code: number; reason: string } | undefined;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  conn.onFrame((data, binary) => {
    opts.line('<', describeFrame(data, binary));
    if (binary || next >= expects.length) return;
    let event: unknown;
    try {
      event = JSON.parse(data.toString('utf8'));
    } catch {
      return;
    }
    if (meets(expects[next]!, event)) {
      met.push(expects[next]!.spec);
      next++;
      if (next === expects.length) done();
    }
  });
  void conn.closed.then((c) => {
    serverClosed = c;
    done();
  });
  for (const f of frames) {
    if (ws.readyState !== WebSocket.OPEN) break;
    opts.line('>', describeFrame(f));
    await new Promise<void>((r, j) => ws.send(f, (err) => (err ? j(err) : r())));
  }
  if (expects.length === 0 && frames.length === 0) done();
  const timer = setTimeout(done, opts.timeoutMs);
  await finished;
  clearTimeout(timer);
  const missed = expects.slice(next).map((e) => e.spec);
  if (!serverClosed) {
    ws.close(1000, 'keydeck connect done');
    await conn.closed;
  }
  return { met, missed, ...(serverClosed ? { closed: serverClosed } : {}) };
}
