/**
 * The BYOK router check: one minimal chat completion through Inworld's router with the BYOK key passed
 * as runtime `provider_credentials`, authenticated with the workspace's Inworld key (Basic). The answer's
 * `metadata.attempts[].credential_type` says whether the router used the user's key (`byok`) or fell
 * back to Inworld's own (`system`). See Inworld's BYOK documentation.
 */
import type { Credential, ValidationStatus } from '../../../shared/domain.js';
import { KeydeckError } from '../../../shared/errors.js';
import { PROVIDER_DESCRIPTORS, isByokProvider } from '../../../shared/providers.js';
import { classify } from './classify.js';
import { ProbeFailure, send } from './http.js';
import { DEFAULT_TIMEOUT_MS, probeBaseUrl } from './probe.js';
import { scrub, secretFragments } from './scrub.js';

export interface RouterAttempt {
  credentialType: string;
  model?: string;
  success?: boolean;
}

export interface RouterCheckResult {
  /** `byok`: the router used the user's key; `system`: it fell back; `failed`: no answer to judge. */
  outcome: 'byok' | 'system' | 'failed';
  httpStatus?: number;
  /** When the router call itself failed: how (e.g. `invalid` for a bad Inworld key). */
  callStatus?: ValidationStatus;
  model: string;
  attempts: RouterAttempt[];
  checkedAt: string;
  detail: string;
}

export interface RouterCheckOptions {
  /** Replaces the Inworld key's base URL. */
  baseUrl?: string;
  timeoutMs?: number;
  /** `<router provider>/<model>`; defaults to the provider's cheap model. */
  model?: string;
}

type Side = { credential: Pick<Credential, 'provider' | 'authScheme' | 'baseUrl' | 'kind'>; secret: string };

function attemptsOf(body: string): RouterAttempt[] {
  try {
    const attempts = (JSON.parse(body) as { metadata?: { attempts?: unknown } }).metadata?.attempts;
    if (!Array.isArray(attempts)) return [];
    return attempts.flatMap((a: unknown) => {
      if (typeof a !== 'object' || a === null) return [];
      const o = a as Record<string, unknown>;
      if (typeof o.credential_type !== 'string') return [];
      return [
        {
          credentialType: o.credential_type.slice(0, 32),
          ...(typeof o.model === 'string' ? { model: o.model.slice(0, 128) } : {}),
          ...(typeof o.success === 'boolean' ? { success: o.success } : {}),
        },
      ];
    });
  } catch {
    return [];
  }
}

export async function routerCheck(
  inworld: Side,
  byok: Side,
  opts: RouterCheckOptions = {},
): Promise<RouterCheckResult> {
  if (inworld.credential.provider !== 'inworld' || inworld.credential.authScheme !== 'basic') {
    throw new KeydeckError('INVALID_INPUT', 'The router check needs an Inworld key (Basic auth).');
  }
  const provider = byok.credential.provider;
  if (!isByokProvider(provider)) {
    throw new KeydeckError('INVALID_INPUT', `The router check is for BYOK provider keys, not "${provider}".`);
  }
  const desc = PROVIDER_DESCRIPTORS[provider];
  const routerId = desc.routerId!;
  const model = opts.model ?? `${routerId}/${desc.routerModel ?? 'default'}`;
  const url = new URL(probeBaseUrl(inworld.credential, opts.baseUrl).replace(/\/+$/, '') + '/v1/chat/completions');
  const body = JSON.stringify({
    model,
    messages: [{ role: 'user', content: 'Say OK.' }],
    max_tokens: 1,
    provider_credentials: { [routerId]: { api_key: byok.secret, fallback_to_inworld: true } },
  });
  const secrets = [...secretFragments(byok.secret), ...secretFragments(inworld.secret)];
  const checkedAt = new Date().toISOString();
  const probe = { ...PROVIDER_DESCRIPTORS.inworld.probe, expected: [200] };
  try {
    const ans = await send(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${inworld.secret}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    const c = classify(probe, ans, secrets);
    if (c.status !== 'valid') {
      return {
        outcome: 'failed',
        httpStatus: ans.status,
        callStatus: c.status,
        model,
        attempts: [],
        checkedAt,
        detail: c.detail,
      };
    }
    const attempts = attemptsOf(ans.body);
    const usedByok = attempts.some((a) => a.credentialType === 'byok' && a.success !== false);
    const usedSystem = attempts.some((a) => a.credentialType === 'system');
    const outcome = usedByok ? 'byok' : usedSystem ? 'system' : 'failed';
    const detail =
      outcome === 'byok'
        ? `The router used your ${desc.displayName} key.`
        : outcome === 'system'
          ? `The router fell back to Inworld's own credentials: your ${desc.displayName} key did not work for ${model}.`
          : 'The router answered without metadata.attempts[].credential_type.';
    return { outcome, httpStatus: ans.status, model, attempts, checkedAt, detail };
  } catch (err) {
    if (err instanceof ProbeFailure) {
      return {
        outcome: 'failed',
        callStatus: err.kind,
        model,
        attempts: [],
        checkedAt,
        detail: scrub(err.message, secrets),
      };
    }
    throw err;
  }
}
