/**
 * Renders a credential in the exact form a call needs: its header(s), env lines, a curl command, SDK
 * snippets, or Inworld's `provider_credentials` body. How each provider authenticates is data, in
 * `shared/provider-auth.ts`; the list of forms is `shared/copy-forms.ts`.
 */
import { KeydeckError } from '../../shared/errors.js';
import type { CopyFormat, Credential } from '../../shared/domain.js';
import { PROVIDER_AUTH, VERTEX_TOKEN_ENV, credentialHeader } from '../../shared/provider-auth.js';
import { PROVIDER_DESCRIPTORS, baseUrlVarFor, isByokProvider } from '../../shared/providers.js';
import { bashQuote, envLines } from './env-lines.js';
import { vertexAccessToken, type TokenOptions } from './google-token.js';
import { sdkSnippet, type SnippetTarget } from './snippets.js';

/** The credential's base URL: its own, else its provider's default. */
export function effectiveBaseUrl(cred: Pick<Credential, 'baseUrl' | 'provider'>): string {
  return cred.baseUrl || PROVIDER_DESCRIPTORS[cred.provider].baseUrl;
}

/** The header name and value a request carries for this credential. */
export function authHeader(cred: Pick<Credential, 'authScheme'>, secret: string): { name: string; value: string } {
  return credentialHeader(cred.authScheme, secret);
}

/** Every header a call needs: the credential's own, then the provider's required ones (Anthropic's version). */
export function requestHeaders(
  cred: Pick<Credential, 'authScheme' | 'provider'>,
  sent: string,
): { name: string; value: string }[] {
  const extra = Object.entries(PROVIDER_AUTH[cred.provider].headers).map(([name, value]) => ({ name, value }));
  return [credentialHeader(cred.authScheme, sent), ...extra];
}

/** Whether the stored secret is exchanged for an access token before it can be sent (Vertex AI). */
export function needsAccessToken(cred: Pick<Credential, 'provider'>): boolean {
  return PROVIDER_AUTH[cred.provider].token === 'google-service-account';
}

/** What a form needs besides the stored secret. */
export interface FormContext {
  /** The access token minted from a Vertex AI key file (see `google-token.ts`). */
  accessToken?: string;
}

/** The forms that carry the sent credential itself; for Vertex AI they need a minted access token. */
const SENDS_CREDENTIAL: readonly CopyFormat[] = [
  'header',
  'headers',
  'curl',
  'env-bash',
  'env-powershell',
  'env-dotenv',
];

/** The value that goes on the wire: the secret, or for Vertex AI the access token minted from it. */
function sentValue(cred: Credential, secret: string, ctx: FormContext): string {
  if (!needsAccessToken(cred)) return secret;
  if (!ctx.accessToken) {
    throw new KeydeckError('TOKEN_REQUIRED', 'This form needs an access token minted from the service-account key.');
  }
  return ctx.accessToken;
}

function projectId(cred: Credential, secret: string): string {
  if (cred.provider !== 'google-vertex') return '';
  try {
    const p = (JSON.parse(secret) as { project_id?: unknown }).project_id;
    return typeof p === 'string' ? p : '';
  } catch {
    return '';
  }
}

/** Fills a `{base}` / `{project}` template from `shared/provider-auth.ts`. */
function fill(template: string, base: string, project: string): string {
  return template.replace('{base}', base.replace(/\/+$/, '')).replace('{project}', encodeURIComponent(project));
}

function envPairs(cred: Credential, secret: string, ctx: FormContext): [string, string][] {
  const pairs: [string, string][] = [[cred.envVar, secret]];
  if (needsAccessToken(cred)) pairs.push([VERTEX_TOKEN_ENV, sentValue(cred, secret, ctx)]);
  const base = effectiveBaseUrl(cred);
  if (base) pairs.push([baseUrlVarFor(cred.envVar), base]);
  return pairs;
}

/** Env var assignments (the key, its access token if any, its base URL) as a child process should see them. */
export function envVars(cred: Credential, secret: string, ctx: FormContext = {}): Record<string, string> {
  return Object.fromEntries(envPairs(cred, secret, ctx));
}

function snippetTarget(cred: Credential, secret: string): SnippetTarget {
  const auth = PROVIDER_AUTH[cred.provider];
  const base = effectiveBaseUrl(cred) || 'https://api.example.com';
  const project = projectId(cred, secret);
  return {
    provider: cred.provider,
    authScheme: cred.authScheme,
    keyVar: needsAccessToken(cred) ? VERTEX_TOKEN_ENV : cred.envVar,
    nativeBase: base,
    ...(auth.openaiBaseUrl !== undefined ? { openaiBase: fill(auth.openaiBaseUrl, base, project) } : {}),
    headers: auth.headers,
  };
}

/**
 * Renders a credential for one use. Every format but `raw` is a ready-to-paste snippet; SDK snippets
 * read the key from the environment rather than embedding it in source code. Vertex AI forms that carry
 * the credential need `ctx.accessToken` (use `renderCredential`, which mints it).
 */
export function formatCredential(cred: Credential, secret: string, format: CopyFormat, ctx: FormContext = {}): string {
  switch (format) {
    case 'raw':
      return secret;
    case 'header': {
      const h = authHeader(cred, sentValue(cred, secret, ctx));
      return `${h.name}: ${h.value}`;
    }
    case 'headers':
      return requestHeaders(cred, sentValue(cred, secret, ctx))
        .map((h) => `${h.name}: ${h.value}`)
        .join('\n');
    case 'env-bash':
      return envLines(envPairs(cred, secret, ctx), 'bash');
    case 'env-powershell':
      return envLines(envPairs(cred, secret, ctx), 'powershell');
    case 'env-dotenv':
      return envLines(envPairs(cred, secret, ctx), 'dotenv');
    case 'curl': {
      const base = effectiveBaseUrl(cred) || 'https://api.example.com';
      const url = fill(`{base}${PROVIDER_AUTH[cred.provider].samplePath}`, base, projectId(cred, secret));
      const lines = requestHeaders(cred, sentValue(cred, secret, ctx)).map(
        (h) => `  -H ${bashQuote(`${h.name}: ${h.value}`)}`,
      );
      return [`curl -sS ${bashQuote(url)}`, ...lines].join(' \\\n');
    }
    case 'sdk-python':
    case 'sdk-js':
    case 'sdk-native-python':
    case 'sdk-native-js':
      return sdkSnippet(snippetTarget(cred, secret), format);
    case 'provider-credentials': {
      if (cred.kind !== 'byok' || !isByokProvider(cred.provider)) {
        throw new KeydeckError('INVALID_INPUT', 'provider_credentials JSON is only for BYOK provider keys.');
      }
      const routerId = PROVIDER_DESCRIPTORS[cred.provider].routerId!;
      const body = { provider_credentials: { [routerId]: { api_key: secret, fallback_to_inworld: true } } };
      return JSON.stringify(body, null, 2);
    }
  }
}

/** The context a form needs, minted when needed: a Vertex AI access token (cached in memory). */
export async function formContext(
  cred: Credential,
  secret: string,
  format: CopyFormat | 'exec',
  opts: TokenOptions = {},
): Promise<FormContext> {
  if (!needsAccessToken(cred) || (format !== 'exec' && !SENDS_CREDENTIAL.includes(format))) return {};
  return { accessToken: (await vertexAccessToken(secret, opts)).token };
}

/** `formatCredential`, minting a Vertex AI access token first when the form carries one. */
export async function renderCredential(
  cred: Credential,
  secret: string,
  format: CopyFormat,
  opts: TokenOptions = {},
): Promise<string> {
  return formatCredential(cred, secret, format, await formContext(cred, secret, format, opts));
}
