/**
 * What `keydeck run` hands its child (issue 16 §2): the variables of its env files (later files
 * override earlier ones, as `op run` does), every `keydeck://` reference in them resolved all or
 * nothing, plain values as they are, and the project's keys (`--cred`, else an allowed `.keydeck`)
 * through the same code `exec` uses (../exec/env.ts). An env file that holds references acts only once
 * the user allowed it (../trust). One failure anywhere and the caller gets an error, never a partial env.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';
import type { CredentialService } from '../credential-service.js';
import { parseEnvFile } from '../env-file.js';
import { findProjectFile } from '../exec/project-file.js';
import { resolveExecEnv, type ExecEnv } from '../exec/env.js';
import type { TrustService } from '../trust/index.js';
import { findReferences } from './reference.js';
import { resolveReferences, type ReferenceRequest } from './resolve.js';

/**
 * What `--no-inherit-env` keeps of our own environment: where programs are, who and where the user
 * is, the terminal and the locale. Everything else the child gets comes from the env files and keys.
 */
export const BASIC_ENV = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TERM',
  'COLORTERM',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
] as const;

/** The largest env file read (a value is capped at 1 MiB by the grammar). */
const MAX_ENV_FILE_BYTES = 16 * 1024 * 1024;

export interface RunEnvOptions {
  trust: Pick<TrustService, 'require'>;
  /** Env files in order; relative paths are against `cwd`. */
  envFiles: string[];
  /** Our environment: the child's base (all of it, or BASIC_ENV with `inheritEnv: false`). */
  baseEnv: NodeJS.ProcessEnv;
  inheritEnv: boolean;
  /** `--cred` names; without them an allowed `.keydeck` adds its keys, when there is one. */
  names: string[];
  workspace?: string;
  cwd?: string;
  googleCredentialsFile?: boolean;
}

export interface RunEnv {
  /** The child's base environment (ours, or the basic part of it). */
  baseEnv: NodeJS.ProcessEnv;
  /** Variables set over the base: the files' and the keys' (values may be secrets: never print them). */
  env: Record<string, string>;
  /** What to mask, with the credential name shown in place of each. */
  secrets: { name: string; value: string }[];
  /** Removes any key file written for the child; call it when the child has exited. */
  cleanup(): void;
}

interface FileVar {
  value: string;
  where: string;
}

function readEnvFile(file: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new KeydeckError('PATH_NOT_FOUND', `The env file ${file} does not exist.`);
  }
  if (!st.isFile()) throw new KeydeckError('INVALID_INPUT', `${file} is not a file.`);
  if (st.size > MAX_ENV_FILE_BYTES) {
    throw new KeydeckError('INVALID_ENV_FILE', `${file} is larger than 16 MiB; nothing was read.`);
  }
  return fs.readFileSync(file, 'utf8');
}

/** Reads, checks and resolves everything the child gets; throws on the first failed step (all references are checked together). */
export async function resolveRunEnv(credentials: CredentialService, opts: RunEnvOptions): Promise<RunEnv> {
  const cwd = opts.cwd ?? process.cwd();
  const vars = new Map<string, FileVar>();
  for (const given of opts.envFiles) {
    const file = path.resolve(cwd, given);
    const text = readEnvFile(file);
    const entries = parseEnvFile(text, { file: given });
    const refs = [...new Set(entries.flatMap((e) => findReferences(e.value).map((r) => r.text)))];
    // References act only once the user allowed this exact file (issue 16 §5).
    if (refs.length) opts.trust.require(file, { text, kind: 'env-file', credentials: refs });
    // Later files override earlier ones.
    for (const e of entries) vars.set(e.key, { value: e.value, where: `${e.key} at ${given}:${e.line}` });
  }
  const requests: ReferenceRequest[] = [];
  const spans = new Map<string, ReturnType<typeof findReferences>>();
  for (const [key, v] of vars) {
    const found = findReferences(v.value);
    if (!found.length) continue;
    spans.set(key, found);
    for (const f of found) requests.push({ where: v.where, ref: f.text });
  }
  const wantsKeys = opts.names.length > 0 || !opts.envFiles.length || findProjectFile(cwd) !== undefined;
  if (!requests.length && !wantsKeys) {
    return { baseEnv: baseOf(opts), env: plain(vars), secrets: [], cleanup: () => undefined };
  }
  const resolved = requests.length
    ? await resolveReferences(credentials, requests, {
        ...(opts.workspace ? { workspace: opts.workspace } : {}),
        action: 'run',
      })
    : { values: [], secrets: [] };
  const env: Record<string, string> = {};
  let next = 0;
  for (const [key, v] of vars) {
    const found = spans.get(key);
    if (!found) {
      env[key] = v.value;
      continue;
    }
    let out = '';
    let at = 0;
    for (const f of found) {
      out += v.value.slice(at, f.start) + resolved.values[next++]!;
      at = f.end;
    }
    env[key] = out + v.value.slice(at);
  }
  let keys: ExecEnv | undefined;
  if (wantsKeys) {
    keys = await resolveExecEnv(credentials, {
      trust: opts.trust,
      names: opts.names,
      ...(opts.workspace ? { workspace: opts.workspace } : {}),
      cwd,
      googleCredentialsFile: opts.googleCredentialsFile === true,
    });
    for (const [k, value] of Object.entries(keys.env)) {
      if (k in env && env[k] !== value) {
        keys.cleanup();
        throw new KeydeckError(
          'ENV_CONFLICT',
          `${vars.get(k)?.where ?? k} and the credential keys both set ${k} to different values. Keep only one of them.`,
        );
      }
      env[k] = value;
    }
  }
  return {
    baseEnv: baseOf(opts),
    env,
    secrets: [...resolved.secrets, ...(keys?.secrets ?? [])],
    cleanup: () => keys?.cleanup(),
  };
}

function plain(vars: Map<string, FileVar>): Record<string, string> {
  return Object.fromEntries([...vars].map(([k, v]) => [k, v.value]));
}

function baseOf(opts: RunEnvOptions): NodeJS.ProcessEnv {
  if (opts.inheritEnv) return opts.baseEnv;
  const out: NodeJS.ProcessEnv = {};
  for (const k of BASIC_ENV) if (opts.baseEnv[k] !== undefined) out[k] = opts.baseEnv[k];
  return out;
}
