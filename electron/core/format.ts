import { KeydeckError } from '../../shared/errors.js';
import type { CopyFormat, Credential } from '../../shared/domain.js';
import { PROVIDER_DESCRIPTORS, baseUrlVarFor, isByokProvider } from '../../shared/providers.js';

/** The credential's base URL: its own, else its provider's default. */
export function effectiveBaseUrl(cred: Pick<Credential, 'baseUrl' | 'provider'>): string {
  return cred.baseUrl || PROVIDER_DESCRIPTORS[cred.provider].baseUrl;
}

/** The header name and value a request carries for this credential. */
export function authHeader(cred: Pick<Credential, 'authScheme'>, secret: string): { name: string; value: string } {
  if (cred.authScheme === 'basic') return { name: 'Authorization', value: `Basic ${secret}` };
  if (cred.authScheme === 'bearer') return { name: 'Authorization', value: `Bearer ${secret}` };
  return { name: cred.authScheme.slice('header:'.length), value: secret };
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const psq = (s: string) => `'${s.replace(/'/g, "''")}'`;
/**
 * .env quoting as dotenv and Node's --env-file read it: neither unescapes \" inside quotes, so pick a
 * quote character the value does not contain (single quotes are literal).
 */
function dotenvValue(s: string): string {
  if (/^[A-Za-z0-9_./:+=@-]*$/.test(s)) return s;
  for (const q of ["'", '"', '`']) if (!s.includes(q)) return `${q}${s}${q}`;
  return `"${s.replace(/"/g, '\\"')}"`;
}
const jsonStr = (s: string) => JSON.stringify(s);

function envPairs(cred: Credential, secret: string): [string, string][] {
  const pairs: [string, string][] = [[cred.envVar, secret]];
  const base = effectiveBaseUrl(cred);
  if (base) pairs.push([baseUrlVarFor(cred.envVar), base]);
  return pairs;
}

/** Env var assignments (the key, plus its base URL variable) as a child process should see them. */
export function envVars(cred: Credential, secret: string): Record<string, string> {
  return Object.fromEntries(envPairs(cred, secret));
}

/** The path a curl snippet calls: the cheapest authenticated read for the provider. */
function samplePath(cred: Credential): string {
  if (cred.provider === 'inworld') return '/v1/models';
  if (cred.provider === 'google-ai-studio') return '/models';
  if (cred.provider === 'google-vertex') return '/projects';
  return '/models';
}

/**
 * Renders a credential for one use. Every format but `raw` is a ready-to-paste snippet; SDK snippets
 * read the key from the environment rather than embedding it in source code.
 */
export function formatCredential(cred: Credential, secret: string, format: CopyFormat): string {
  const header = authHeader(cred, secret);
  const base = effectiveBaseUrl(cred);
  switch (format) {
    case 'raw':
      return secret;
    case 'header':
      return `${header.name}: ${header.value}`;
    case 'env-bash':
      return envPairs(cred, secret)
        .map(([k, v]) => `export ${k}=${sq(v)}`)
        .join('\n');
    case 'env-powershell':
      return envPairs(cred, secret)
        .map(([k, v]) => `$env:${k} = ${psq(v)}`)
        .join('\n');
    case 'env-dotenv':
      return envPairs(cred, secret)
        .map(([k, v]) => `${k}=${dotenvValue(v)}`)
        .join('\n');
    case 'curl': {
      const url = (base || 'https://api.example.com') + samplePath(cred);
      return `curl -sS ${sq(url)} \\\n  -H ${sq(`${header.name}: ${header.value}`)}`;
    }
    case 'sdk-python': {
      const baseLine = base ? `\n    base_url=${jsonStr(base)},` : '';
      return `import os\nfrom openai import OpenAI\n\nclient = OpenAI(\n    api_key=os.environ[${jsonStr(cred.envVar)}],${baseLine}\n)`;
    }
    case 'sdk-js': {
      const baseLine = base ? `\n  baseURL: ${jsonStr(base)},` : '';
      return `import OpenAI from 'openai';\n\nconst client = new OpenAI({\n  apiKey: process.env.${cred.envVar},${baseLine}\n});`;
    }
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
