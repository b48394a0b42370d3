/**
 * What both ways of running a child share: finding the program (a clear error, 127 like shells), handing
 * on each signal sent to us exactly once, and the exit status it reports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KeydeckError } from '../../../shared/errors.js';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The exit code to hand on: the child's, or 128 + n when signal n killed it. */
  exitCode: number;
}

/** Signals sent to `keydeck` that the child gets (once each). SIGWINCH becomes a pty resize instead. */
export const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * Hands each of `signals` sent to this process on to the child, once per delivery; returns the undo.
 * The caller makes sure the child does not get the same delivery by another road (its own session, so a
 * signal to our process group or from our terminal does not reach it directly).
 */
export function forwardSignals(send: (sig: NodeJS.Signals) => void, signals: NodeJS.Signals[] = FORWARDED): () => void {
  const handlers = signals.map((sig) => {
    const h = () => send(sig);
    process.on(sig, h);
    return [sig, h] as const;
  });
  return () => {
    for (const [sig, h] of handlers) process.off(sig, h);
  };
}

export function exitResult(code: number | null, signal: NodeJS.Signals | number | null | undefined): RunResult {
  const n = typeof signal === 'number' ? signal : signal ? (os.constants.signals[signal] ?? 0) : 0;
  const name = n
    ? ((Object.entries(os.constants.signals).find(([, v]) => v === n)?.[0] as NodeJS.Signals | undefined) ?? null)
    : null;
  return { code: n ? null : code, signal: name, exitCode: n ? 128 + n : (code ?? 1) };
}

/**
 * The program `command` names, as a shell would find it (a path, or the first match on PATH), so a missing
 * one is a clear error before anything starts. A pseudo-terminal's child cannot report that itself.
 */
export function resolveCommand(command: string, env: NodeJS.ProcessEnv, cwd: string): string {
  const candidates = command.includes('/')
    ? [path.resolve(cwd, command)]
    : (env.PATH ?? '/usr/local/bin:/usr/bin:/bin')
        .split(path.delimiter)
        .map((dir) => path.resolve(cwd, dir || '.', command));
  let denied: string | undefined;
  for (const file of candidates) {
    try {
      if (!fs.statSync(file).isFile()) continue;
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EACCES') denied ??= file;
    }
  }
  if (denied) throw spawnError(command, Object.assign(new Error('EACCES'), { code: 'EACCES' }));
  throw spawnError(command, Object.assign(new Error('ENOENT'), { code: 'ENOENT' }));
}

/** Exit statuses a shell uses when it cannot run a command. */
export const NOT_FOUND_EXIT = 127;
export const NOT_EXECUTABLE_EXIT = 126;

export function spawnError(command: string, err: unknown): KeydeckError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const shown = command.slice(0, 200);
  if (code === 'ENOENT') return new KeydeckError('COMMAND_NOT_FOUND', `Command not found: ${shown}`);
  if (code === 'EACCES') return new KeydeckError('COMMAND_NOT_EXECUTABLE', `Permission denied running ${shown}`);
  return new KeydeckError(
    'EXEC_FAILED',
    `Could not start ${shown}: ${String((err as Error)?.message ?? err).slice(0, 200)}`,
  );
}
