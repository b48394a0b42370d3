/**
 * Resolving references (issue 16 §1) all or nothing: every reference is checked, each credential's
 * secret is read once (one recorded use, action 'read'), and if any fails nothing is returned: one
 * error lists each failure with where it was (a variable, a placeholder) and the reference.
 */
import { KeydeckError, isKeydeckError } from '../../../shared/errors.js';
import type { Credential } from '../../../shared/domain.js';
import type { CredentialService } from '../credential-service.js';
import { authHeader, effectiveBaseUrl, formContext } from '../format.js';
import { decodedBasic } from '../scan/needles.js';
import { parseReference, type Reference, type ReferenceField } from './reference.js';

export interface ReferenceRequest {
  /** Where the reference was found, for errors: `OPENAI_API_KEY at .env:3`, `app.tmpl:4:12`. */
  where: string;
  /** The reference's text (`keydeck://OpenAI/header`) or an already parsed one. */
  ref: string | Reference;
}

export interface ResolvedReferences {
  /** One value per request, in order. Secrets: never print them. */
  values: string[];
  /** Every secret form handed out, to mask, with the credential name shown in place of each. */
  secrets: { name: string; value: string }[];
  /** The credentials used (one entry each). */
  credentials: { name: string; workspace: string | undefined; version: number | undefined }[];
}

/** The fields that carry (part of) the secret: reading them reads the keychain. */
const SECRET_FIELDS: readonly ReferenceField[] = ['secret', 'header', 'key_id', 'key_secret'];

interface Target {
  /** Absent when the lookup failed (then `error` says why). */
  cred?: Credential;
  secret?: string;
  version?: number;
  error?: string;
}

/**
 * Resolves references against the catalog and keychain. `workspace` is the default for references
 * that name none (else the active workspace).
 */
export async function resolveReferences(
  credentials: CredentialService,
  refs: readonly ReferenceRequest[],
  opts: { workspace?: string; action?: string } = {},
): Promise<ResolvedReferences> {
  const failures: string[] = [];
  const fail = (r: ReferenceRequest, why: string) => {
    const text = typeof r.ref === 'string' ? r.ref : '';
    failures.push(`${r.where}${text ? ` (${text.slice(0, 200)})` : ''}: ${why}`);
  };
  const targets = new Map<string, Target>();
  const byId = new Map<string, Target>();
  const wsOf = (ref: Reference) => ref.workspace ?? opts.workspace;
  const jobs: { req: ReferenceRequest; ref: Reference; target: Target }[] = [];
  for (const req of refs) {
    let ref: Reference;
    try {
      ref = typeof req.ref === 'string' ? parseReference(req.ref) : req.ref;
    } catch (err) {
      fail(req, messageOf(err));
      continue;
    }
    const key = `${wsOf(ref) ?? ''}\u0000${ref.credential}`;
    let target = targets.get(key);
    if (!target) {
      try {
        const cred = credentials.get(ref.credential, wsOf(ref));
        // The same credential named two ways (with and without its workspace) is still read once.
        target = byId.get(cred.id) ?? { cred };
        byId.set(cred.id, target);
      } catch (err) {
        target = { error: messageOf(err) };
      }
      targets.set(key, target);
    }
    const why = target.cred ? fieldProblem(target.cred, ref.field) : target.error;
    if (why) fail(req, why);
    jobs.push({ req, ref, target });
  }
  // Everything the catalog can tell was checked above; no secret is read unless all of it passed.
  if (failures.length) throw unresolved(failures);
  for (const { ref, target } of jobs) {
    if (target.secret !== undefined || target.error || !SECRET_FIELDS.includes(ref.field)) continue;
    try {
      const use = await credentials.readSecret(target.cred!.id, {
        workspace: wsOf(ref),
        action: opts.action ?? 'read',
      });
      target.secret = use.secret;
      target.version = use.version;
    } catch (err) {
      target.error = messageOf(err);
    }
  }
  const values: string[] = [];
  const masked = new Map<string, string>();
  for (const [i, { req, ref, target }] of jobs.entries()) {
    if (target.error) {
      fail(req, target.error);
      continue;
    }
    try {
      const v = await fieldValue(target.cred!, target.secret, ref.field);
      values[i] = v.value;
      for (const s of v.secrets) masked.set(s, target.cred!.name);
    } catch (err) {
      fail(req, messageOf(err));
    }
  }
  if (failures.length) throw unresolved(failures);
  const used = new Map<string, ResolvedReferences['credentials'][number]>();
  for (const { ref, target } of jobs) {
    used.set(target.cred!.id, { name: target.cred!.name, workspace: wsOf(ref), version: target.version });
  }
  return {
    values,
    secrets: [...masked].map(([value, name]) => ({ name, value })),
    credentials: [...used.values()],
  };
}

function unresolved(failures: string[]): KeydeckError {
  const head =
    failures.length === 1 ? 'A reference could not be resolved' : `${failures.length} references could not be resolved`;
  return new KeydeckError(
    'UNRESOLVED_REFERENCE',
    `${head}, so nothing was used:\n  ${failures.join('\n  ')}`,
    undefined,
    failures.map((message) => ({ message })),
  );
}

/** Why a credential has no such field, from its metadata alone (no keychain read), or undefined. */
function fieldProblem(cred: Credential, field: ReferenceField): string | undefined {
  if (field === 'base_url' && !effectiveBaseUrl(cred)) {
    return `"${cred.name}" has no base URL (set one with keydeck add --base-url).`;
  }
  if ((field === 'key_id' || field === 'key_secret') && cred.authScheme !== 'basic') {
    return `"${cred.name}" is not a Basic credential (key:secret), so it has no ${field}; use /secret or /header.`;
  }
  return undefined;
}

/** One field's value and the secret forms it exposes (to mask). Field rules come from core/format.ts. */
async function fieldValue(
  cred: Credential,
  stored: string | undefined,
  field: ReferenceField,
): Promise<{ value: string; secrets: string[] }> {
  switch (field) {
    case 'env_var':
      return { value: cred.envVar, secrets: [] };
    case 'base_url':
      return { value: effectiveBaseUrl(cred), secrets: [] };
    default:
      break;
  }
  const secret = stored!;
  const forms = secretForms(secret);
  if (field === 'secret') return { value: secret, secrets: forms };
  if (field === 'header') {
    const ctx = await formContext(cred, secret, 'header');
    const sent = ctx.accessToken ?? secret;
    const value = authHeader(cred, sent).value;
    return { value, secrets: [...forms, ...(ctx.accessToken ? [ctx.accessToken] : []), value] };
  }
  const basic = decodedBasic(secret);
  if (!basic) {
    throw new KeydeckError('NOT_BASIC_CREDENTIAL', `"${cred.name}" does not hold a Base64 key:secret pair.`);
  }
  const idx = basic.indexOf(':');
  return field === 'key_id'
    ? { value: basic.slice(0, idx), secrets: forms }
    : { value: basic.slice(idx + 1), secrets: forms };
}

/** The stored secret and, for a Basic credential, its decoded `key:secret` and secret half. */
function secretForms(secret: string): string[] {
  const out = [secret];
  const basic = decodedBasic(secret);
  if (basic) {
    out.push(basic);
    const pass = basic.slice(basic.indexOf(':') + 1);
    if (pass.length >= 8) out.push(pass);
  }
  return out;
}

function messageOf(err: unknown): string {
  if (isKeydeckError(err)) return err.message;
  return 'unexpected failure';
}
