/**
 * The live probe: sends a provider's cheapest authenticated request with the credential's own auth and
 * classifies the answer. Google Vertex AI keys are service-account files: the probe signs a JWT with
 * the file's private key and exchanges it at the token endpoint, the same first step every client does.
 */
import { importPKCS8, SignJWT } from 'jose';
import type { Credential, ValidationResult } from '../../../shared/domain.js';
import { KeydeckError } from '../../../shared/errors.js';
import { checkServiceAccountJson } from '../../../shared/provider-format.js';
import { PROVIDER_DESCRIPTORS, type ProbeSpec } from '../../../shared/providers.js';
import { authHeader } from '../format.js';
import { checkBaseUrl } from '../rules.js';
import { classify, type Classified } from './classify.js';
import { ProbeFailure, send, type HttpAnswer } from './http.js';
import { scrub, secretFragments } from './scrub.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
const VERTEX_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

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

interface ServiceAccount {
  client_email: string;
  private_key: string;
  private_key_id: string;
  token_uri?: string;
}

/**
 * Vertex: a JWT signed with the service account's key (RS256, `aud` = the file's `token_uri`), exchanged
 * at the token endpoint: `token_uri` from the file, or `<override>/token` when a base URL override is set.
 */
async function probeServiceAccount(cred: ProbeTarget, secret: string, opts: ProbeOptions): Promise<ValidationResult> {
  const probe = PROVIDER_DESCRIPTORS[cred.provider].probe;
  const secrets = secretFragments(secret);
  const shape = checkServiceAccountJson(secret);
  if (!shape.ok) {
    return result({ status: 'invalid', detail: `Not a usable service-account key: ${shape.errors[0]!.message}` });
  }
  const sa = JSON.parse(secret) as ServiceAccount;
  // The credential's own base URL is the Vertex API endpoint, not the token endpoint: only an explicit
  // override (this call's, or the global setting) moves the token exchange.
  const override = opts.baseUrl;
  const tokenUri = override ? `${checkBaseUrl(override)}/token` : checkBaseUrl(sa.token_uri || probe.path);
  let assertion: string;
  try {
    const key = await importPKCS8(sa.private_key, 'RS256');
    assertion = await new SignJWT({ scope: VERTEX_SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: sa.private_key_id })
      .setIssuer(sa.client_email)
      .setSubject(sa.client_email)
      .setAudience(sa.token_uri || tokenUri)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);
  } catch {
    return result({ status: 'invalid', detail: 'The private_key in the key file could not be used to sign (RS256).' });
  }
  const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
  const { answer, result: r } = await exchange(
    new URL(tokenUri),
    probe,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    },
    [...secrets, assertion],
    opts,
  );
  if (r.status === 'valid' && answer) {
    // A 200 without an access token is not a working key.
    try {
      const token = (JSON.parse(answer.body) as { access_token?: unknown }).access_token;
      if (typeof token !== 'string' || !token) {
        return result({
          status: 'unexpected',
          httpStatus: answer.status,
          detail: 'The token endpoint gave no access_token.',
        });
      }
    } catch {
      return result({
        status: 'unexpected',
        httpStatus: answer.status,
        detail: 'The token endpoint answer is not JSON.',
      });
    }
    r.detail = 'HTTP 200: the token endpoint issued an access token';
  }
  return r;
}
