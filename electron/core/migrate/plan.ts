/**
 * The plan of an env-file import: for each variable, in file order, the provider detected and what
 * applying will do (create a credential, reference the one that already holds the value, or leave a
 * value that is not a secret). The plan holds no value: applying reads the file again (and refuses it
 * if it changed since the plan was made).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import type { Kind } from '../../../shared/domain.js';
import type { EnvImportItem, EnvImportPlan } from '../../../shared/migrate.js';
import { PROVIDER_DESCRIPTORS, isByokProvider, type ProviderId } from '../../../shared/providers.js';
import type { CoreParts } from '../core-parts.js';
import { prepare } from '../credentials/create.js';
import { displayPrefix, fingerprint } from '../display.js';
import { byokHolder } from '../rules.js';
import { gitFileState } from '../scan/git.js';
import { detect } from './detect.js';
import { parseEnvFile, type EnvEntry } from '../env-file.js';
import { formatReference } from '../refs/reference.js';
import { envLayout, type EnvLayout } from './env-spans.js';

/** Larger than this is not a `.env` file a person keeps. */
export const MAX_ENV_BYTES = 4 * 1024 * 1024;

const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The file's text and hash; refuses a folder, a symlink (rewriting would replace the link) and a huge file. */
export function readEnvFile(file: string): { file: string; text: string; hash: string; mode: number } {
  const abs = path.resolve(file);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KeydeckError(
      'PATH_NOT_FOUND',
      code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file}: ${code ?? 'error'}`,
    );
  }
  if (st.isSymbolicLink()) {
    throw new KeydeckError('INVALID_INPUT', `${file} is a symbolic link; import the file it points to.`);
  }
  if (!st.isFile()) throw new KeydeckError('INVALID_INPUT', `${file} is not a file.`);
  if (st.size > MAX_ENV_BYTES) {
    throw new KeydeckError(
      'INVALID_INPUT',
      `${file} is larger than ${MAX_ENV_BYTES / 1024 / 1024} MB; not an env file.`,
    );
  }
  const buf = fs.readFileSync(abs);
  return {
    file: abs,
    text: buf.toString('utf8'),
    hash: createHash('sha256').update(buf).digest('hex'),
    mode: st.mode & 0o7777,
  };
}

/**
 * The file's entries (by the shared dotenv grammar, which refuses duplicates and unclosed quotes with
 * the line) and where each sits, for the rewrite. The two must agree on every variable.
 */
export function readEntries(file: string, text: string): { entries: EnvEntry[]; layout: EnvLayout } {
  const entries = parseEnvFile(text, { file });
  const layout = envLayout(text);
  const same =
    layout.spans.length === entries.length &&
    entries.every((e, i) => e.key === layout.spans[i]!.variable && e.line === layout.spans[i]!.first + 1);
  if (!same) {
    throw new KeydeckError(
      'INVALID_ENV_FILE',
      `${file}: the file's layout could not be read line by line; nothing was imported.`,
    );
  }
  return { entries, layout };
}

interface Planned {
  name: string;
  workspace: string;
  reference: string;
}

function proposedName(provider: ProviderId, variable: string, taken: Set<string>): string {
  const base = provider === 'custom' ? variable : PROVIDER_DESCRIPTORS[provider].displayName;
  const tries = [base, `${base} (${variable})`];
  for (let n = 2; ; n++) {
    const name = tries.shift() ?? `${base} (${variable}) ${n}`;
    if (!taken.has(name)) return name;
  }
}

/** The import plan of `file`: nothing is written. */
export async function planEnvImport(
  core: CoreParts,
  file: string,
  opts: { workspace?: string } = {},
): Promise<EnvImportPlan> {
  const src = readEnvFile(file);
  const { entries } = readEntries(src.file, src.text);
  const ws = core.workspaces.resolve(opts.workspace);
  // The value's fingerprint → the credential of this workspace whose active version holds it. Only this
  // workspace: a project file names credentials of the one workspace it declares (issue 16 §5).
  const inWs = core.credentials.list({ workspace: ws.id });
  const byFp = new Map(inWs.map((c) => [c.fingerprint, c]));
  const taken = new Set(inWs.map((c) => c.name));
  const plannedByFp = new Map<string, Planned>();
  const plannedByok = new Map<ProviderId, string>();
  const items: EnvImportItem[] = [];
  const warnings: string[] = [];

  for (const entry of entries) {
    const base = { variable: entry.key, line: entry.line };
    const d = detect(entry.key, entry.value);
    if (!d.secret) {
      items.push({ ...base, action: 'leave', reason: `not a secret: ${d.reason}` });
      continue;
    }
    const provider = d.provider;
    const desc = PROVIDER_DESCRIPTORS[provider];
    let value: string;
    try {
      value = prepare(provider, desc.authScheme, entry.value).value;
    } catch (err) {
      items.push({
        ...base,
        action: 'leave',
        provider,
        ...(d.detectedBy ? { detectedBy: d.detectedBy } : {}),
        reason: `cannot be stored as ${desc.displayName} key: ${(err as Error).message}`,
      });
      continue;
    }
    const fp = fingerprint(value);
    const found = { provider, ...(d.detectedBy ? { detectedBy: d.detectedBy } : {}), preview: displayPrefix(value) };
    const storedCred = byFp.get(fp);
    if (storedCred) {
      items.push({
        ...base,
        ...found,
        action: 'reference',
        credential: storedCred.name,
        workspace: ws.name,
        reference: formatReference({ workspace: ws.name, credential: storedCred.name }),
        reason: `already stored as "${storedCred.name}"`,
      });
      continue;
    }
    const twin = plannedByFp.get(fp);
    if (twin) {
      items.push({
        ...base,
        ...found,
        action: 'reference',
        credential: twin.name,
        workspace: twin.workspace,
        reference: twin.reference,
        reason: `same value as "${twin.name}" above`,
      });
      continue;
    }
    // The one BYOK rule (rules.ts): a workspace holds one BYOK key per provider. A second key of that
    // provider is kept as a standard credential of the same provider.
    let kind: Kind = isByokProvider(provider) ? 'byok' : 'standard';
    let reason = `new ${kind === 'byok' ? 'BYOK' : 'standard'} credential`;
    if (kind === 'byok') {
      const holder = byokHolder(inWs, ws.id, 'byok', provider)?.name ?? plannedByok.get(provider);
      if (holder) {
        kind = 'standard';
        reason = `new standard credential: "${holder}" already holds this workspace's one BYOK ${desc.displayName} key`;
        warnings.push(`${entry.key}: a second ${desc.displayName} key; it is stored as a standard credential.`);
      }
    }
    const name = proposedName(provider, entry.key, taken);
    taken.add(name);
    if (kind === 'byok') plannedByok.set(provider, name);
    const planned = { name, workspace: ws.name, reference: formatReference({ workspace: ws.name, credential: name }) };
    plannedByFp.set(fp, planned);
    items.push({
      ...base,
      ...found,
      action: 'create',
      credential: name,
      workspace: ws.name,
      kind,
      reference: planned.reference,
      reason,
    });
  }

  const secrets = items.filter((i) => i.action !== 'leave').length;
  // Only a file with secrets needs to know about git (one process start less for the rest).
  const git = secrets ? await gitFileState(src.file) : undefined;
  if (git?.tracked && secrets) {
    warnings.push(
      `git tracks ${path.basename(src.file)}: its history still holds the values after this import. Rotate the keys and stop tracking the file (git rm --cached).`,
    );
  }
  return {
    file: src.file,
    workspace: ws.name,
    fileHash: src.hash,
    items,
    secrets,
    ...(git ? { git } : {}),
    warnings,
  };
}

/** A plan's summary for envVar: the variable's own name when it is a valid env var name. */
export function envVarFor(variable: string): string | undefined {
  return ENV_VAR.test(variable) ? variable : undefined;
}
