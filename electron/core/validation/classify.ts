/**
 * Turns a provider's answer into one validation status. The statuses follow the providers' own
 * contracts: 401 is a bad key, 403 a key without the needed scope or permission, 402 or a billing error
 * body is no credit (OpenAI reports an empty quota as 429 `insufficient_quota`, Anthropic as 400
 * "credit balance is too low"), 429 is rate limiting, and Google reports a bad API key as 400
 * `API_KEY_INVALID`.
 */
import type { ValidationStatus } from '../../../shared/domain.js';
import type { ProbeSpec } from '../../../shared/providers.js';
import type { HttpAnswer } from './http.js';
import { scrub } from './scrub.js';

export interface Classified {
  status: ValidationStatus;
  httpStatus: number;
  detail: string;
}

function pick(o: unknown, ...keys: string[]): string | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  for (const k of keys) {
    const v = (o as Record<string, unknown>)[k];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

/** The human part of an error body: `error.message`, `message`, `error_description`, or the text. */
export function errorText(ans: Pick<HttpAnswer, 'body' | 'truncated'>): string {
  if (!ans.body) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(ans.body);
  } catch {
    const firstLine = ans.body.replace(/<[^>]*>/g, ' ').trim();
    return firstLine ? `(non-JSON body) ${firstLine}` : '(non-JSON body)';
  }
  const err = (parsed as Record<string, unknown> | null)?.error;
  const msg =
    pick(err, 'message', 'type', 'code') ??
    (typeof err === 'string' ? [err, pick(parsed, 'error_description')].filter(Boolean).join(': ') : undefined) ??
    pick(parsed, 'message', 'error_description', 'detail');
  return msg ?? '';
}

function isJson(ans: HttpAnswer): boolean {
  if (/\bjson\b/i.test(ans.contentType)) return true;
  const t = ans.body.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  if (ans.truncated) return true;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

export function classify(probe: ProbeSpec, ans: HttpAnswer, secrets: readonly string[]): Classified {
  const s = ans.status;
  const text = scrub(errorText(ans), secrets, 240);
  const at = (d: string) => `HTTP ${s}${d ? `: ${d}` : ''}`;
  const lower = ans.body.toLowerCase();
  if (s >= 300 && s < 400) {
    let where = 'another location';
    try {
      where = ans.location ? new URL(ans.location, 'http://x').host || 'the same host' : 'no location';
    } catch {
      // an unparseable Location is still a redirect we do not follow
    }
    return {
      status: 'unexpected',
      httpStatus: s,
      detail: `HTTP ${s}: redirected to ${scrub(where, secrets, 80)}; not followed, so the key was not sent there.`,
    };
  }
  if (probe.expected.includes(s)) {
    if (!isJson(ans)) {
      return {
        status: 'unexpected',
        httpStatus: s,
        detail: at('the answer is not JSON, so this is probably not the provider API (check the base URL).'),
      };
    }
    return { status: 'valid', httpStatus: s, detail: at(ans.truncated ? 'OK (long answer, read in part)' : 'OK') };
  }
  const billing = probe.billingMarkers?.some((m) => lower.includes(m)) ?? false;
  const invalid = probe.invalidMarkers?.some((m) => lower.includes(m)) ?? false;
  if (s === 402 || (billing && [400, 403, 429].includes(s)))
    return { status: 'no_credit', httpStatus: s, detail: at(text) };
  if (s === 401 || (invalid && [400, 403].includes(s))) return { status: 'invalid', httpStatus: s, detail: at(text) };
  if (s === 403) return { status: 'forbidden', httpStatus: s, detail: at(text) };
  if (s === 429) return { status: 'rate_limited', httpStatus: s, detail: at(text) };
  return { status: 'unexpected', httpStatus: s, detail: at(text || 'unexpected answer') };
}
