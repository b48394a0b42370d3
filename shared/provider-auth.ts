/**
 * How a call to each provider is authenticated, as data: the headers every call needs besides the
 * credential, the base URL of the native API and of the OpenAI-compatible API, the SDK a snippet uses,
 * and how the SDK must be given the credential. Pure data: no node:*, no DOM.
 */
import type { ProviderId } from './provider-ids.js';

/** An auth scheme: `basic`, `bearer`, or `header:<name>` (the schema in `domain.ts` and the CLI's `--auth` use it). */
export const AUTH_SCHEME = /^(basic|bearer|header:[A-Za-z0-9-]{1,64})$/;

/** Anthropic refuses a request without a version header (400). */
export const ANTHROPIC_VERSION = '2023-06-01';

/** The env var `exec` and the env forms use for a Vertex AI access token minted from the key file. */
export const VERTEX_TOKEN_ENV = 'GOOGLE_VERTEX_ACCESS_TOKEN';

export interface ProviderAuth {
  /** Headers every call needs besides the credential's own header (never a secret). */
  headers: Readonly<Record<string, string>>;
  /**
   * The OpenAI-compatible base URL, `{base}` standing for the credential's native base URL and
   * `{project}` for a service account's project id. Absent: the provider has no OpenAI-compatible API.
   */
  openaiBaseUrl?: string;
  /**
   * How the OpenAI SDK gets the credential: `api-key` (sent as `Bearer`), or `default-headers` (a
   * non-Bearer credential: the SDK's own Authorization header is replaced via default headers).
   */
  openaiCredential: 'api-key' | 'default-headers';
  /** The provider's own SDK, when the OpenAI SDK is not its natural client. */
  nativeSdk?: 'anthropic' | 'google-genai';
  /** The cheapest authenticated read, appended to the native base URL, for the curl form. */
  samplePath: string;
  /** The stored secret is not sent: it is exchanged for a short-lived OAuth access token first. */
  token?: 'google-service-account';
}

const bearer = (openaiBaseUrl = '{base}'): ProviderAuth => ({
  headers: {},
  openaiBaseUrl,
  openaiCredential: 'api-key',
  samplePath: '/models',
});

export const PROVIDER_AUTH: Record<ProviderId, ProviderAuth> = {
  inworld: {
    headers: {},
    openaiBaseUrl: '{base}/v1',
    openaiCredential: 'default-headers',
    samplePath: '/v1/models',
  },
  openai: bearer(),
  anthropic: {
    headers: { 'anthropic-version': ANTHROPIC_VERSION },
    openaiBaseUrl: '{base}/',
    openaiCredential: 'api-key',
    nativeSdk: 'anthropic',
    samplePath: '/models',
  },
  'google-vertex': {
    headers: {},
    openaiBaseUrl: '{base}/projects/{project}/locations/global/endpoints/openapi',
    openaiCredential: 'api-key',
    samplePath: '/projects/{project}/locations/global/publishers/google/models',
    token: 'google-service-account',
  },
  'google-ai-studio': {
    headers: {},
    openaiBaseUrl: '{base}/openai/',
    openaiCredential: 'api-key',
    nativeSdk: 'google-genai',
    samplePath: '/models',
  },
  cerebras: bearer(),
  deepinfra: bearer(),
  fireworks: bearer(),
  mistral: bearer(),
  groq: bearer(),
  xai: bearer(),
  // A custom credential's scheme is the user's: anything but Bearer goes in a default header.
  custom: { ...bearer(), openaiCredential: 'default-headers' },
};

/** The name and value of the credential's own header for an auth scheme (`basic`, `bearer`, `header:X`). */
export function credentialHeader(authScheme: string, secret: string): { name: string; value: string } {
  if (authScheme === 'basic') return { name: 'Authorization', value: `Basic ${secret}` };
  if (authScheme === 'bearer') return { name: 'Authorization', value: `Bearer ${secret}` };
  return { name: authScheme.slice('header:'.length), value: secret };
}
