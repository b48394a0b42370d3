/**
 * Data-first provider descriptors. Everything Keydeck knows about a provider lives here, so adding a
 * provider is adding one object. Pure data: no node:*, no DOM.
 */
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
  },
  'google-vertex': {
    id: 'google-vertex',
    displayName: 'Google Vertex AI',
    authScheme: 'bearer',
    envVar: 'GOOGLE_VERTEX_CREDENTIALS',
    baseUrlEnvVar: 'GOOGLE_VERTEX_BASE_URL',
    baseUrl: 'https://aiplatform.googleapis.com/v1',
    routerId: 'google_vertex',
    consoleUrl: 'https://console.cloud.google.com/iam-admin/serviceaccounts',
  },
  'google-ai-studio': {
    id: 'google-ai-studio',
    displayName: 'Google AI Studio',
    authScheme: 'header:x-goog-api-key',
    envVar: 'GEMINI_API_KEY',
    baseUrlEnvVar: 'GEMINI_BASE_URL',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta',
    routerId: 'google',
    consoleUrl: 'https://aistudio.google.com/apikey',
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
  },
  custom: {
    id: 'custom',
    displayName: 'Custom',
    authScheme: 'bearer',
    envVar: 'API_KEY',
    baseUrlEnvVar: 'API_BASE_URL',
    baseUrl: '',
    consoleUrl: '',
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
