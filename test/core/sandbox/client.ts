/** Real WebSocket clients over loopback for the sandbox suites. */
import http from 'node:http';
import WebSocket from 'ws';

export interface Attempt {
  status: number;
  body?: Record<string, unknown>;
  ws?: WebSocket;
  first?: Record<string, unknown>;
  protocol?: string;
}

/** Opens a WebSocket; resolves with 101 + the first message, or with the refusal's status and JSON body. */
export function attempt(
  url: string,
  opts: { token?: string; protocols?: readonly string[]; headers?: Record<string, string>; origin?: string } = {},
): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, [...(opts.protocols ?? [])], {
      headers: { ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      perMessageDeflate: false,
      ...(opts.origin ? { origin: opts.origin } : {}),
    });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => {
        ws.terminate();
        resolve({
          status: res.statusCode ?? 0,
          body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
        });
      });
    });
    ws.once('message', (data) => {
      resolve({
        status: 101,
        ws,
        first: JSON.parse(data.toString()) as Record<string, unknown>,
        protocol: ws.protocol,
      });
    });
    ws.on('error', (err) => {
      if (ws.readyState !== WebSocket.OPEN) reject(err);
    });
  });
}

/** The next message on an open socket. */
export function nextMessage(ws: WebSocket): Promise<{ data: Buffer; binary: boolean }> {
  return new Promise((resolve) => ws.once('message', (data, binary) => resolve({ data: data as Buffer, binary })));
}

export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** A hand-made upgrade request, for headers a WebSocket client will not let a test forge (Host). */
export function rawUpgrade(
  port: number,
  headers: Record<string, string>,
  path = '/ws',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
