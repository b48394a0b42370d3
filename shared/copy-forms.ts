/**
 * The one list of "copy as" forms, for both fronts: the app's copy menu lists it, the CLI's `copy --as`
 * and `snippet --as` take its CLI names. Pure data: no node:*, no DOM.
 */
import { PROVIDER_AUTH } from './provider-auth.js';
import { PROVIDER_DESCRIPTORS, type ProviderId } from './providers.js';

const FORMAT_IDS = [
  'raw',
  'header',
  'headers',
  'env-bash',
  'env-powershell',
  'env-dotenv',
  'curl',
  'sdk-python',
  'sdk-js',
  'sdk-native-python',
  'sdk-native-js',
  'provider-credentials',
] as const;
export type CopyFormat = (typeof FORMAT_IDS)[number];
export const COPY_FORMATS: readonly CopyFormat[] = FORMAT_IDS;

export interface CopyForm {
  format: CopyFormat;
  /** The name the CLI takes (`keydeck snippet NAME --as <cli>`, `keydeck copy NAME --as <cli>`). */
  cli: string;
  /** Other CLI names for the same form. */
  aliases?: readonly string[];
  label: string;
  /** A shortcut or tag the menu shows next to the label. */
  hint: string;
}

/** What a form's applicability depends on. */
export interface FormTarget {
  kind: string;
  provider: ProviderId;
}

const NATIVE_SDK_NAME = { anthropic: 'Anthropic SDK', 'google-genai': 'Google Gen AI SDK' } as const;

function nativeSdkName(provider: ProviderId): string {
  const sdk = PROVIDER_AUTH[provider].nativeSdk;
  return sdk ? NATIVE_SDK_NAME[sdk] : `${PROVIDER_DESCRIPTORS[provider].displayName} SDK`;
}

/** Every form, in menu order, with generic labels. */
export const COPY_FORMS: readonly CopyForm[] = [
  { format: 'header', cli: 'header', label: 'Authorization header', hint: 'Enter' },
  { format: 'headers', cli: 'headers', label: 'All request headers', hint: '' },
  { format: 'env-bash', cli: 'env', aliases: ['env-bash', 'bash'], label: 'Env (bash / zsh)', hint: 'Ctrl+Shift+C' },
  { format: 'env-powershell', cli: 'powershell', aliases: ['env-powershell'], label: 'Env (PowerShell)', hint: '' },
  { format: 'env-dotenv', cli: 'dotenv', aliases: ['env-dotenv', '.env'], label: '.env lines', hint: '' },
  { format: 'curl', cli: 'curl', label: 'curl command', hint: '' },
  { format: 'sdk-python', cli: 'python', aliases: ['openai-python'], label: 'OpenAI SDK (Python)', hint: '' },
  { format: 'sdk-js', cli: 'js', aliases: ['openai-js'], label: 'OpenAI SDK (JavaScript)', hint: '' },
  { format: 'sdk-native-python', cli: 'native-python', label: 'Provider SDK (Python)', hint: '' },
  { format: 'sdk-native-js', cli: 'native-js', label: 'Provider SDK (JavaScript)', hint: '' },
  { format: 'provider-credentials', cli: 'provider-json', label: 'provider_credentials JSON', hint: 'BYOK' },
  { format: 'raw', cli: 'raw', label: 'Raw key', hint: '' },
];

/** Whether a form exists for a credential (an SDK snippet needs an SDK, `provider_credentials` a BYOK key). */
export function formApplies(format: CopyFormat, t: FormTarget): boolean {
  const auth = PROVIDER_AUTH[t.provider];
  switch (format) {
    case 'headers':
      return Object.keys(auth.headers).length > 0;
    case 'sdk-python':
    case 'sdk-js':
      return auth.openaiBaseUrl !== undefined;
    case 'sdk-native-python':
    case 'sdk-native-js':
      return auth.nativeSdk !== undefined;
    case 'provider-credentials':
      return t.kind === 'byok';
    default:
      return true;
  }
}

/** The forms a credential offers, in menu order, labelled for its provider. */
export function formsFor(t: FormTarget): CopyForm[] {
  return COPY_FORMS.filter((f) => formApplies(f.format, t)).map((f) =>
    f.format === 'sdk-native-python' || f.format === 'sdk-native-js'
      ? { ...f, label: `${nativeSdkName(t.provider)} (${f.format.endsWith('python') ? 'Python' : 'JavaScript'})` }
      : f,
  );
}

/** The form a CLI name (or a format id) stands for. */
export function formByName(name: string): CopyForm | undefined {
  return COPY_FORMS.find((f) => f.cli === name || f.format === name || f.aliases?.includes(name));
}

/** Every CLI name, for usage lines and errors. */
export const COPY_FORM_NAMES: readonly string[] = COPY_FORMS.map((f) => f.cli);

export function formLabel(format: CopyFormat): string {
  return COPY_FORMS.find((f) => f.format === format)?.label ?? format;
}
