/**
 * A backup is a request from a stranger: before anything of it is merged, each item passes the rules
 * `add` and `update` apply (the same functions, from `../rules.ts` and `../secret-input.ts`), and each
 * secret must be the one its metadata describes. An item that fails is skipped with its reason; the
 * rest of the backup still imports.
 */
import { KeydeckError } from '../../../shared/errors.js';
import { LIMITS, type Credential } from '../../../shared/domain.js';
import { fingerprint } from '../display.js';
import {
  assertPublicHasOrigin,
  checkBaseUrl,
  checkKindProvider,
  checkOrigins,
  checkWritePermissions,
  cleanList,
  normalizeName,
} from '../rules.js';
import { prepareSecret } from '../secret-input.js';

/**
 * A secret from a backup, checked as `add` checks a pasted one: at most 16 KiB, no whitespace around
 * it, and no whitespace or control character inside (a newline in a header credential would inject a
 * second header); JSON key files keep theirs. Returns a reason code, or throws.
 */
export function checkImportedSecret(provider: Credential['provider'], secret: string): void {
  if (Buffer.byteLength(secret, 'utf8') > LIMITS.secretBytes) {
    throw new KeydeckError('SECRET_TOO_LARGE', `its secret is larger than ${LIMITS.secretBytes / 1024} KiB`);
  }
  const { value } = prepareSecret(secret, { json: provider === 'google-vertex' });
  if (value !== secret) throw new KeydeckError('INVALID_SECRET', 'its secret has whitespace around it');
}

/**
 * Checks one credential of a backup and returns it normalised as `add` would store it (a copy), with
 * the secrets of its versions. A version whose secret the backup lacks stays metadata only (as the
 * export reported it); a secret that does not match its version's fingerprint refuses the credential.
 */
export function checkImportedCredential(c: Credential, secretOf: (version: number) => string | undefined): Credential {
  const next: Credential = structuredClone(c);
  next.name = normalizeName(c.name);
  checkKindProvider(c.kind, c.provider);
  next.writePermissions = checkWritePermissions(c.kind, c.provider, c.writePermissions);
  if (c.baseUrl !== undefined) next.baseUrl = checkBaseUrl(c.baseUrl);
  next.allowedOrigins = checkOrigins(c.allowedOrigins);
  assertPublicHasOrigin(next.audience, next.allowedOrigins);
  next.scopes = cleanList(c.scopes, 'scope');
  next.allowedAssistants = cleanList(c.allowedAssistants, 'assistant id');
  next.tags = cleanList(c.tags, 'tag');
  const versions = new Set<number>();
  for (const v of c.versions) {
    if (versions.has(v.version)) throw new KeydeckError('BACKUP_INVALID', `version ${v.version} appears twice`);
    versions.add(v.version);
    const secret = secretOf(v.version);
    if (secret === undefined) continue;
    checkImportedSecret(c.provider, secret);
    if (fingerprint(secret) !== v.fingerprint) {
      throw new KeydeckError(
        'FINGERPRINT_MISMATCH',
        `the secret of version ${v.version} does not match its fingerprint (the backup was altered)`,
      );
    }
  }
  return next;
}

/** A kind never changes for an existing id (a realtime key does not turn standard through an import). */
export function assertSameKind(existing: Credential, incoming: Credential): void {
  if (existing.kind !== incoming.kind) {
    throw new KeydeckError(
      'KIND_CHANGE',
      `it is a ${existing.kind} key here and ${incoming.kind} in the backup; a kind never changes`,
    );
  }
}
