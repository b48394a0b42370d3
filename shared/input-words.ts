/**
 * A schema's complaints in words a person reads: "Tags: each is at most 200 characters." rather than
 * "tags.3: Too big: expected string to have <=200 characters". Used where a request's input is checked
 * (main's IPC parse and the core's), so a form shows every problem beside its field at once.
 */
import type { InputIssue } from './errors.js';

/** What the add/edit form calls each input field. */
const LABELS: Record<string, string> = {
  name: 'Name',
  kind: 'Kind',
  audience: 'Audience',
  provider: 'Provider',
  authScheme: 'Auth',
  envVar: 'Env var',
  baseUrl: 'Base URL',
  scopes: 'Scopes',
  writePermissions: 'Write permissions',
  allowedOrigins: 'Allowed origins',
  allowedAssistants: 'Allowed assistants',
  tags: 'Tags',
  note: 'Note',
  expiresAt: 'Expires',
  clipboardClearSeconds: 'Clear clipboard after',
  rotationPolicyDays: 'Rotation policy',
  rotationOverlapHours: 'Rotation overlap',
  validationTimeoutSeconds: 'Validation timeout',
  globalBaseUrl: 'Global base URL',
};

/** The part of a zod issue these words need (zod 4). */
export interface SchemaIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  origin?: string;
  values?: unknown[];
}

function sentence(s: string): string {
  const t = s.trim();
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
}

/** One issue in words; `path` is relative to the input object (no `input.`/`patch.` prefix). */
export function describeIssue(i: SchemaIssue): InputIssue {
  const key = typeof i.path[0] === 'string' ? i.path[0] : undefined;
  const label = (key && LABELS[key]) ?? (key ? key : 'This value');
  const item = i.path.length > 1 && typeof i.path[1] === 'number';
  const field = key;
  const n = (v: number | bigint | undefined) => String(v ?? '');
  let message: string;
  switch (i.code) {
    case 'too_big':
      message =
        i.origin === 'array'
          ? `${label}: at most ${n(i.maximum)} items.`
          : i.origin === 'string'
            ? `${label}: ${item ? 'each is at most' : 'at most'} ${n(i.maximum)} characters.`
            : `${label} is at most ${n(i.maximum)}.`;
      break;
    case 'too_small':
      message =
        i.origin === 'string' && Number(i.minimum) <= 1
          ? `${label} is empty.`
          : i.origin === 'array'
            ? `${label}: at least ${n(i.minimum)} items.`
            : `${label} is at least ${n(i.minimum)}.`;
      break;
    case 'invalid_value':
      message = `${label} must be one of ${(i.values ?? []).map(String).join(', ')}.`;
      break;
    case 'invalid_type':
      message = `${label} is missing or of the wrong type.`;
      break;
    case 'unrecognized_keys':
      message = `Unknown field in the request.`;
      break;
    default:
      // Custom rules (env var names, auth schemes) carry their own wording.
      message = `${label}: ${sentence(i.message).replace(/^./, (c) => c.toLowerCase())}`;
  }
  return field ? { field, message: sentence(message) } : { message: sentence(message) };
}

/** Every issue in words, each field once (its first problem). */
export function describeIssues(issues: readonly SchemaIssue[], strip = 0): InputIssue[] {
  const out: InputIssue[] = [];
  const seen = new Set<string>();
  for (const raw of issues) {
    const d = describeIssue({ ...raw, path: raw.path.slice(strip) });
    const k = d.field ?? '';
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}
