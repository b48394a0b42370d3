/**
 * The live probe: sends a provider's cheapest authenticated request with the credential's own auth and
 * classifies the answer. Google Vertex AI keys are service-account files: the probe makes the same
 * JWT-bearer grant as the copy forms (../google-token.ts), uncached, and classifies the token endpoint's
 * answer.
 */
import type { Credential, ValidationResult } from '../../../shared/domain.js';
import { KeydeckError } from '../../../shared/errors.js';
import { PROVIDER_DESCRIPTORS, type ProbeSpec } from '../../../shared/providers.js';
import { authHeader } from '../format.js';
import { grantAssertion, grantRequest, parseServiceAccount, readTokenAnswer } from '../google-token.js';
import { checkBaseUrl } from '../rules.js';
import { classify, type Classified } from './classify.js';
import { ProbeFailure, send, type HttpAnswer } from './http.js';
import { scrub, secretFragments } from './scrub.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

export type ProbeTarget = Pick<Credential, 'provider' | 'authScheme' | 'baseUrl'>;

export interface ProbeOptions {
  /** Replaces the credential's base URL (a proxy or a local mock). Checked like any base URL. */
  baseUrl?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

/** The base URL a probe goes to: the override, else the credential's, else the provider default. */
export function probeBaseUrl(cred: ProbeTarget, override?: string): string {
  const raw = override || cred.baseUrl || PROVIDER_DESCRIPTORS[cred.provider].baseUrl;
  if (!raw) {
    throw new KeydeckError('INVALID_URL', 'This credential has no base URL to probe; set one (--base-url).');
  }
  return checkBaseUrl(raw);
}

function joinUrl(base: string, path: string): URL {
  return new URL(base.replace(/\/+$/, '') + path);
}

function result(c: Classified | { status: ValidationResult['status']; detail: string; httpStatus?: number }) {
  const out: ValidationResult = { status: c.status, checkedAt: new Date().toISOString() };
  if (c.httpStatus !== undefined) out.httpStatus = c.httpStatus;
  if (c.detail) out.detail = c.detail.slice(0, 500);
  return out;
}

async function exchange(
  url: URL,
  probe: ProbeSpec,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  secrets: string[],
  opts: ProbeOptions,
): Promise<{ answer?: HttpAnswer; result: ValidationResult }> {
  try {
    const answer = await send(url, {
      ...init,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: opts.maxBytes,
    });
    return { answer, result: result(classify(probe, answer, secrets)) };
  } catch (err) {
    if (err instanceof ProbeFailure)
      return { result: result({ status: err.kind, detail: scrub(err.message, secrets) }) };
    throw err;
  }
}

/** Probes one credential with `secret`. Throws only for bad input (a base URL that is not allowed). */
export async function probeCredential(
  cred: ProbeTarget,
  secret: string,
  opts: ProbeOptions = {},
): Promise<ValidationResult> {
  const desc = PROVIDER_DESCRIPTORS[cred.provider];
  if (desc.probe.kind === 'google-token') return probeServiceAccount(cred, secret, opts);
  const base = probeBaseUrl(cred, opts.baseUrl);
  const url = joinUrl(base, desc.probe.path);
  const auth = authHeader(cred, secret);
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...desc.probe.headers,
    [auth.name]: auth.value,
  };
  return (await exchange(url, desc.probe, { method: desc.probe.method, headers }, secretFragments(secret), opts))
    .result;
}

/**
 * Vertex: the key file's JWT-bearer grant (RS256, `aud` = the file's `token_uri`), exchanged at the token
 * endpoint: `token_uri` from the file, or `<override>/token` when a base URL override is set.
 */
async function probeServiceAccount(cred: ProbeTarget, secret: string, opts: ProbeOptions): Promise<ValidationResult> {
  const probe = PROVIDER_DESCRIPTORS[cred.provider].probe;
  // The credential's own base URL is the Vertex API endpoint, not the token endpoint: only an explicit
  // override (this call's, or the global setting) moves the token exchange. A bad one is bad input.
  const override = opts.baseUrl ? checkBaseUrl(opts.baseUrl) : undefined;
  let sa;
  let assertion: string;
  try {
    sa = parseServiceAccount(secret);
    assertion = await grantAssertion(sa);
  } catch (err) {
    if (err instanceof KeydeckError) return result({ status: 'invalid', detail: err.message });
    throw err;
  }
  const tokenUri = override ? `${override}/token` : checkBaseUrl(sa.token_uri || probe.path);
  const { answer, result: r } = await exchange(
    new URL(tokenUri),
    probe,
    grantRequest(assertion),
    [...secretFragments(secret), assertion],
    opts,
  );
  if (r.status === 'valid' && answer) {
    // A 200 without a usable access token is not a working key.
    const token = readTokenAnswer(answer.status, answer.body);
    if (!token.ok) return result({ status: 'unexpected', httpStatus: answer.status, detail: token.why });
    r.detail = 'HTTP 200: the token endpoint issued an access token';
  }
  return r;
}
