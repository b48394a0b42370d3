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
import { Masker } from './masker.js';
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

function runPiped(
  opts: RunOptions,
  env: NodeJS.ProcessEnv,
  stdout: NodeJS.WritableStream,
  stderr: NodeJS.WritableStream,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(opts.command, opts.args, {
        cwd: opts.cwd,
        env,
        stdio: ['inherit', opts.mask ? 'pipe' : 'inherit', opts.mask ? 'pipe' : 'inherit'],
        // Masked: a session of its own (signals come once, through us). Unmasked: our terminal's job.
        detached: opts.mask,
      });
    } catch (err) {
      reject(spawnError(opts.command, err));
      return;
    }
    // Unmasked, the child is in our terminal's foreground job: Ctrl-C, Ctrl-\ and a hang-up reach it
    // from the terminal, so only the others are handed on.
    const unforward = forwardSignals(
      (sig) => child.kill(sig),
      opts.mask || !process.stdin.isTTY ? FORWARDED : ['SIGTERM', 'SIGUSR1', 'SIGUSR2'],
    );
    const streams: NodeJS.ReadableStream[] = [];
    let open = 0;
    let exited: RunResult | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let drainEnd = 0;
    let settled = false;
    const finish = () => {
      if (settled || !exited || open) return;
      settled = true;
      clearTimeout(drainTimer);
      unforward();
      resolve(exited);
    };
    // Bounded drain: once the child has exited, stop when its pipes go quiet or DRAIN_MAX_MS has passed.
    const armDrain = () => {
      if (!exited || !open) return;
      clearTimeout(drainTimer);
      const wait = Math.min(DRAIN_IDLE_MS, drainEnd - Date.now());
      drainTimer = setTimeout(
        () => {
          for (const s of streams) (s as NodeJS.ReadableStream & { destroy(): void }).destroy();
        },
        Math.max(0, wait),
      );
    };
    const pipe = (from: NodeJS.ReadableStream | null, to: NodeJS.WritableStream) => {
      if (!from) return;
      open++;
      streams.push(from);
      const m = new Masker(opts.secrets);
      // Our reader went away (`keydeck exec -- cmd | head`): stop reading so the child sees a closed pipe.
      to.on('error', () => (from as NodeJS.ReadableStream & { destroy(): void }).destroy());
      const write = (b: Buffer) => {
        if (b.length && !to.write(b)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
      };
      from.on('data', (c: Buffer) => {
        write(m.push(c));
        armDrain();
      });
      from.on('close', () => {
        write(m.flush());
        open--;
        finish();
      });
    };
    if (opts.mask) {
      pipe(child.stdout, stdout);
      pipe(child.stderr, stderr);
    }
    child.on('error', (err) => {
      if (settled) return;
      settled = true;
      unforward();
      reject(spawnError(opts.command, err));
    });
    child.on('exit', (code, signal) => {
      exited = exitResult(code, signal);
      drainEnd = Date.now() + DRAIN_MAX_MS;
      armDrain();
      finish();
    });
  });
}
