/**
 * A persistent WebSocket session for the tester (as in Postman): it connects with a Bearer JWT (which a
 * browser WebSocket cannot send, hence here and not in the renderer), stays open, sends text frames and
 * reports every frame (in, out, and the open/close/error that frame the session) with its time and
 * direction, until it is closed with a chosen code. Like `testConnection`, it sends the token only to the
 * URL given, follows no redirect and never reports the token back.
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { KeydeckError } from '../../../shared/errors.js';
import { WS_FRAME_LIMITS, checkCloseCode, type WsFrame, type WsOpenResult } from '../../../shared/sandbox.js';
import { checkWsUrl } from './tester.js';

export interface WsSessionOptions {
  /** How the token travels: the Authorization header (default), `?token=`, or a subprotocol. */
  via?: 'header' | 'query' | 'protocol';
  timeoutMs?: number;
  /** The clock frames are stamped with (tests inject one). */
  now?: () => Date;
}

/** Emits `frame` (a WsFrame) for each frame and `end` once the socket has closed. */
export class WsSession extends EventEmitter {
  private ws: WebSocket | undefined;
  private seq = 0;
  private readonly now: () => Date;
  readonly url: string;
  private closed = false;

  constructor(
    rawUrl: string,
    private readonly token: string,
    private readonly opts: WsSessionOptions = {},
  ) {
    super();
    this.url = checkWsUrl(rawUrl).toString();
    this.now = opts.now ?? (() => new Date());
  }

  get open(): boolean {
    return !this.closed && this.ws?.readyState === WebSocket.OPEN;
  }

  private frame(f: Omit<WsFrame, 'seq' | 'at'>): WsFrame {
    const full: WsFrame = { seq: ++this.seq, at: this.now().toISOString(), ...f };
    this.emit('frame', full);
    return full;
  }

  /**
   * Connects. Resolves once the handshake is answered: `ok` with the socket open, or the refusal's
   * status and body (the session is then over). Never rejects for a refusal or an unreachable host.
   */
  connect(): Promise<WsOpenResult> {
    const url = new URL(this.url);
    const via = this.token ? (this.opts.via ?? 'header') : 'header';
    if (via === 'query') url.searchParams.set('token', this.token);
    const timeoutMs = this.opts.timeoutMs ?? 5000;
    const started = performance.now();
    const latency = () => Math.round((performance.now() - started) * 100) / 100;
    const result: WsOpenResult = { url: this.url, ok: false };
    return new Promise((resolve) => {
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      let ws: WebSocket;
      try {
        ws = new WebSocket(url, via === 'protocol' && this.token ? ['realtime', this.token] : [], {
          headers: via === 'header' && this.token ? { Authorization: `Bearer ${this.token}` } : {},
          handshakeTimeout: timeoutMs,
          followRedirects: false,
          perMessageDeflate: false,
          maxPayload: WS_FRAME_LIMITS.receiveBytes,
        });
      } catch (err) {
        if (err instanceof SyntaxError) {
          throw new KeydeckError(
            'INVALID_INPUT',
            'This token cannot travel as a Sec-WebSocket-Protocol value; send it as a header or ?token=.',
          );
        }
        throw err;
      }
      this.ws = ws;
      ws.on('upgrade', () => {
        result.status = 101;
        result.latencyMs = latency();
      });
      ws.on('unexpected-response', (_req, res) => {
        result.status = res.statusCode;
        result.latencyMs = latency();
        let body = '';
        res.on('data', (d: Buffer) => {
          if (body.length < 2048) body += d.toString('utf8');
        });
        const done = () => {
          result.body = body.slice(0, 2048);
          this.closed = true;
          ws.terminate();
          this.frame({ dir: 'system', type: 'refused', text: `HTTP ${res.statusCode}`, bytes: 0 });
          this.emit('end');
          settle();
        };
        res.on('end', done);
        res.on('error', done);
      });
      ws.on('open', () => {
        result.ok = true;
        this.frame({
          dir: 'system',
          type: 'open',
          text: `Connected (HTTP 101, ${result.latencyMs ?? 0} ms)`,
          bytes: 0,
        });
        settle();
      });
      ws.on('message', (data, isBinary) => {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        this.frame({
          dir: 'in',
          type: isBinary ? 'binary' : 'text',
          text: isBinary
            ? buf.subarray(0, 64).toString('hex')
            : buf.toString('utf8').slice(0, WS_FRAME_LIMITS.shownChars),
          bytes: buf.length,
        });
      });
      ws.on('close', (code, reason) => {
        if (result.status !== undefined && result.status !== 101) return; // refused: reported above
        const wasOpen = !this.closed;
        this.closed = true;
        if (wasOpen || result.ok) {
          this.frame({ dir: 'system', type: 'close', text: reason.toString('utf8'), bytes: 0, code });
        }
        this.emit('end');
        settle();
      });
      ws.on('error', (err) => {
        if (result.status !== undefined && result.status !== 101) return;
        result.error = err.message.slice(0, 200);
        this.frame({ dir: 'system', type: 'error', text: result.error, bytes: 0 });
        settle();
      });
    });
  }

  /** Sends one text frame (JSON is text); refused when the session is not open or the text too long. */
  send(text: string): WsFrame {
    if (!this.ws || !this.open) throw new KeydeckError('WS_NOT_OPEN', 'The connection is not open. Connect first.');
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > WS_FRAME_LIMITS.sendBytes) {
      throw new KeydeckError(
        'INVALID_INPUT',
        `A frame is at most ${WS_FRAME_LIMITS.sendBytes / 1024} KiB; this one is ${Math.ceil(bytes / 1024)} KiB.`,
        'text',
      );
    }
    this.ws.send(text);
    return this.frame({ dir: 'out', type: 'text', text: text.slice(0, WS_FRAME_LIMITS.shownChars), bytes });
  }

  /** Closes with `code` (1000, 1001, 1002, 1003, 1007–1014 or 3000–4999) and an optional reason. */
  close(code = 1000, reason = ''): void {
    checkCloseCode(code, reason);
    if (!this.ws || this.closed) return;
    if (this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.terminate();
      return;
    }
    this.frame({ dir: 'out', type: 'close', text: reason, bytes: 0, code });
    this.ws.close(code, reason);
    // A server that never answers the close is cut off after a while.
    const ws = this.ws;
    setTimeout(() => ws.terminate(), this.opts.timeoutMs ?? 5000).unref();
  }

  /** Ends the session at once (app quit, window gone). */
  terminate(): void {
    this.ws?.terminate();
  }
}
