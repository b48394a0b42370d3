/**
 * Runs the real `keydeck` binary (bin/keydeck.js → dist/cli) as a subprocess against a throwaway
 * catalog and keychain service.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTestKeyring, tempHome, uniqueService } from './core.js';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/keydeck.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliEnv {
  home: string;
  service: string;
  env: NodeJS.ProcessEnv;
}

export function cliEnv(extra: NodeJS.ProcessEnv = {}): CliEnv {
  requireTestKeyring();
  const home = tempHome();
  const service = uniqueService();
  return { home, service, env: { ...process.env, KEYDECK_HOME: home, KEYDECK_SERVICE: service, ...extra } };
}

export function runKeydeck(
  cli: CliEnv,
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...cli.env, ...opts.env },
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}
