/**
 * Which credentials a child gets and what it sees of them: `--cred` names, else the nearest allowed
 * `.keydeck` file; each one's active secret read once (a recorded use), handed off as env vars (./hand-off.ts), and
 * listed with every form it may be printed in, for the masker.
 */
import { KeydeckError } from '../../../shared/errors.js';
import type { Credential } from '../../../shared/domain.js';
import type { CredentialService } from '../credential-service.js';
import { decodedBasic } from '../scan/needles.js';
import { credentialHandOff } from './hand-off.js';
import type { TrustService } from '../trust/index.js';
import { PROJECT_FILE, findProjectFile, ignoredProjectFileAbove } from './project-file.js';

const sameName = (a: string, b: string) => a.normalize('NFC').trim() === b.normalize('NFC').trim();

export interface ExecEnv {
  /** Variables to add to the child's environment (values are secrets: never print them). */
  env: Record<string, string>;
  /** What to mask, with the credential name shown in place of each. */
  secrets: { name: string; value: string }[];
  credentials: { name: string; envVar: string; version: number }[];
  projectFile?: string;
  /** Removes any key file written for the child; call it when the child has exited. */
  cleanup(): void;
}

/**
 * Resolves which credentials to inject and reads their active secrets, recording one use each. Two
 * credentials that set the same variable are refused.
 *
 * `--cred` names resolve in `--workspace`, else the active workspace: a project file is not consulted
 * then and never changes that. Without `--cred`, the nearest `.keydeck` (./project-file.ts) is used
 * only when the user allowed its exact content (../trust), and its names resolve in its workspace (the
 * declared one, else the one recorded when it was allowed): nothing of a new or changed file is used.
 */
export async function resolveExecEnv(
  credentials: CredentialService,
  opts: {
    trust: Pick<TrustService, 'require'>;
    names?: string[];
    workspace?: string;
    cwd?: string;
    googleCredentialsFile?: boolean;
  },
): Promise<ExecEnv> {
  let names = opts.names ?? [];
  let workspace = opts.workspace;
  let projectFile: string | undefined;
  if (!names.length) {
    const found = findProjectFile(opts.cwd ?? process.cwd());
    if (found) {
      const record = opts.trust.require(found.path, {
        text: found.text,
        kind: 'project',
        credentials: found.config.credentials,
        ...(found.config.workspace ? { workspace: found.config.workspace } : {}),
      });
      if (workspace !== undefined && record.workspace !== undefined && !sameName(workspace, record.workspace)) {
        throw new KeydeckError(
          'INVALID_INPUT',
          `${found.path} names credentials of workspace "${record.workspace}", not "${workspace}". Drop --workspace, or name credentials with --cred.`,
        );
      }
      names = found.config.credentials;
      workspace = record.workspace;
      projectFile = found.path;
    }
  }
  if (!names.length) {
    const above = ignoredProjectFileAbove(opts.cwd ?? process.cwd());
    throw new KeydeckError(
      'INVALID_INPUT',
      `No credentials to inject: name them with --cred NAME, or list them in a ${PROJECT_FILE} file ({"credentials": ["name"], "workspace": "…"}) in this folder or above it up to the repository root, and allow it with \`keydeck allow\`.` +
        (above
          ? ` (${above} is not used: it is above the repository root, or outside a repository above this folder.)`
          : ''),
    );
  }
  const removers: (() => void)[] = [];
  const cleanup = () => {
    for (const r of removers.splice(0)) r();
  };
  const out: ExecEnv = { env: {}, secrets: [], credentials: [], cleanup, ...(projectFile ? { projectFile } : {}) };
  try {
    await collect(credentials, names, workspace, out, removers, opts.googleCredentialsFile === true);
  } catch (err) {
    cleanup();
    throw err;
  }
  return out;
}

async function collect(
  credentials: CredentialService,
  names: string[],
  workspace: string | undefined,
  out: ExecEnv,
  removers: (() => void)[],
  keyFile: boolean,
): Promise<void> {
  const setBy = new Map<string, string>();
  const seen = new Set<string>();
  for (const name of names) {
    const cred: Credential = credentials.get(name, workspace);
    if (seen.has(cred.id)) continue;
    seen.add(cred.id);
    const use = await credentials.readSecret(cred.id, { workspace, action: 'exec' });
    const handOff = await credentialHandOff(use.credential, use.secret, { keyFile });
    if (handOff.remove) removers.push(handOff.remove);
    const vars = handOff.vars;
    for (const [k, v] of Object.entries(vars)) {
      const prev = setBy.get(k);
      if (prev && out.env[k] !== v) {
        throw new KeydeckError('ENV_CONFLICT', `"${prev}" and "${cred.name}" both set ${k}. Inject only one of them.`);
      }
      setBy.set(k, cred.name);
      out.env[k] = v;
    }
    out.secrets.push({ name: cred.name, value: use.secret });
    for (const value of handOff.extraSecrets) out.secrets.push({ name: cred.name, value });
    // A Basic credential also leaks decoded: mask `key:secret` and the secret half too.
    const basic = decodedBasic(use.secret);
    if (basic) {
      out.secrets.push({ name: cred.name, value: basic });
      const pass = basic.slice(basic.indexOf(':') + 1);
      if (pass.length >= 8) out.secrets.push({ name: cred.name, value: pass });
    }
    out.credentials.push({ name: cred.name, envVar: cred.envVar, version: use.version });
  }
}
