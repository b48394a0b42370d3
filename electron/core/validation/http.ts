/**
 * The one HTTP call a probe makes: never follows a redirect (so the key is never re-sent to another
 * host), gives up after a deadline that covers the whole exchange, and reads at most `maxBytes` of the
 * body before dropping the connection.
 */
export interface HttpAnswer {
  status: number;
  contentType: string;
  /** The redirect target, for 3xx answers (never followed). */
  location?: string;
  body: string;
  truncated: boolean;
}

export class ProbeFailure extends Error {
  constructor(
    readonly kind: 'timeout' | 'unreachable',
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface SendOptions {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes?: number;
}

function unreachableMessage(err: unknown, url: URL): string {
  const cause = (err as { cause?: { code?: string } })?.cause;
  const code = cause?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS lookup failed for ${url.hostname}.`;
  if (code === 'ECONNREFUSED') return `Connection refused by ${url.host}.`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `${url.host} closed the connection.`;
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) return `TLS failed with ${url.host} (${code}).`;
  return `Could not reach ${url.host}${code ? ` (${code})` : ''}.`;
}

export async function send(url: URL, opts: SendOptions): Promise<HttpAnswer> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs);
  const timedOut = () =>
    new ProbeFailure('timeout', `No complete answer from ${url.host} within ${opts.timeoutMs / 1000} s.`);
  try {
    let res: Response;
    try {
      res = await fetch(url, {
        method: opts.method,
        headers: opts.headers,
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        redirect: 'manual',
        signal: ac.signal,
      });
    } catch (err) {
      if (ac.signal.aborted) throw timedOut();
      throw new ProbeFailure('unreachable', unreachableMessage(err, url));
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let truncated = false;
    const reader = res.body?.getReader();
    try {
      while (reader) {
        const { done, value } = await reader.read();
        if (done) break;
        const room = maxBytes - size;
        chunks.push(value.length > room ? value.subarray(0, room) : value);
        size += Math.min(value.length, room);
        if (value.length >= room) {
          truncated = value.length > room || !(await peekDone(reader));
          break;
        }
      }
    } catch (err) {
      if (ac.signal.aborted) throw timedOut();
      throw new ProbeFailure('unreachable', unreachableMessage(err, url));
    } finally {
      if (reader) void reader.cancel().catch(() => undefined);
    }
    const body = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
    const location = res.headers.get('location') ?? undefined;
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      ...(location ? { location } : {}),
      body,
      truncated,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** After exactly `maxBytes`, one more read tells a body that ended from one that goes on. */
async function peekDone(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<boolean> {
  const { done, value } = await reader.read();
  return done || value.length === 0;
}
