/**
 * Runs the real `keydeck` binary (bin/keydeck.js → dist/cli) as a subprocess against a throwaway
 * catalog and keychain service.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { emptyCatalog } from '../../electron/core/catalog.js';
import type { Settings } from '../../shared/domain.js';
import { fileURLToPath } from 'node:url';
import { hermeticEnv, requireTestKeyring, tempHome, uniqueService } from './core.js';

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

/**
 * A fresh home and keychain service for CLI runs. Validate-on-save starts off, so `add` never probes a
 * real provider from a test; tests of that feature turn it on (`{ validateOnSave: true }`).
 */
export function cliEnv(extra: NodeJS.ProcessEnv = {}, settings: Partial<Settings> = {}): CliEnv {
  requireTestKeyring();
  const home = tempHome();
  const catalog = emptyCatalog();
  catalog.settings = { ...catalog.settings, validateOnSave: false, ...settings };
  fs.writeFileSync(path.join(home, 'catalog.json'), JSON.stringify(catalog, null, '\t'), { mode: 0o600 });
  const service = uniqueService();
  return { home, service, env: hermeticEnv({ home, service }, extra) };
}

export function runKeydeck(
  cli: CliEnv,
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      // The test's own places are applied last, whatever `opts.env` carries.
      env: hermeticEnv(cli, { ...cli.env, ...opts.env }),
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
