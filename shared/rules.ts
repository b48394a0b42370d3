/**
 * The rules both fronts need: which providers a kind takes, who may hold write permissions, a
 * credential's default provider and environment variable, and the name rule. Defined once here; core
 * enforces them on every write (add, update, import, reconcile) and the renderer uses them to shape its
 * forms. Pure TypeScript: no node:*, no DOM.
 */
import { KeydeckError } from './errors.js';
import { LIMITS, type Kind, type WritePermission } from './constants.js';
import { BYOK_PROVIDERS, PROVIDERS, PROVIDER_DESCRIPTORS, isByokProvider, type ProviderId } from './providers.js';

/** The providers a credential of this kind may belong to. */
export function providersForKind(kind: Kind): readonly ProviderId[] {
  if (kind === 'byok') return BYOK_PROVIDERS;
  if (kind === 'realtime') return ['inworld', 'custom'];
  return PROVIDERS;
}

export function checkKindProvider(kind: Kind, provider: ProviderId): void {
  if (providersForKind(kind).includes(provider)) return;
  if (kind === 'byok' && !isByokProvider(provider)) {
    throw new KeydeckError(
      'INVALID_INPUT',
      `A BYOK key needs one of the BYOK providers, not "${provider}".`,
      'provider',
    );
  }
  throw new KeydeckError('INVALID_INPUT', 'A realtime-only key belongs to Inworld (or a custom provider).', 'provider');
}

export function defaultProvider(kind: Kind): ProviderId {
  return kind === 'byok' ? 'openai' : 'inworld';
}

export function defaultEnvVar(kind: Kind, provider: ProviderId): string {
  if (kind === 'realtime' && provider === 'inworld') return 'INWORLD_REALTIME_API_KEY';
  return PROVIDER_DESCRIPTORS[provider].envVar;
}

/** Write permissions (Voice API, Router API) exist on standard Inworld keys only. */
export function allowsWritePermissions(kind: Kind, provider: ProviderId): boolean {
  return kind === 'standard' && provider === 'inworld';
}

/** The write permissions to store, de-duplicated; refuses them on a key that cannot hold them. */
export function checkWritePermissions(
  kind: Kind,
  provider: ProviderId,
  perms: readonly WritePermission[] | undefined,
): WritePermission[] {
  const out = [...new Set(perms ?? [])];
  if (out.length && !allowsWritePermissions(kind, provider)) {
    throw new KeydeckError(
      'INVALID_INPUT',
      'Write permissions (Voice, Router) apply to standard Inworld keys only.',
      'writePermissions',
    );
  }
  return out;
}

/**
 * Characters a name (or a tag, a note line, any label shown to people) must not hold: C0 and C1 controls,
 * DEL, line and paragraph separators, and the bidi embeddings, overrides, isolates and marks that can make a
 * name read differently from what it is ("Trojan Source").
 */
export const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** A string for a person's eyes: control and bidi characters shown as `\u{…}` escapes, never acted on. */
export function printable(s: string): string {
  return s.replace(new RegExp(UNSAFE_TEXT.source, 'g'), (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}

/** One name rule for every way a name arrives. Names are compared after Unicode NFC. */
export function normalizeName(raw: string, what = 'Name'): string {
  const name = raw.normalize('NFC').trim();
  if (!name) throw new KeydeckError('INVALID_NAME', `${what} is empty.`, 'name');
  if (UNSAFE_TEXT.test(name)) {
    throw new KeydeckError(
      'INVALID_NAME',
      `${what} contains control or text-direction characters (line breaks, escapes, bidi overrides).`,
      'name',
    );
  }
  if (name.length > LIMITS.nameChars) {
    throw new KeydeckError('INVALID_NAME', `${what} is longer than ${LIMITS.nameChars} characters.`, 'name');
  }
  return name;
}

/**
 * Audience (secret/public), allowed origins and allowed assistants are Inworld's access rules for its own
 * keys; a BYOK key is the provider's, used by Inworld's router server-side, so they do not apply to it.
 * The form shows those fields, and sends them, only when this is true.
 */
export function allowsAccessRules(kind: Kind): boolean {
  return kind !== 'byok';
}
