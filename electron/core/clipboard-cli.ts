/**
 * The system clipboard for the CLI (the desktop app uses Electron's own clipboard). The value goes to
 * the clipboard tool on stdin; clearing is done later by a small detached Node process that receives
 * only a SHA-256 of the value (over a stdin pipe: neither argv nor environment) and clears the clipboard only if it still
 * holds that value, so something the user copied since is left alone.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KeydeckError } from '../../shared/errors.js';

export interface ClipboardTool {
  name: string;
  copy: [string, ...string[]];
  paste: [string, ...string[]];
  /** How to empty the clipboard; default: copy an empty string. */
  clear?: [string, ...string[]];
}

/** Finds an executable on PATH without spawning `which`. */
export function onPath(
  cmd: string,
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const d of dirs) {
    for (const ext of exts) {
      const p = path.join(d, cmd + ext);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        if (fs.statSync(p).isFile()) return p;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

const INSTALL_HINT =
  'Install one: wl-clipboard (Wayland: sudo apt install wl-clipboard), or xclip or xsel (X11: sudo apt install xclip).';

/** The clipboard tool for this system, or a clear error naming what to install. */
export function detectClipboard(env: NodeJS.ProcessEnv = process.env, platform = process.platform): ClipboardTool {
  if (platform === 'darwin') {
    if (onPath('pbcopy', env, platform)) return { name: 'pbcopy', copy: ['pbcopy'], paste: ['pbpaste'] };
    throw new KeydeckError('CLIPBOARD_UNAVAILABLE', 'pbcopy was not found on PATH (it ships with macOS; check PATH).');
  }
  if (platform === 'win32') {
    if (onPath('clip', env, platform))
      return {
        name: 'clip',
        copy: ['clip'],
        paste: ['powershell', '-NoProfile', '-Command', 'Get-Clipboard -Raw'],
        clear: ['powershell', '-NoProfile', '-Command', 'Set-Clipboard -Value $null'],
      };
    throw new KeydeckError(
      'CLIPBOARD_UNAVAILABLE',
      'clip.exe was not found on PATH (it ships with Windows; check PATH).',
    );
  }
  const wayland = !!env.WAYLAND_DISPLAY;
  const x11 = !!env.DISPLAY;
  const found: ClipboardTool[] = [];
  if (onPath('wl-copy', env, platform) && onPath('wl-paste', env, platform))
    found.push({
      name: 'wl-copy',
      copy: ['wl-copy'],
      paste: ['wl-paste', '--no-newline'],
      clear: ['wl-copy', '--clear'],
    });
  if (onPath('xclip', env, platform))
    found.push({
      name: 'xclip',
      copy: ['xclip', '-selection', 'clipboard', '-in'],
      paste: ['xclip', '-selection', 'clipboard', '-out'],
    });
  if (onPath('xsel', env, platform))
    found.push({
      name: 'xsel',
      copy: ['xsel', '--clipboard', '--input'],
      paste: ['xsel', '--clipboard', '--output'],
      clear: ['xsel', '--clipboard', '--clear'],
    });
  if (!found.length)
    throw new KeydeckError('CLIPBOARD_UNAVAILABLE', `No clipboard tool was found on PATH. ${INSTALL_HINT}`);
  const usable = found.filter((t) => (t.name === 'wl-copy' ? wayland : x11));
  if (!usable.length) {
    throw new KeydeckError(
      'CLIPBOARD_UNAVAILABLE',
      `Found ${found.map((t) => t.name).join(', ')} but no ${found.some((t) => t.name === 'wl-copy') ? 'WAYLAND_DISPLAY or ' : ''}DISPLAY to reach a clipboard (is this a graphical session?).`,
    );
  }
  return usable[0]!;
}

function run(
  argv: string[],
  input: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: Buffer }> {
  return new Promise((resolve, reject) => {
    // stdout is read only for paste: a copy tool (xclip, wl-copy) forks a server that must not hold our pipe.
    const child = spawn(argv[0]!, argv.slice(1), {
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', input === undefined ? 'pipe' : 'ignore', 'ignore'],
    });
    const out: Buffer[] = [];
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, out: Buffer.concat(out) }));
    if (input !== undefined) child.stdin!.end(input);
  });
}

export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** Marks the clearer's argv, so tests (and `ps`) can tell it apart; it carries nothing secret. */
export const CLEARER_MARK = 'keydeck clipboard clearer';

/**
 * The clearer, run as `node -e`: reads its orders (hash, tool, delay) from stdin, waits, reads the
 * clipboard, and empties it only when its hash is the one it was given. Nothing of the value (not even
 * its hash) is in its argv or environment, where /proc/<pid>/cmdline and /proc/<pid>/environ show it.
 */
const CLEARER = `// ${CLEARER_MARK}
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const chunks = [];
process.stdin.on('data', (d) => chunks.push(d));
process.stdin.on('end', () => {
  let orders;
  try {
    orders = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return;
  }
  const { tool, sha256: want, delayMs } = orders;
  setTimeout(() => {
    const r = spawnSync(tool.paste[0], tool.paste.slice(1), { stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    if (r.status !== 0 || !r.stdout) return;
    const h = (b) => createHash('sha256').update(b).digest('hex');
    const out = r.stdout;
    const trimmed = out.length && out[out.length - 1] === 10 ? out.subarray(0, out.length - 1) : out;
    if (h(out) !== want && h(trimmed) !== want) return;
    const c = tool.clear || tool.copy;
    spawnSync(c[0], c.slice(1), { input: '', stdio: ['pipe', 'ignore', 'ignore'], timeout: 5000 });
  }, Number(delayMs));
});
`;

export interface CopyResult {
  tool: string;
  /** When the clearer will act (ISO), if one was started. */
  clearsAt?: string;
  /** The clearer's process id (tests wait on it). */
  clearerPid?: number;
}

/**
 * Puts `text` on the clipboard and starts the detached clearer. Returns at once: the terminal is free
 * while the clearer waits.
 */
export async function copyToClipboard(
  text: string,
  opts: { clearAfterSeconds?: number; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform } = {},
): Promise<CopyResult> {
  const env = opts.env ?? process.env;
  const tool = detectClipboard(env, opts.platform ?? process.platform);
  let res;
  try {
    res = await run(tool.copy, text, env);
  } catch (err) {
    throw new KeydeckError(
      'CLIPBOARD_FAILED',
      `${tool.name} could not be started: ${(err as Error).message.slice(0, 160)}`,
    );
  }
  if (res.code !== 0)
    throw new KeydeckError('CLIPBOARD_FAILED', `${tool.name} failed (exit ${res.code}); nothing was copied.`);
  const out: CopyResult = { tool: tool.name };
  const secs = opts.clearAfterSeconds;
  if (secs && secs > 0) {
    const child = spawn(process.execPath, ['-e', CLEARER], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      env,
    });
    // The orders go over the pipe; the pipe's buffer keeps them if this process exits first.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(JSON.stringify({ sha256: sha256(text), tool, delayMs: Math.round(secs * 1000) }));
    child.unref();
    out.clearsAt = new Date(Date.now() + secs * 1000).toISOString();
    if (child.pid) out.clearerPid = child.pid;
  }
  return out;
}

/** Reads the clipboard back (for tests and `doctor`-style checks). */
export async function readClipboard(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const tool = detectClipboard(env);
  const r = await run(tool.paste, undefined, env);
  return r.out.toString('utf8');
}
