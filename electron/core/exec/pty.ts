/**
 * A masked child that keeps the terminal: it runs in a pseudo-terminal (`@lydell/node-pty`, loaded only
 * here), so it sees a terminal (colours, line editing, full-screen programs) while everything it prints
 * passes through the masker. Our stdin is raw while it runs, so each key (Ctrl-C, Ctrl-D, arrows) goes to
 * the pty, whose line discipline turns ^C into one SIGINT for the child's foreground job; our terminal's
 * size follows to the pty. The child is in a session of its own: a signal sent to us (or to our process
 * group) reaches it once, through us.
 */
import type { IPty } from '@lydell/node-pty';
import { Masker } from './masker.js';
import { exitResult, forwardSignals, resolveCommand, type RunResult } from './child.js';

export interface PtyRun {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  secrets: { name: string; value: string }[];
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown; isRaw?: boolean };
  stdout: NodeJS.WritableStream & { columns?: number; rows?: number };
  /** How long bytes that could begin a secret wait for the rest before they are shown (a typed echo). */
  holdMs: number;
}

type PtyModule = typeof import('@lydell/node-pty');
let loaded: Promise<PtyModule> | undefined;
/** node-pty (a native module) is loaded the first time a pty is used, never by `keydeck --version`. */
function loadPty(): Promise<PtyModule> {
  return (loaded ??= import('@lydell/node-pty'));
}

/** Terminal modes to put back even when we crash (an uncaught error, process.exit). */
const restoreOnExit = new Set<() => void>();
let exitHook = false;

export async function runInPty(o: PtyRun): Promise<RunResult> {
  const file = resolveCommand(o.command, o.env, o.cwd);
  const { spawn } = await loadPty();
  const size = () => ({ cols: o.stdout.columns || 80, rows: o.stdout.rows || 24 });
  const term: IPty = spawn(file, o.args, {
    name: o.env.TERM || 'xterm-256color',
    ...size(),
    cwd: o.cwd,
    env: o.env as Record<string, string>,
    // Bytes, not strings: the masker works on bytes and a UTF-8 sequence may be split between reads.
    encoding: null,
  });
  return new Promise((resolve) => {
    const masker = new Masker(o.secrets);
    const ee = term as unknown as NodeJS.EventEmitter;
    let closed = false;
    let release: NodeJS.Timeout | undefined;
    const write = (b: Buffer) => {
      if (b.length && !o.stdout.write(b)) {
        term.pause();
        o.stdout.once('drain', () => term.resume());
      }
    };
    // A read error after the child closed its side is the end of output, not a crash.
    ee.on('error', () => {});
    ee.on('close', () => (closed = true));
    term.onData((d: string | Buffer) => {
      clearTimeout(release);
      write(masker.push(typeof d === 'string' ? Buffer.from(d) : d));
      // What could begin a secret waits a moment for the rest; then it is shown (a typed character).
      if (masker.held) release = setTimeout(() => write(masker.flush()), o.holdMs);
    });

    const stdin = o.stdin;
    const wasRaw = stdin.isRaw === true;
    const restore = () => {
      if (stdin.isTTY && stdin.setRawMode) stdin.setRawMode(wasRaw);
    };
    if (stdin.isTTY && stdin.setRawMode) {
      stdin.setRawMode(true);
      restoreOnExit.add(restore);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', () => {
          for (const r of restoreOnExit) r();
        });
      }
    }
    const onInput = (d: Buffer | string) => {
      if (!closed) term.write(d as string);
    };
    // Input that is not a terminal ends with EOF: ^D at the start of a line, as a terminal sends it.
    const onEnd = () => onInput('\x04');
    stdin.on('data', onInput);
    if (!stdin.isTTY) stdin.on('end', onEnd);
    stdin.resume();

    const onResize = () => {
      if (!closed) term.resize(size().cols, size().rows);
    };
    o.stdout.on('resize', onResize);
    const unforward = forwardSignals((sig) => term.kill(sig));

    // node-pty reports the exit once the pty has no more output, or 200 ms after the child ended when a
    // background process still holds the terminal: `run` ends with the child, it does not wait for that.
    term.onExit(({ exitCode, signal }) => {
      clearTimeout(release);
      write(masker.flush());
      unforward();
      o.stdout.off('resize', onResize);
      stdin.off('data', onInput);
      stdin.off('end', onEnd);
      stdin.pause();
      restore();
      restoreOnExit.delete(restore);
      resolve(exitResult(exitCode, signal || null));
    });
  });
}
