/**
 * The connection tester: opens a WebSocket to any ws:// or wss:// URL with a Bearer JWT and reports what
 * happened (handshake status, latency, first message, close code and reason). It sends the token only
 * to the URL the user typed, never follows redirects, and never reports the token back.
 */
import WebSocket from 'ws';
import { KeydeckError } from '../../../shared/errors.js';
import type { ConnectionTestResult } from '../../../shared/sandbox.js';

export type { ConnectionTestResult };

export interface ConnectionTestOptions {
  /** How the token travels: the Authorization header (default), `?token=`, or a subprotocol. */
  via?: 'header' | 'query' | 'protocol';
  timeoutMs?: number;
  /** How long to wait for a first message after the handshake before closing. */
  holdMs?: number;
  origin?: string;
}

/** Parses a ws:// or wss:// URL; anything else, or credentials inside it, is refused. */
export function checkWsUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new KeydeckError('INVALID_URL', `"${raw.slice(0, 80)}" is not a URL.`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new KeydeckError('INVALID_URL', 'A realtime URL must use ws:// or wss://.');
  }
  if (url.username || url.password)
    throw new KeydeckError('INVALID_URL', 'The URL must not hold a user name or password.');
  return url;
}

/** Connects, waits for the first message (or `holdMs`), closes, and reports. Never throws for a refusal. */
export function testConnection(
  rawUrl: string,
  token: string,
  opts: ConnectionTestOptions = {},
): Promise<ConnectionTestResult> {
  const url = checkWsUrl(rawUrl);
  const shown = url.toString();
  const via = opts.via ?? 'header';
  if (via === 'query') url.searchParams.set('token', token);
  const started = performance.now();
  const result: ConnectionTestResult = { url: shown, ok: false };
  return new Promise((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const ws = new WebSocket(url, via === 'protocol' ? ['realtime', token] : [], {
      headers: via === 'header' && token ? { Authorization: `Bearer ${token}` } : {},
      handshakeTimeout: opts.timeoutMs ?? 5000,
      followRedirects: false,
      perMessageDeflate: false,
      ...(opts.origin ? { origin: opts.origin } : {}),
    });
    const timer = setTimeout(
      () => {
        result.error = result.error ?? 'timed out';
        ws.terminate();
        finish();
      },
      (opts.timeoutMs ?? 5000) + (opts.holdMs ?? 500) + 1000,
    );
    ws.on('upgrade', () => {
      result.status = 101;
      result.latencyMs = Math.round((performance.now() - started) * 100) / 100;
    });
    ws.on('unexpected-response', (_req, res) => {
      result.status = res.statusCode;
      result.latencyMs = Math.round((performance.now() - started) * 100) / 100;
      let body = '';
      res.on('data', (d: Buffer) => {
        if (body.length < 2048) body += d.toString('utf8');
      });
      res.on('end', () => {
        result.body = body.slice(0, 2048);
        ws.terminate();
        finish();
      });
      res.on('error', finish);
    });
    let hold: NodeJS.Timeout | undefined;
    ws.on('open', () => {
      result.ok = true;
      hold = setTimeout(() => ws.close(1000, 'keydeck test done'), opts.holdMs ?? 500);
    });
    ws.on('message', (data) => {
      if (result.firstMessage !== undefined) return;
      result.firstMessage = data.toString().slice(0, 4096);
      clearTimeout(hold);
      ws.close(1000, 'keydeck test done');
    });
    ws.on('close', (code, reason) => {
      if (result.status === 101) {
        result.closeCode = code;
        result.closeReason = reason.toString('utf8');
      }
      if (result.status !== undefined && result.status !== 101) return; // the body handler finishes
      finish();
    });
    ws.on('error', (err) => {
      if (result.status === undefined || result.status === 101) result.error = err.message.slice(0, 200);
      if (result.status !== undefined && result.status !== 101) return;
      finish();
    });
  });
}
