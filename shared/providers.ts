/**
 * Data-first provider descriptors. Everything Keydeck knows about a provider lives here, so adding a
 * provider is adding one object. Pure data: no node:*, no DOM. How a call is authenticated (headers,
 * OpenAI-compatible base URLs, SDK options) is in `shared/provider-auth.ts`.
 */
import { ANTHROPIC_VERSION } from './constants.js';

export const BYOK_PROVIDERS = [
  'openai',
  'anthropic',
  'google-vertex',
  'google-ai-studio',
  'cerebras',
  'deepinfra',
  'fireworks',
  'mistral',
  'groq',
  'xai',
] as const;
export const PROVIDERS = ['inworld', ...BYOK_PROVIDERS, 'custom'] as const;

export type ByokProvider = (typeof BYOK_PROVIDERS)[number];
export type ProviderId = (typeof PROVIDERS)[number];

export interface ProviderDescriptor {
  id: ProviderId;
  displayName: string;
  /** `basic`, `bearer`, or `header:<name>`. */
  authScheme: string;
  envVar: string;
  baseUrlEnvVar: string;
  baseUrl: string;
  /** The key Inworld's router expects under `provider_credentials`, for BYOK providers. */
  routerId?: string;
  consoleUrl: string;
  /** The offline key-format rule (see `shared/provider-format.ts`). */
  keyFormat: KeyFormatRule;
  /** The cheapest authenticated request that proves the key works. */
  probe: ProbeSpec;
  /** A cheap model for the BYOK router check (`<routerId>/<model>`), for BYOK providers. */
  routerModel?: string;
  /** What to do, in order, to rotate a key of this provider. */
  rotationSteps: readonly string[];
}

/**
 * How a provider's keys usually look. Pure data so the renderer can check as the user types. Rules are
 * tolerant: only an impossible value (empty, inner whitespace, a broken JSON key file) is an error; an
 * unfamiliar prefix or length is a warning, because providers change key shapes (OpenAI's `sk-proj-…`
 * broke many hard-coded length checks).
 */
export interface KeyFormatRule {
  /** `token`: one opaque string; `basic`: Base64 of `key:secret`; `service-account-json`: a Google key file. */
  shape: 'token' | 'basic' | 'service-account-json';
  /** Known prefixes, most specific first. Empty: the provider's keys have no prefix. */
  prefixes: readonly string[];
  /** Characters a key of this provider is made of (after the prefix). */
  charset?: RegExp;
  /** The usual length range of the whole key; outside it is a warning. */
  minLength?: number;
  maxLength?: number;
  /** A redacted example for placeholders, e.g. `sk-proj-…`. */
  example: string;
  /**
   * Whether another provider's key can be recognised by this rule's prefix (used for "looks like an
   * X key" warnings). Off for prefix-less rules, which would match anything.
   */
  distinctive: boolean;
}

/** An HTTP probe relative to the credential's base URL, or a Google service-account token exchange. */
export interface ProbeSpec {
  kind: 'http' | 'google-token';
  method: 'GET' | 'POST';
  /** Appended to the base URL (`/models`), or for `google-token` the default token endpoint. */
  path: string;
  /** Statuses that mean the key works. */
  expected: readonly number[];
  /** Extra headers the provider requires (never the key). */
  headers?: Readonly<Record<string, string>>;
  /** Body fragments (lower-case) that mean "the key is fine but billing is not", whatever the status. */
  billingMarkers?: readonly string[];
  /** Body fragments (lower-case) that mean "bad key" on a status other than 401 (Google answers 400). */
  invalidMarkers?: readonly string[];
}

const OPENAI_LIKE_BILLING = [
  'insufficient_quota',
  'billing',
  'credit balance',
  'payment required',
  'exceeded your current quota',
];
const TOKEN_CHARS = /^[A-Za-z0-9_-]+$/;

function stdRotation(displayName: string, consoleUrl: string): readonly string[] {
  return [
    `Open the ${displayName} console${consoleUrl ? ` (${consoleUrl})` : ''} and create a new key with the same permissions.`,
    'Add it to Keydeck with "Rotate" (the old key stays usable during the overlap window).',
    'Validate the new key, then update every deployment that reads the old one.',
    `When nothing uses the old key any more, revoke it in the ${displayName} console and retire it in Keydeck.`,
  ];
}

function bearerProbe(extra: Partial<ProbeSpec> = {}): ProbeSpec {
  return {
    kind: 'http',
    method: 'GET',
    path: '/models',
    expected: [200],
    billingMarkers: OPENAI_LIKE_BILLING,
    ...extra,
  };
}

export const PROVIDER_DESCRIPTORS: Record<ProviderId, ProviderDescriptor> = {
  inworld: {
    id: 'inworld',
    displayName: 'Inworld',
    authScheme: 'basic',
    envVar: 'INWORLD_API_KEY',
    baseUrlEnvVar: 'INWORLD_BASE_URL',
    baseUrl: 'https://api.inworld.ai',
    consoleUrl: 'https://platform.inworld.ai/',
    keyFormat: {
      shape: 'basic',
      prefixes: [],
      minLength: 24,
      maxLength: 512,
      example: 'Base64 of key:secret',
      distinctive: false,
    },
    probe: {
      kind: 'http',
      method: 'GET',
      path: '/v1/models',
      expected: [200],
      billingMarkers: ['billing', 'payment required'],
    },
    rotationSteps: [
      'In Inworld Portal, open API Keys and click "Generate new key" (same key type and write permissions).',
      'Copy the Basic (Base64) credential and add it to Keydeck with "Rotate".',
      'Validate the new key and update every backend that reads INWORLD_API_KEY.',
      'When nothing uses the old key, delete it in Inworld Portal and retire it in Keydeck.',
    ],
  },
  openai: {
    id: 'openai',
    displayName: 'OpenAI',
    authScheme: 'bearer',
    envVar: 'OPENAI_API_KEY',
    baseUrlEnvVar: 'OPENAI_BASE_URL',
    baseUrl: 'https://api.openai.com/v1',
    routerId: 'openai',
    consoleUrl: 'https://platform.openai.com/api-keys',
    keyFormat: {
      shape: 'token',
      prefixes: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-'],
      charset: TOKEN_CHARS,
      minLength: 40,
      maxLength: 200,
      example: 'sk-proj-…',
      distinctive: true,
    },
    probe: bearerProbe(),
    routerModel: 'gpt-4o-mini',
    rotationSteps: stdRotation('OpenAI', 'https://platform.openai.com/api-keys'),
  },
  anthropic: {
    id: 'anthropic',
    displayName: 'Anthropic',
    authScheme: 'header:x-api-key',
    envVar: 'ANTHROPIC_API_KEY',
    baseUrlEnvVar: 'ANTHROPIC_BASE_URL',
    baseUrl: 'https://api.anthropic.com/v1',
    routerId: 'anthropic',
    consoleUrl: 'https://console.anthropic.com/settings/keys',
    keyFormat: {
      shape: 'token',
      prefixes: ['sk-ant-api03-', 'sk-ant-admin01-', 'sk-ant-'],
      charset: TOKEN_CHARS,
      minLength: 90,
      maxLength: 160,
      example: 'sk-ant-api03-…',
      distinctive: true,
    },
    probe: bearerProbe({
      headers: { 'anthropic-version': ANTHROPIC_VERSION },
      billingMarkers: ['credit balance', 'billing', 'insufficient_quota'],
    }),
    routerModel: 'claude-3-5-haiku-latest',
    rotationSteps: stdRotation('Anthropic', 'https://console.anthropic.com/settings/keys'),
  },
  'google-vertex': {
    id: 'google-vertex',
    displayName: 'Google Vertex AI',
    authScheme: 'bearer',
    envVar: 'GOOGLE_VERTEX_CREDENTIALS',
    baseUrlEnvVar: 'GOOGLE_VERTEX_BASE_URL',
    baseUrl: 'https://aiplatform.googleapis.com/v1',
    routerId: 'google-vertex',
    consoleUrl: 'https://console.cloud.google.com/iam-admin/serviceaccounts',
    keyFormat: {
      shape: 'service-account-json',
      prefixes: [],
      example: '{ "type": "service_account", … }',
      distinctive: false,
    },
    probe: {
      kind: 'google-token',
      method: 'POST',
      path: 'https://oauth2.googleapis.com/token',
      expected: [200],
      invalidMarkers: ['invalid_grant', 'invalid_client', 'unauthorized_client'],
      billingMarkers: ['billing'],
    },
    routerModel: 'gemini-2.0-flash',
    rotationSteps: [
      'In Google Cloud console, open IAM → Service accounts, pick the account, then Keys → Add key → JSON.',
      'Add the downloaded JSON file to Keydeck with "Rotate", then delete the file from your disk.',
      'Validate the new key and update every deployment that reads GOOGLE_VERTEX_CREDENTIALS.',
      "When nothing uses the old key, delete it under the service account's Keys tab and retire it in Keydeck.",
    ],
  },
  'google-ai-studio': {
    id: 'google-ai-studio',
    displayName: 'Google AI Studio',
    authScheme: 'header:x-goog-api-key',
    envVar: 'GEMINI_API_KEY',
    baseUrlEnvVar: 'GEMINI_BASE_URL',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    routerId: 'google-ai-studio',
    consoleUrl: 'https://aistudio.google.com/apikey',
    keyFormat: {
      shape: 'token',
      prefixes: ['AIza'],
      charset: TOKEN_CHARS,
      minLength: 39,
      maxLength: 39,
      example: 'AIza…',
      distinctive: true,
    },
    probe: bearerProbe({
      invalidMarkers: ['api_key_invalid', 'api key not valid', 'api key expired'],
      billingMarkers: ['billing', 'free tier'],
    }),
    routerModel: 'gemini-2.0-flash',
    rotationSteps: stdRotation('Google AI Studio', 'https://aistudio.google.com/apikey'),
  },
  cerebras: {
    id: 'cerebras',
    displayName: 'Cerebras',
    authScheme: 'bearer',
    envVar: 'CEREBRAS_API_KEY',
    baseUrlEnvVar: 'CEREBRAS_BASE_URL',
    baseUrl: 'https://api.cerebras.ai/v1',
    routerId: 'cerebras',
    consoleUrl: 'https://cloud.cerebras.ai/',
    keyFormat: {
      shape: 'token',
      prefixes: ['csk-'],
      charset: TOKEN_CHARS,
      minLength: 40,
      maxLength: 80,
      example: 'csk-…',
      distinctive: true,
    },
    probe: bearerProbe(),
    routerModel: 'llama3.1-8b',
    rotationSteps: stdRotation('Cerebras', 'https://cloud.cerebras.ai/'),
  },
  deepinfra: {
    id: 'deepinfra',
    displayName: 'DeepInfra',
    authScheme: 'bearer',
    envVar: 'DEEPINFRA_API_KEY',
    baseUrlEnvVar: 'DEEPINFRA_BASE_URL',
    baseUrl: 'https://api.deepinfra.com/v1/openai',
    routerId: 'deepinfra',
    consoleUrl: 'https://deepinfra.com/dash/api_keys',
    keyFormat: {
      shape: 'token',
      prefixes: [],
      charset: /^[A-Za-z0-9]+$/,
      minLength: 32,
      maxLength: 64,
      example: '32 letters and digits',
      distinctive: false,
    },
    probe: bearerProbe(),
    routerModel: 'meta-llama/Meta-Llama-3.1-8B-Instruct',
    rotationSteps: stdRotation('DeepInfra', 'https://deepinfra.com/dash/api_keys'),
  },
  fireworks: {
    id: 'fireworks',
    displayName: 'Fireworks',
    authScheme: 'bearer',
    envVar: 'FIREWORKS_API_KEY',
    baseUrlEnvVar: 'FIREWORKS_BASE_URL',
    baseUrl: 'https://api.fireworks.ai/inference/v1',
    routerId: 'fireworks',
    consoleUrl: 'https://fireworks.ai/account/api-keys',
    keyFormat: {
      shape: 'token',
      prefixes: ['fw_'],
      charset: TOKEN_CHARS,
      minLength: 20,
      maxLength: 80,
      example: 'fw_…',
      distinctive: true,
    },
    probe: bearerProbe(),
    routerModel: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
    rotationSteps: stdRotation('Fireworks', 'https://fireworks.ai/account/api-keys'),
  },
  mistral: {
    id: 'mistral',
    displayName: 'Mistral',
    authScheme: 'bearer',
    envVar: 'MISTRAL_API_KEY',
    baseUrlEnvVar: 'MISTRAL_BASE_URL',
    baseUrl: 'https://api.mistral.ai/v1',
    routerId: 'mistral',
    consoleUrl: 'https://console.mistral.ai/api-keys',
    keyFormat: {
      shape: 'token',
      prefixes: [],
      charset: /^[A-Za-z0-9]+$/,
      minLength: 32,
      maxLength: 32,
      example: '32 letters and digits',
      distinctive: false,
    },
    probe: bearerProbe(),
    routerModel: 'mistral-small-latest',
    rotationSteps: stdRotation('Mistral', 'https://console.mistral.ai/api-keys'),
  },
  groq: {
    id: 'groq',
    displayName: 'Groq',
    authScheme: 'bearer',
    envVar: 'GROQ_API_KEY',
    baseUrlEnvVar: 'GROQ_BASE_URL',
    baseUrl: 'https://api.groq.com/openai/v1',
    routerId: 'groq',
    consoleUrl: 'https://console.groq.com/keys',
    keyFormat: {
      shape: 'token',
      prefixes: ['gsk_'],
      charset: TOKEN_CHARS,
      minLength: 50,
      maxLength: 60,
      example: 'gsk_…',
      distinctive: true,
    },
    probe: bearerProbe(),
    routerModel: 'llama-3.1-8b-instant',
    rotationSteps: stdRotation('Groq', 'https://console.groq.com/keys'),
  },
  xai: {
    id: 'xai',
    displayName: 'xAI',
    authScheme: 'bearer',
    envVar: 'XAI_API_KEY',
    baseUrlEnvVar: 'XAI_BASE_URL',
    baseUrl: 'https://api.x.ai/v1',
    routerId: 'xai',
    consoleUrl: 'https://console.x.ai/',
    keyFormat: {
      shape: 'token',
      prefixes: ['xai-'],
      charset: TOKEN_CHARS,
      minLength: 60,
      maxLength: 100,
      example: 'xai-…',
      distinctive: true,
    },
    probe: bearerProbe(),
    routerModel: 'grok-3-mini',
    rotationSteps: stdRotation('xAI', 'https://console.x.ai/'),
  },
  custom: {
    id: 'custom',
    displayName: 'Custom',
    authScheme: 'bearer',
    envVar: 'API_KEY',
    baseUrlEnvVar: 'API_BASE_URL',
    baseUrl: '',
    consoleUrl: '',
    keyFormat: { shape: 'token', prefixes: [], example: 'any key', distinctive: false },
    probe: { kind: 'http', method: 'GET', path: '/models', expected: [200] },
    rotationSteps: [
      "Create a new key in the service's console with the same permissions.",
      'Add it to Keydeck with "Rotate" (the old key stays usable during the overlap window).',
      'Validate the new key, update everything that reads the old one, then revoke and retire the old key.',
    ],
  },
};

export function isByokProvider(p: string): p is ByokProvider {
  return (BYOK_PROVIDERS as readonly string[]).includes(p);
}

/** `OPENAI_API_KEY` → `OPENAI_BASE_URL`; `MY_TOKEN` → `MY_TOKEN_BASE_URL`. */
export function baseUrlVarFor(envVar: string): string {
  const stem = envVar.replace(/_(API_KEY|KEY|TOKEN|SECRET|CREDENTIALS)$/, '');
  return stem === envVar ? `${envVar}_BASE_URL` : `${stem}_BASE_URL`;
}

/** A default env var for a custom credential: `My service` → `MY_SERVICE_API_KEY`. */
export function envVarFromName(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  if (!stem) return 'API_KEY';
  const safe = /^[0-9]/.test(stem) ? `_${stem}` : stem;
  return /(_API_KEY|_KEY|_TOKEN)$/.test(safe) ? safe : `${safe}_API_KEY`;
}
