/**
 * Provider ids, the shape of a provider descriptor, the building blocks the descriptors in
 * `providers.ts` share, and the env-var naming rules. Pure data: no node:*, no DOM.
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

export const OPENAI_LIKE_BILLING = [
  'insufficient_quota',
  'billing',
  'credit balance',
  'payment required',
  'exceeded your current quota',
];
export const TOKEN_CHARS = /^[A-Za-z0-9_-]+$/;

export function stdRotation(displayName: string, consoleUrl: string): readonly string[] {
  return [
    `Open the ${displayName} console${consoleUrl ? ` (${consoleUrl})` : ''} and create a new key with the same permissions.`,
    'Add it to Keydeck with "Rotate" (the old key stays usable during the overlap window).',
    'Validate the new key, then update every deployment that reads the old one.',
    `When nothing uses the old key any more, revoke it in the ${displayName} console and retire it in Keydeck.`,
  ];
}

export function bearerProbe(extra: Partial<ProbeSpec> = {}): ProbeSpec {
  return {
    kind: 'http',
    method: 'GET',
    path: '/models',
    expected: [200],
    billingMarkers: OPENAI_LIKE_BILLING,
    ...extra,
  };
}

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
