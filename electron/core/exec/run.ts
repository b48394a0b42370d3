/**
 * Runs the child: the extra variables in its environment block only (never argv), its output masked
 * unless asked not to, each signal sent to us handed on exactly once, its own exit status handed back.
 *
 * Three ways, by where output goes:
 * - masked, stdout a terminal: a pseudo-terminal (./pty.ts), so the child keeps a terminal;
 * - masked, stdout not a terminal: pipes through the masker. The child gets a session of its own, so a
 *   terminal's Ctrl-C or a signal to our process group reaches it once, through us, not twice;
 * - `mask: false`: the child inherits our terminal and process group, so what the terminal sends (Ctrl-C,
 *   Ctrl-\, hang-up) reaches it directly and is not forwarded again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { MaskedOutput, SOCKET_PAIRS } from './masked-output.js';
import { FORWARDED, exitResult, forwardSignals, spawnError, type RunResult } from './child.js';
import { runInPty } from './pty.js';

export type { RunResult } from './child.js';

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
  /** Where a pty child's input comes from; defaults to this process's stdin. */
  stdin?: NodeJS.ReadableStream;
  /** 'auto' (default): a pseudo-terminal when masking and stdout is a terminal. */
  terminal?: 'auto' | 'pty' | 'pipe';
  /** In a pty, how long bytes that could begin a secret wait for the rest before being shown (ms). */
  holdMs?: number;
}

/** After the child exits, output still arriving is read until the pipes are quiet this long (ms)… */
const DRAIN_IDLE_MS = 50;
/** …and no longer than this: a background grandchild holding stdout does not keep us waiting. */
const DRAIN_MAX_MS = 1000;

export function runWithSecrets(opts: RunOptions): Promise<RunResult> {
  const stdout = opts.stdout ?? process.stdout;
  const env = { ...(opts.baseEnv ?? process.env), ...opts.env };
  const usePty =
    opts.mask &&
    (opts.terminal === 'pty' || ((opts.terminal ?? 'auto') === 'auto' && (stdout as { isTTY?: boolean }).isTTY));
  if (usePty) {
    return runInPty({
      command: opts.command,
      args: opts.args,
      env,
      cwd: opts.cwd ?? process.cwd(),
      secrets: opts.secrets,
      stdin: (opts.stdin ?? process.stdin) as Parameters<typeof runInPty>[0]['stdin'],
      stdout,
      holdMs: opts.holdMs ?? 40,
    });
  }
  return runPiped(opts, env, stdout, opts.stderr ?? process.stderr);
}

async function runPiped(
  opts: RunOptions,
  env: NodeJS.ProcessEnv,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<RunResult> {
  const masked = opts.mask && SOCKET_PAIRS;
  let exited: RunResult | undefined;
  let drainTimer: NodeJS.Timeout | undefined;
  let drainEnd = 0;
  const outputs: MaskedOutput[] = [];
  // Bounded drain: once the child has exited, stop when its outputs go quiet or DRAIN_MAX_MS has passed.
  const armDrain = () => {
    if (!exited) return;
    clearTimeout(drainTimer);
    const wait = Math.min(DRAIN_IDLE_MS, drainEnd - Date.now());
    drainTimer = setTimeout(() => outputs.forEach((o) => o.stop()), Math.max(0, wait));
  };
  const ends: Socket[] = [];
  if (masked) {
    for (const to of [stdout, stderr]) {
      const { output, child } = await MaskedOutput.open(opts.secrets, to, armDrain);
      outputs.push(output);
      ends.push(child);
    }
  }
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    const pipes = opts.mask ? 'pipe' : 'inherit';
    try {
      child = spawn(opts.command, opts.args, {
        cwd: opts.cwd,
        env,
        stdio: ['inherit', ends[0] ?? pipes, ends[1] ?? pipes],
        // Masked: a session of its own (signals come once, through us). Unmasked: our terminal's job.
        detached: opts.mask,
      });
    } catch (err) {
      outputs.forEach((o) => o.stop());
      reject(spawnError(opts.command, err));
      return;
    } finally {
      // The child has its own copies; ours would keep its outputs from ever ending.
      ends.forEach((e) => e.destroy());
    }
    // Unmasked, the child is in our terminal's foreground job: Ctrl-C, Ctrl-\ and a hang-up reach it
    // from the terminal, so only the others are handed on.
    const unforward = forwardSignals(
      (sig) => child.kill(sig),
      opts.mask || !process.stdin.isTTY ? FORWARDED : ['SIGTERM', 'SIGUSR1', 'SIGUSR2'],
    );
    if (opts.mask && !masked) {
      // No socket pairs here (Windows): spawn's own pipes, read the usual way.
      outputs.push(MaskedOutput.reading(child.stdout!, opts.secrets, stdout, armDrain));
      outputs.push(MaskedOutput.reading(child.stderr!, opts.secrets, stderr, armDrain));
    }
    const allClosed = Promise.all(outputs.map((o) => o.closed()));
    let settled = false;
    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      unforward();
      outputs.forEach((o) => o.stop());
      reject(spawnError(opts.command, err));
    });
    child.on('exit', (code, signal) => {
      exited = exitResult(code, signal);
      drainEnd = Date.now() + DRAIN_MAX_MS;
      armDrain();
      void allClosed.then(() => {
        if (settled) return;
        settled = true;
        clearTimeout(drainTimer);
        unforward();
        resolve(exited!);
      });
    });
  });
}
