/**
 * Runs the child: the extra variables in its environment block only (never argv), stdin inherited,
 * stdout and stderr masked unless asked not to, our signals forwarded, its exit status handed on.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { KeydeckError } from '../../../shared/errors.js';
import { Masker } from './masker.js';

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
