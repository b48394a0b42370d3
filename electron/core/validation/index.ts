/**
 * Validation, as the app and the CLI use it: probe a stored credential, store the result in its
 * metadata (`credential.validation`, shown as a badge), validate many with a concurrency limit and
 * progress, validate after save when the setting says so, and run the BYOK router check (its last
 * result stored as `credential.routerCheck`).
 * Secrets are read from the keychain here and never leave this module except on the wire to the probe.
 */
import { createPrivateKey } from 'node:crypto';
import type { Credential, StoredRouterCheck, ValidationResult } from '../../../shared/domain.js';
import { KeydeckError, toErrorPayload, type ErrorPayload } from '../../../shared/errors.js';
import { checkKeyFormat, type FormatCheck } from '../../../shared/provider-format.js';
import type { ProviderId } from '../../../shared/providers.js';
import { wiringOf, type CoreParts as Core } from '../core-parts.js';
import { checkBaseUrl } from '../rules.js';
import { probeCredential } from './probe.js';
import { routerCheck, type RouterCheckResult } from './router.js';

export { probeCredential, probeBaseUrl, DEFAULT_TIMEOUT_MS } from './probe.js';
export { routerCheck } from './router.js';
export type { RouterCheckResult, RouterAttempt } from './router.js';
export { scrub, secretFragments } from './scrub.js';

export interface ValidateOptions {
  workspace?: string;
  /** Overrides the base URL for this call; else the global setting, else the credential's own. */
  baseUrl?: string;
  /** Milliseconds; default `settings.validationTimeoutSeconds`. */
  timeoutMs?: number;
  /** Store the result in the credential's metadata (default true). */
  store?: boolean;
}

export interface ValidateOutcome {
  credential: Credential;
  result?: ValidationResult;
  /** When no probe could be made (secret missing, bad base URL): the error, secret-free. */
  error?: ErrorPayload;
}

function timeoutFor(core: Core, opts: { timeoutMs?: number }): number {
  if (opts.timeoutMs !== undefined) {
    if (!(opts.timeoutMs > 0) || opts.timeoutMs > 600_000) {
      throw new KeydeckError('INVALID_INPUT', 'The timeout must be between 0 and 600 seconds.');
    }
    return opts.timeoutMs;
  }
  return core.settings.get().validationTimeoutSeconds * 1000;
}

/** The override for this call (checked before any secret is read), else the global setting. */
function baseUrlFor(core: Core, opts: { baseUrl?: string }): string | undefined {
  if (opts.baseUrl) return checkBaseUrl(opts.baseUrl);
  return core.settings.get().globalBaseUrl || undefined;
}

/** Writes results into the catalog in one commit. Results for deleted credentials are dropped. */
export async function storeResults(core: Core, results: { id: string; result: ValidationResult }[]) {
  if (!results.length) return;
  await wiringOf(core).catalog.mutate((data) => {
    for (const { id, result } of results) {
      const c = data.credentials.find((x) => x.id === id);
      if (c) c.validation = result;
    }
  });
}

/** Validates one stored credential with its active secret. */
export async function validateCredential(
  core: Core,
  nameOrId: string,
  opts: ValidateOptions = {},
): Promise<{ credential: Credential; result: ValidationResult }> {
  const timeoutMs = timeoutFor(core, opts);
  const baseUrl = baseUrlFor(core, opts);
  const { credential, secret } = await core.credentials.readSecret(nameOrId, {
    workspace: opts.workspace,
    action: 'validate',
  });
  const result = await probeCredential(credential, secret, { baseUrl, timeoutMs });
  if (opts.store !== false) await storeResults(core, [{ id: credential.id, result }]);
  return { credential: { ...credential, validation: result }, result };
}

export interface ValidateAllOptions extends Omit<ValidateOptions, 'store'> {
  allWorkspaces?: boolean;
  /** How many probes run at once (default 8). */
  concurrency?: number;
  onProgress?(done: number, total: number, last: ValidateOutcome): void;
  /** Stops starting new probes once aborted (those in flight finish and are stored). */
  signal?: AbortSignal;
}

/**
 * Validates every credential of a workspace (or all), `concurrency` at a time, reporting progress after
 * each one. Results are stored in batches so a long run does not hold the catalog lock per credential.
 */
export async function validateAll(core: Core, opts: ValidateAllOptions = {}): Promise<ValidateOutcome[]> {
  const timeoutMs = timeoutFor(core, opts);
  const baseUrl = baseUrlFor(core, opts);
  const concurrency = Math.max(1, Math.min(64, Math.floor(opts.concurrency ?? 8)));
  const creds = core.credentials.list({ workspace: opts.workspace, allWorkspaces: opts.allWorkspaces });
  const outcomes: ValidateOutcome[] = new Array(creds.length);
  let pending: { id: string; result: ValidationResult }[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let flushError: unknown;
  // Batches are written one after another; a failed write is kept and thrown at the end, never left
  // as an unhandled rejection while probes are still running.
  const flush = () => {
    const batch = pending;
    pending = [];
    flushing = flushing
      .then(() => storeResults(core, batch))
      .catch((err: unknown) => {
        flushError ??= err;
      });
    return flushing;
  };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < creds.length && !opts.signal?.aborted) {
      const i = next++;
      const cred = creds[i]!;
      let outcome: ValidateOutcome;
      try {
        const { credential, secret } = await core.credentials.readSecret(cred.id, {
          workspace: cred.workspaceId,
          action: 'validate',
        });
        const result = await probeCredential(credential, secret, { baseUrl, timeoutMs });
        pending.push({ id: cred.id, result });
        outcome = { credential: { ...credential, validation: result }, result };
      } catch (err) {
        outcome = { credential: cred, error: toErrorPayload(err) };
      }
      outcomes[i] = outcome;
      done++;
      if (pending.length >= 50) void flush();
      opts.onProgress?.(done, creds.length, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, creds.length) }, worker));
  await flush();
  if (flushError) throw flushError;
  return outcomes;
}

/**
 * Call after a credential is created or rotated: validates it when `settings.validateOnSave` is on
 * (the default) and stores the result; returns undefined when the setting is off. Never throws for a
 * failed probe (the save already happened); the result says what went wrong.
 */
export async function validateOnSave(
  core: Core,
  credential: Pick<Credential, 'id' | 'name' | 'workspaceId'>,
  opts: Omit<ValidateOptions, 'store' | 'workspace'> = {},
): Promise<ValidationResult | undefined> {
  if (!core.settings.get().validateOnSave) return undefined;
  return (await validateCredential(core, credential.id, { ...opts, workspace: credential.workspaceId })).result;
}

export interface RouterCheckCliOptions {
  workspace?: string;
  /** The Inworld key to authenticate with; default: the workspace's only standard Inworld key. */
  inworld?: string;
  baseUrl?: string;
  timeoutMs?: number;
  model?: string;
  /** Store the result on the credential (`credential.routerCheck`; default true). */
  store?: boolean;
}

/** The part of a router check result kept on the credential: outcome, model, time, scrubbed detail. */
export function toStoredRouterCheck(r: RouterCheckResult): StoredRouterCheck {
  return {
    credentialType: r.outcome,
    ...(r.model ? { model: r.model.slice(0, 256) } : {}),
    checkedAt: r.checkedAt,
    ...(r.detail ? { detail: r.detail.slice(0, 500) } : {}),
    ...(r.httpStatus !== undefined ? { httpStatus: r.httpStatus } : {}),
    ...(r.callStatus ? { callStatus: r.callStatus } : {}),
  };
}

/** Picks the workspace's Inworld key for router calls: named, else the only standard Basic Inworld key. */
function inworldKeyFor(core: Core, opts: RouterCheckCliOptions): Credential {
  if (opts.inworld) return core.credentials.get(opts.inworld, opts.workspace);
  const keys = core.credentials
    .list({ workspace: opts.workspace, provider: 'inworld' })
    .filter((c) => c.kind === 'standard' && c.authScheme === 'basic');
  if (keys.length === 1) return keys[0]!;
  throw new KeydeckError(
    'CREDENTIAL_NOT_FOUND',
    keys.length
      ? `This workspace has ${keys.length} Inworld keys; name the one to use (--inworld NAME).`
      : 'The router check needs a standard Inworld key in this workspace; add one first.',
  );
}

/** The BYOK router check for a stored BYOK key, through the workspace's Inworld key. */
export async function routerCheckCredential(
  core: Core,
  nameOrId: string,
  opts: RouterCheckCliOptions = {},
): Promise<{ credential: Credential; result: RouterCheckResult }> {
  const target = core.credentials.get(nameOrId, opts.workspace);
  if (target.kind !== 'byok') {
    throw new KeydeckError('INVALID_INPUT', `"${target.name}" is not a BYOK key; the router check is for BYOK keys.`);
  }
  const inworldCred = inworldKeyFor(core, opts);
  const timeoutMs = timeoutFor(core, opts);
  const baseUrl = baseUrlFor(core, opts);
  const byok = await core.credentials.readSecret(target.id, { workspace: opts.workspace, action: 'router-check' });
  const inworld = await core.credentials.readSecret(inworldCred.id, {
    workspace: opts.workspace,
    action: 'router-check',
  });
  const result = await routerCheck(
    { credential: inworld.credential, secret: inworld.secret },
    { credential: byok.credential, secret: byok.secret },
    { baseUrl, timeoutMs, model: opts.model },
  );
  const stored = toStoredRouterCheck(result);
  if (opts.store === false) return { credential: byok.credential, result };
  // Kept on the credential so the app and `keydeck show` can say what the last check found.
  const credential = await wiringOf(core).catalog.mutate((data) => {
    const c = data.credentials.find((x) => x.id === byok.credential.id);
    if (!c) return { ...byok.credential, routerCheck: stored };
    c.routerCheck = stored;
    return { ...c };
  });
  return { credential, result };
}

/**
 * The offline format check plus what only the core can do: for Vertex key files, parse the private
 * key with a real crypto library.
 */
export function checkKeyFormatDeep(provider: ProviderId, raw: string, opts: { authScheme?: string } = {}): FormatCheck {
  const check = checkKeyFormat(provider, raw, opts);
  if (provider !== 'google-vertex' || !check.ok) return check;
  try {
    const key = createPrivateKey({ key: (JSON.parse(raw) as { private_key: string }).private_key, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') {
      check.errors.push({
        code: 'PRIVATE_KEY_TYPE',
        message: 'The private_key is not an RSA key (Google signs RS256).',
      });
    }
  } catch {
    check.errors.push({ code: 'PRIVATE_KEY_PARSE', message: 'The private_key does not parse as a private key.' });
  }
  check.ok = check.errors.length === 0;
  return check;
}
