/**
 * A real terminal for CLI tests: a tmux server of its own running one pane, and the pane script that
 * runs keydeck in it and reports its exit status and whether the terminal is cooked again.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN } from './cli.js';
import { waitFor } from './wait.js';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** A tmux server of its own (own socket, no user config), one detached session running `script`. */
export class Tmux {
  readonly sock: string;
  constructor(
    private readonly dir: string,
    env: NodeJS.ProcessEnv,
    script: string,
  ) {
    this.sock = path.join(dir, 'tmux.sock');
    const file = path.join(dir, 'pane.sh');
    fs.writeFileSync(file, script);
    execFileSync(
      'tmux',
      ['-S', this.sock, '-f', '/dev/null', 'new-session', '-d', '-s', 't', '-x', '100', '-y', '40', `sh ${file}`],
      {
        env,
      },
    );
  }
  run(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.sock, ...args], { encoding: 'utf8' });
  }
  screen(escapes = false): string {
    return this.run('capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-S', '-200', '-t', 't');
  }
  keys(...keys: string[]): void {
    this.run('send-keys', '-t', 't', ...keys);
  }
  type(text: string): void {
    this.run('send-keys', '-t', 't', '-l', text);
  }
  async until(what: string, re: RegExp): Promise<RegExpMatchArray> {
    return waitFor(what, () => this.screen().match(re), { timeoutMs: 60_000, everyMs: 50 });
  }
  pid(): number {
    return Number(fs.readFileSync(path.join(this.dir, 'pid'), 'utf8'));
  }
  kill(): void {
    spawnSync('tmux', ['-S', this.sock, 'kill-server']);
  }
}

/** The pane's script: keydeck (its pid in ./pid), then its exit status and whether the terminal is cooked again. */
export function paneScript(dir: string, keydeckArgs: string[]): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    `sh -c 'echo $$ > ${q(dir)}/pid; exec "$0" "$@"' ${[process.execPath, BIN, ...keydeckArgs].map(q).join(' ')}`,
    'echo "EXIT=$?"',
    'if stty -a | grep -q -- "-icanon"; then echo MODE=raw; else echo MODE=cooked; fi',
    'read x',
  ].join('\n');
}
