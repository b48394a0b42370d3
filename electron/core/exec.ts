/**
 * `keydeck exec`: runs a command with credentials in its environment. Secrets travel only in the
 * child's environment block: never in argv (ours or the child's), and in a file only when asked
 * (`--google-credentials-file`: a 0600 key file for Google's client libraries, removed when the child
 * exits). A Vertex AI key also hands the child a short-lived access token. By default the child's
 * stdout and stderr are piped through a masker that replaces any secret value it prints.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { KeydeckError } from '../../shared/errors.js';
import type { Credential } from '../../shared/domain.js';
import { credentialHandOff } from './exec-env.js';
import type { CredentialService } from './credential-service.js';
import { decodedBasic } from './scan/needles.js';

export const PROJECT_FILE = '.keydeck';

const projectFileSchema = z.strictObject({
  credentials: z.array(z.string().min(1).max(1024)).max(64).default([]),
  workspace: z.string().min(1).max(128).optional(),
});
export type ProjectFile = z.infer<typeof projectFileSchema>;

/** The nearest `.keydeck` file from `dir` upward (a folder of that name is not one), parsed. */
export function findProjectFile(dir: string): { path: string; config: ProjectFile } | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    const p = path.join(cur, PROJECT_FILE);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch {
      st = undefined;
    }
    if (st?.isFile()) return { path: p, config: readProjectFile(p) };
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

function readProjectFile(p: string): ProjectFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (err) {
    throw new KeydeckError(
      'INVALID_PROJECT_FILE',
      `${p} is not valid JSON (${(err as Error).message.split('\n')[0]!.slice(0, 120)}). Expected {"credentials": ["name", …], "workspace": "…"}.`,
    );
  }
  const r = projectFileSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new KeydeckError(
      'INVALID_PROJECT_FILE',
      `${p}: ${i.path.map(String).join('.') || 'top level'}: ${i.message}`,
    );
  }
  return r.data;
}

/** The text of a `.keydeck` file naming these credentials (for the app's "Save to project folder"). */
export function projectFileText(credentials: string[], workspace?: string): string {
  return JSON.stringify({ credentials, ...(workspace ? { workspace } : {}) }, null, 2) + '\n';
}

const shq = (s: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The "Copy command" text for a project folder: a `keydeck exec` line that holds names only, never a
 * secret, so it is safe to paste into shell history or a README.
 */
export function execCommandLine(opts: { credentials?: string[]; workspace?: string; command: string[] }): string {
  const parts = ['keydeck', 'exec'];
  for (const c of opts.credentials ?? []) parts.push('--cred', shq(c));
  if (opts.workspace) parts.push('--workspace', shq(opts.workspace));
  parts.push('--', ...opts.command.map(shq));
  return parts.join(' ');
}

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

export { GOOGLE_ADC_ENV } from './exec-env.js';

/**
 * Resolves which credentials to inject (`--cred` names, else the nearest `.keydeck` file) and reads
 * their active secrets, recording one use each. Two credentials that set the same variable are refused.
 */
export async function resolveExecEnv(
  credentials: CredentialService,
  opts: { names?: string[]; workspace?: string; cwd?: string; googleCredentialsFile?: boolean },
): Promise<ExecEnv> {
  let names = opts.names ?? [];
  let workspace = opts.workspace;
  let projectFile: string | undefined;
  const found = findProjectFile(opts.cwd ?? process.cwd());
  if (found) {
    if (!names.length) {
      names = found.config.credentials;
      projectFile = found.path;
    }
    workspace ??= found.config.workspace;
  }
  if (!names.length) {
    throw new KeydeckError(
      'INVALID_INPUT',
      `No credentials to inject: name them with --cred NAME, or list them in a ${PROJECT_FILE} file ({"credentials": ["name"]}) in this folder or above.`,
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

/**
 * Replaces secret values in a byte stream. A secret split across chunks is still caught: the masker
 * holds back only the trailing bytes that could begin a secret, and releases them with the next chunk
 * (or at the end). Secrets shorter than 4 bytes are not masked (they would mangle ordinary output).
 */
export class Masker {
  private readonly needles: { bytes: Buffer; label: Buffer }[];
  private carry: Buffer = Buffer.alloc(0);

  constructor(secrets: { name: string; value: string }[]) {
    const byValue = new Map<string, string>();
    for (const s of secrets) if (Buffer.byteLength(s.value) >= 4) byValue.set(s.value, s.name);
    this.needles = [...byValue]
      .map(([value, name]) => ({ bytes: Buffer.from(value), label: Buffer.from(`[masked:${name}]`) }))
      .sort((a, b) => b.bytes.length - a.bytes.length);
  }

  /** Masks one chunk; returns what can be written now. */
  push(chunk: Buffer): Buffer {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    if (!this.needles.length) return buf;
    const parts: Buffer[] = [];
    let pos = 0;
    for (;;) {
      let best = -1;
      let which = -1;
      for (let i = 0; i < this.needles.length; i++) {
        const at = buf.indexOf(this.needles[i]!.bytes, pos);
        // Needles are sorted longest first, so on a tie the longer one wins.
        if (at >= 0 && (best < 0 || at < best)) {
          best = at;
          which = i;
        }
      }
      if (best < 0) break;
      parts.push(buf.subarray(pos, best), this.needles[which]!.label);
      pos = best + this.needles[which]!.bytes.length;
    }
    const hold = this.partialTail(buf, pos);
    parts.push(buf.subarray(pos, buf.length - hold));
    this.carry = Buffer.from(buf.subarray(buf.length - hold));
    return Buffer.concat(parts);
  }

  /** The rest, at the end of the stream: a held prefix is not a secret and is released as is. */
  flush(): Buffer {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    return rest;
  }

  /** Length of the longest suffix of buf[from..] that is a proper prefix of some secret. */
  private partialTail(buf: Buffer, from: number): number {
    let best = 0;
    for (const { bytes } of this.needles) {
      const max = Math.min(bytes.length - 1, buf.length - from);
      for (let k = max; k > best; k--) {
        if (buf.compare(bytes, 0, k, buf.length - k, buf.length) === 0) {
          best = k;
          break;
        }
      }
    }
    return best;
  }
}

export interface RunOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  secrets: { name: string; value: string }[];
  mask: boolean;
  cwd?: string;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Base environment; defaults to this process's. */
  baseEnv?: NodeJS.ProcessEnv;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The exit code to hand on: the child's, or 128 + n when signal n killed it. */
  exitCode: number;
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * Runs the child with the extra variables. stdin is inherited; stdout/stderr are inherited with
 * `mask: false`, else piped through a `Masker`. Signals sent to us are forwarded to the child.
 */
export function runWithSecrets(opts: RunOptions): Promise<RunResult> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(opts.command, opts.args, {
        cwd: opts.cwd,
        env: { ...(opts.baseEnv ?? process.env), ...opts.env },
        stdio: ['inherit', opts.mask ? 'pipe' : 'inherit', opts.mask ? 'pipe' : 'inherit'],
      });
    } catch (err) {
      reject(spawnError(opts.command, err));
      return;
    }
    const handlers = FORWARDED.map((sig) => {
      const h = () => {
        child.kill(sig);
      };
      process.on(sig, h);
      return [sig, h] as const;
    });
    const done = () => {
      for (const [sig, h] of handlers) process.off(sig, h);
    };
    let pending = 0;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const finish = () => {
      if (!exited || pending) return;
      done();
      const { code, signal } = exited;
      const n = signal ? (os.constants.signals[signal] ?? 0) : 0;
      resolve({ code, signal, exitCode: signal ? 128 + n : (code ?? 1) });
    };
    const pipe = (from: NodeJS.ReadableStream | null, to: NodeJS.WritableStream) => {
      if (!from) return;
      pending++;
      const m = new Masker(opts.secrets);
      // Our reader went away (`keydeck exec -- cmd | head`): stop reading so the child sees a closed pipe.
      to.on('error', () => (from as NodeJS.ReadableStream & { destroy(): void }).destroy());
      from.on('data', (c: Buffer) => {
        const out = m.push(c);
        if (out.length) to.write(out);
      });
      from.on('end', () => {
        const rest = m.flush();
        if (rest.length) to.write(rest);
      });
      from.on('close', () => {
        pending--;
        finish();
      });
    };
    if (opts.mask) {
      pipe(child.stdout, stdout);
      pipe(child.stderr, stderr);
    }
    child.on('error', (err) => {
      done();
      reject(spawnError(opts.command, err));
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      finish();
    });
  });
}

function spawnError(command: string, err: unknown): KeydeckError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new KeydeckError('COMMAND_NOT_FOUND', `Command not found: ${command.slice(0, 200)}`);
  if (code === 'EACCES')
    return new KeydeckError('COMMAND_NOT_FOUND', `Permission denied running ${command.slice(0, 200)}`);
  return new KeydeckError(
    'EXEC_FAILED',
    `Could not start ${command.slice(0, 200)}: ${String((err as Error)?.message ?? err).slice(0, 200)}`,
  );
}
