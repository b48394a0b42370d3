/**
 * What a `.env` variable is, from its name and its value: the provider (by the variable's name, e.g.
 * `OPENAI_API_KEY`, and by the key's shape through `detectProvider`, the one home of key shapes), and
 * whether it is a secret at all. A URL, a number, a flag, an empty value or a `keydeck://` reference is
 * left alone; so is a value under a name that says nothing secret and a shape no provider claims.
 */
import { detectProvider } from '../../../shared/provider-format.js';
import { PROVIDERS, PROVIDER_DESCRIPTORS, type ProviderId } from '../../../shared/providers.js';

/** Name words that mean "this holds a credential". */
const SECRET_NAME = /(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIALS?|AUTH)($|_)/i;

/** Name words of each provider: the stem of its usual variable (`OPENAI_API_KEY` → OPENAI) plus aliases. */
const NAME_WORDS: [string, ProviderId][] = [
  ...PROVIDERS.filter((p) => p !== 'custom').map((p): [string, ProviderId] => [
    PROVIDER_DESCRIPTORS[p].envVar.split('_')[0]!,
    p,
  ]),
  ['GOOGLE', 'google-ai-studio'],
  ['VERTEX', 'google-vertex'],
  ['GROK', 'xai'],
  ['CLAUDE', 'anthropic'],
];

/** The provider a variable's name points to, when the name also says it holds a key. */
export function providerByName(variable: string): ProviderId | undefined {
  const name = variable.toUpperCase();
  const exact = PROVIDERS.find((p) => p !== 'custom' && PROVIDER_DESCRIPTORS[p].envVar === name);
  if (exact) return exact;
  if (!SECRET_NAME.test(name)) return undefined;
  const words = name.split('_');
  if (words.includes('VERTEX')) return 'google-vertex';
  return NAME_WORDS.find(([w]) => words.includes(w))?.[1];
}

export type Detection =
  | { secret: false; reason: string }
  | { secret: true; provider: ProviderId; detectedBy?: 'name' | 'shape' | 'name+shape' };

const URL_LIKE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S*$/;
const NUMBER = /^[+-]?\d+(\.\d+)?$/;
const FLAG = /^(true|false|yes|no|on|off|enabled?|disabled?|null|none)$/i;
const PATH_LIKE = /^(\.{0,2}\/|~\/)[^\s]*$/;
/** Shorter than this, a value under a generic name (not a provider's) is not taken for a key. */
const MIN_SECRET = 8;

/** Is this variable a secret, and whose? */
export function detect(variable: string, value: string): Detection {
  const v = value.trim();
  if (!v) return { secret: false, reason: 'empty' };
  if (v.startsWith('keydeck://')) return { secret: false, reason: 'already a reference' };
  if (URL_LIKE.test(v)) return { secret: false, reason: 'a URL' };
  if (NUMBER.test(v)) return { secret: false, reason: 'a number or port' };
  if (FLAG.test(v)) return { secret: false, reason: 'a flag' };
  if (PATH_LIKE.test(v)) return { secret: false, reason: 'a path' };
  const byShape = detectProvider(v);
  const byName = providerByName(variable);
  // The inworld shape (Base64 of key:secret) is weak evidence on its own: only a name makes it a key.
  const shape = byShape === 'inworld' && byName !== 'inworld' && !SECRET_NAME.test(variable) ? undefined : byShape;
  if (shape) {
    return { secret: true, provider: shape, detectedBy: byName === shape ? 'name+shape' : 'shape' };
  }
  if (byName) return { secret: true, provider: byName, detectedBy: 'name' };
  if (SECRET_NAME.test(variable) && v.length >= MIN_SECRET && !/\s/.test(v)) {
    return { secret: true, provider: 'custom' };
  }
  return {
    secret: false,
    reason: SECRET_NAME.test(variable) ? 'too short for a key' : 'not a secret by name or shape',
  };
}
