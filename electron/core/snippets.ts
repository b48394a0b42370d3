/**
 * SDK snippets that run unchanged: the OpenAI SDK (Python, JavaScript) at the provider's
 * OpenAI-compatible base URL with every header it needs, and the provider's own SDK where the OpenAI SDK
 * is not its natural client (Anthropic, Google Gen AI). Snippets read the key from the environment; they
 * never embed it.
 */
import { KeydeckError } from '../../shared/errors.js';
import { PROVIDER_AUTH, credentialHeader } from '../../shared/provider-auth.js';
import type { ProviderId } from '../../shared/providers.js';

export interface SnippetTarget {
  provider: ProviderId;
  authScheme: string;
  /** The env var the snippet reads the sent credential from. */
  keyVar: string;
  nativeBase: string;
  openaiBase?: string;
  headers: Readonly<Record<string, string>>;
}

export type SnippetFormat = 'sdk-python' | 'sdk-js' | 'sdk-native-python' | 'sdk-native-js';

/** A string literal both Python and JavaScript read as the same string. */
const lit = (s: string) => JSON.stringify(s);

const PY_ENV = (v: string) => `os.environ[${lit(v)}]`;
const JS_ENV = (v: string) => `process.env.${v}`;

/** Whether the OpenAI SDK takes the credential as `api_key` (sent as Bearer) or as a default header. */
function openaiTakesApiKey(t: SnippetTarget): boolean {
  return t.authScheme === 'bearer' || PROVIDER_AUTH[t.provider].openaiCredential === 'api-key';
}

/** The credential header with its value as an expression over the env var, in Python or JavaScript. */
function headerExpr(t: SnippetTarget, lang: 'py' | 'js'): { name: string; expr: string } {
  const h = credentialHeader(t.authScheme, '\u0000');
  const [pre, post] = h.value.split('\u0000') as [string, string];
  const env = lang === 'py' ? PY_ENV(t.keyVar) : JS_ENV(t.keyVar);
  const parts = [...(pre ? [lit(pre)] : []), env, ...(post ? [lit(post)] : [])];
  return { name: h.name, expr: parts.join(' + ') };
}

function headerDict(entries: [string, string][], lang: 'py' | 'js'): string {
  const items = entries.map(([k, v]) => `${lit(k)}: ${v}`).join(', ');
  return lang === 'py' ? `{${items}}` : `{ ${items} }`;
}

function openaiSnippet(t: SnippetTarget, lang: 'py' | 'js'): string {
  if (t.openaiBase === undefined) {
    throw new KeydeckError('FORMAT_UNAVAILABLE', 'This provider has no OpenAI-compatible API.');
  }
  const headers: [string, string][] = Object.entries(t.headers).map(([k, v]) => [k, lit(v)]);
  const apiKey = openaiTakesApiKey(t);
  if (!apiKey) {
    const h = headerExpr(t, lang);
    headers.unshift([h.name, h.expr]);
  }
  const c = lang === 'py' ? '#' : '//';
  const note = apiKey ? '' : `  ${c} the credential goes in the header below, not as a Bearer key`;
  const tokenNote = PROVIDER_AUTH[t.provider].token
    ? `${c} ${t.keyVar} is a short-lived access token: \`keydeck exec --cred <name> -- …\` sets it.\n`
    : '';
  if (lang === 'py') {
    const lines = [
      `    api_key=${apiKey ? PY_ENV(t.keyVar) : lit('unused')},${note}`,
      `    base_url=${lit(t.openaiBase)},`,
      ...(headers.length ? [`    default_headers=${headerDict(headers, 'py')},`] : []),
    ];
    return `import os\nfrom openai import OpenAI\n\n${tokenNote}client = OpenAI(\n${lines.join('\n')}\n)`;
  }
  const lines = [
    `  apiKey: ${apiKey ? JS_ENV(t.keyVar) : lit('unused')},${note}`,
    `  baseURL: ${lit(t.openaiBase)},`,
    ...(headers.length ? [`  defaultHeaders: ${headerDict(headers, 'js')},`] : []),
  ];
  return `import OpenAI from 'openai';\n\n${tokenNote}const client = new OpenAI({\n${lines.join('\n')}\n});`;
}

/** `https://host/v1beta` → root `https://host`, version `v1beta` (Google's SDK takes them apart). */
function splitVersion(base: string): { root: string; version?: string } {
  const m = /^(.*?)\/(v\d+[a-z0-9]*)\/?$/.exec(base);
  return m ? { root: m[1]!, version: m[2]! } : { root: base.replace(/\/+$/, '') };
}

function nativeSnippet(t: SnippetTarget, lang: 'py' | 'js'): string {
  const sdk = PROVIDER_AUTH[t.provider].nativeSdk;
  const { root, version } = splitVersion(t.nativeBase);
  if (sdk === 'anthropic') {
    // The Anthropic SDK adds `/v1/…` and the anthropic-version header itself.
    if (lang === 'py') {
      return `import os\nimport anthropic\n\nclient = anthropic.Anthropic(\n    api_key=${PY_ENV(t.keyVar)},\n    base_url=${lit(root)},\n)`;
    }
    return `import Anthropic from '@anthropic-ai/sdk';\n\nconst client = new Anthropic({\n  apiKey: ${JS_ENV(t.keyVar)},\n  baseURL: ${lit(root)},\n});`;
  }
  if (sdk === 'google-genai') {
    const v = version ?? 'v1beta';
    if (lang === 'py') {
      return `import os\nfrom google import genai\nfrom google.genai import types\n\nclient = genai.Client(\n    api_key=${PY_ENV(t.keyVar)},\n    http_options=types.HttpOptions(base_url=${lit(root)}, api_version=${lit(v)}),\n)`;
    }
    return `import { GoogleGenAI } from '@google/genai';\n\nconst client = new GoogleGenAI({\n  apiKey: ${JS_ENV(t.keyVar)},\n  httpOptions: { baseUrl: ${lit(root)}, apiVersion: ${lit(v)} },\n});`;
  }
  throw new KeydeckError('FORMAT_UNAVAILABLE', "The OpenAI SDK is this provider's client: use the python or js form.");
}

export function sdkSnippet(t: SnippetTarget, format: SnippetFormat): string {
  switch (format) {
    case 'sdk-python':
      return openaiSnippet(t, 'py');
    case 'sdk-js':
      return openaiSnippet(t, 'js');
    case 'sdk-native-python':
      return nativeSnippet(t, 'py');
    case 'sdk-native-js':
      return nativeSnippet(t, 'js');
  }
}
