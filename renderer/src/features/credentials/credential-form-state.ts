/**
 * The add/edit form's state: its fields, their starting values, the inputs sent to core, and which
 * field an error from core belongs to. No React here, so it is testable on its own.
 */
import type {
  Audience,
  CreateInput,
  Credential,
  Kind,
  UpdateInput,
  WritePermission,
} from '../../../../shared/domain.js';
import { AUTH_SCHEME } from '../../../../shared/provider-auth.js';
import { PROVIDER_DESCRIPTORS, type ProviderId } from '../../../../shared/providers.js';
import { allowsAccessRules, allowsWritePermissions, providersForKind } from '../../../../shared/rules.js';
import type { UiError } from '../../api.js';
import { errorField, type FieldErrors } from '../../lib/field-errors.js';
import { splitList } from '../../lib/format.js';

export interface FormState {
  name: string;
  kind: Kind;
  provider: ProviderId;
  audience: Audience;
  secretMode: 'paste' | 'pair';
  secret: string;
  key: string;
  keySecret: string;
  scopes: string;
  write: WritePermission[];
  origins: string;
  assistants: string;
  tags: string;
  envVar: string;
  baseUrl: string;
  /** The auth scheme: '' is the provider's own; `header` sends the key in the header named `authHeader`. */
  auth: '' | 'bearer' | 'basic' | 'header';
  authHeader: string;
  expires: string;
  note: string;
}

/** The form fields an error can sit under. */
export const FORM_FIELDS = [
  'name',
  'kind',
  'provider',
  'secret',
  'audience',
  'scopes',
  'write',
  'origins',
  'assistants',
  'tags',
  'envVar',
  'baseUrl',
  'authScheme',
  'expires',
  'note',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormErrors = FieldErrors<FormField>;

/** Core's input names that the form spells differently. */
const ALIASES: Partial<Record<string, FormField>> = {
  allowedOrigins: 'origins',
  allowedAssistants: 'assistants',
  writePermissions: 'write',
  expiresAt: 'expires',
  editKind: 'kind',
};

/** For errors that carry no `field`: the field their code (or a schema path in the message) is about. */
function fieldByCode({ code, message }: UiError): FormField | undefined {
  switch (code) {
    case 'INVALID_NAME':
    case 'DUPLICATE_NAME':
      return 'name';
    case 'EMPTY_SECRET':
    case 'INVALID_SECRET':
    case 'SECRET_TOO_LARGE':
    case 'INVALID_BASIC_CREDENTIAL':
      return 'secret';
    case 'BYOK_PROVIDER_TAKEN':
      return 'provider';
    case 'KIND_IMMUTABLE':
      return 'kind';
    case 'PUBLIC_KEY_NEEDS_ORIGIN':
    case 'INVALID_ORIGIN':
      return 'origins';
    case 'INVALID_URL':
      return 'baseUrl';
    default:
      if (/^Invalid request for [a-z:]+: (input\.)?secret/.test(message)) return 'secret';
      if (/^Invalid request for [a-z:]+: (input\.|patch\.)?name/.test(message)) return 'name';
      return undefined;
  }
}

/** Which field a core error belongs to, so it shows beside the input that caused it (`general`: the top). */
export function fieldFor(e: UiError): FormField | 'general' {
  return errorField(e, FORM_FIELDS, ALIASES, fieldByCode);
}

/** Every problem core found, each under its field (the first one per field); others at the top. */
export function formErrors(e: UiError): FormErrors {
  if (!e.issues?.length) return { [fieldFor(e)]: e.message };
  const out: FormErrors = {};
  for (const i of e.issues) {
    const f = fieldFor({ code: e.code, message: i.message, ...(i.field ? { field: i.field } : {}) });
    out[f] = out[f] ? `${out[f]} ${i.message}` : i.message;
  }
  return out;
}

/** How the form shows a stored scheme: '' when it is the provider's own, else the choice and header name. */
function authChoice(cred?: Credential): Pick<FormState, 'auth' | 'authHeader'> {
  const scheme = cred?.authScheme;
  if (!cred || !scheme || scheme === PROVIDER_DESCRIPTORS[cred.provider].authScheme)
    return { auth: '', authHeader: '' };
  if (scheme.startsWith('header:')) return { auth: 'header', authHeader: scheme.slice('header:'.length) };
  return { auth: scheme === 'basic' ? 'basic' : 'bearer', authHeader: '' };
}

/** The scheme the form asks for: undefined for the provider's own, else `bearer`, `basic` or `header:NAME`. */
export function authSchemeOf(f: FormState): string | undefined {
  if (!f.auth) return undefined;
  return f.auth === 'header' ? `header:${f.authHeader.trim()}` : f.auth;
}

/**
 * What the form can tell before sending: a scheme outside the shared AUTH_SCHEME pattern (the one core's
 * schema and the CLI's `--auth` check) is shown under the field, and nothing is sent.
 */
export function checkForm(f: FormState): FormErrors {
  const scheme = authSchemeOf(f);
  if (scheme === undefined || AUTH_SCHEME.test(scheme)) return {};
  return {
    authScheme: f.authHeader.trim()
      ? 'A header name is 1 to 64 letters, digits and - (like X-Api-Key).'
      : 'Name the header the key is sent in (like X-Api-Key).',
  };
}

export function initial(cred?: Credential): FormState {
  return {
    ...authChoice(cred),
    name: cred?.name ?? '',
    kind: cred?.kind ?? 'standard',
    provider: cred?.provider ?? 'inworld',
    audience: cred?.audience ?? 'secret',
    secretMode: 'paste',
    secret: '',
    key: '',
    keySecret: '',
    scopes: cred?.scopes.join(', ') ?? '',
    write: [...(cred?.writePermissions ?? [])],
    origins: cred?.allowedOrigins.join('\n') ?? '',
    assistants: cred?.allowedAssistants.join(', ') ?? '',
    tags: cred?.tags.join(', ') ?? '',
    envVar: cred?.envVar ?? '',
    baseUrl: cred?.baseUrl ?? '',
    expires: cred?.expiresAt?.slice(0, 10) ?? '',
    note: cred?.note ?? '',
  };
}

/** Changing the kind keeps the provider when the new kind allows it, else takes the kind's first. */
export function withKind(s: FormState, kind: Kind): FormState {
  const allowed = providersForKind(kind);
  return { ...s, kind, provider: allowed.includes(s.provider) ? s.provider : allowed[0]! };
}

/**
 * "Switch to OpenAI" after pasting a key that looks like another provider's: that provider, in the
 * current kind when the kind allows it (else BYOK when it is a BYOK provider, else standard), and its name
 * as the credential's name when none was typed.
 */
export function withProvider(s: FormState, provider: ProviderId): FormState {
  const kind: Kind = providersForKind(s.kind).includes(provider)
    ? s.kind
    : providersForKind('byok').includes(provider)
      ? 'byok'
      : 'standard';
  const name = s.name.trim() ? s.name : PROVIDER_DESCRIPTORS[provider].displayName;
  return { ...s, kind, provider, name, auth: '', authHeader: '' };
}

/** Basic-auth providers (on add) take either one pasted credential or a key + secret pair. */
export function isBasicEntry(f: FormState, editing: boolean): boolean {
  return PROVIDER_DESCRIPTORS[f.provider].authScheme === 'basic' && !editing;
}

/** The secret as typed: the pasted value, or `key:secret` from the pair. */
export function secretOf(f: FormState, editing: boolean): string {
  return isBasicEntry(f, editing) && f.secretMode === 'pair' ? `${f.key}:${f.keySecret}` : f.secret;
}

function common(f: FormState) {
  const access = allowsAccessRules(f.kind);
  return {
    name: f.name,
    // A BYOK key takes none of Inworld's access rules: what the form may still hold for them is not sent.
    ...(access
      ? { audience: f.audience, allowedOrigins: splitList(f.origins), allowedAssistants: splitList(f.assistants) }
      : {}),
    scopes: splitList(f.scopes),
    tags: splitList(f.tags),
    ...(f.envVar.trim() ? { envVar: f.envVar.trim() } : {}),
    ...(allowsWritePermissions(f.kind, f.provider) ? { writePermissions: f.write } : {}),
  };
}

export function toCreateInput(f: FormState): CreateInput {
  return {
    ...common(f),
    kind: f.kind,
    provider: f.provider,
    ...(f.baseUrl.trim() ? { baseUrl: f.baseUrl } : {}),
    ...(authSchemeOf(f) ? { authScheme: authSchemeOf(f) } : {}),
    ...(f.expires ? { expiresAt: f.expires } : {}),
    ...(f.note ? { note: f.note } : {}),
  };
}

export function toUpdateInput(f: FormState, edit: Credential): UpdateInput {
  // Sent only when it changes; "provider default" on a credential with its own scheme restores the default.
  const scheme = authSchemeOf(f) ?? PROVIDER_DESCRIPTORS[edit.provider].authScheme;
  return {
    ...common(f),
    ...(scheme !== edit.authScheme ? { authScheme: scheme } : {}),
    note: f.note,
    baseUrl: f.baseUrl,
    expiresAt: f.expires || null,
    ...(f.kind !== edit.kind ? { kind: f.kind } : {}),
  };
}
