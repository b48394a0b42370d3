/**
 * Runs `keydeck` against a throwaway catalog and keychain service: in this process (`runKeydeckHere`,
 * the real `runCli` with captured stdio: the default, cheap) or as the real binary (`runKeydeck`,
 * bin/keydeck.js → dist/cli, for what only a process shows: exit status, signals, pipes, argv, the
 * environment a child inherits, several processes at once).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { emptyCatalog } from '../../electron/core/catalog.js';
import { createCore } from '../../electron/core/index.js';
import { KeyringVault } from '../../electron/core/vault.js';
import { runCli } from '../../electron/cli/main.js';
import type { CliIO } from '../../electron/cli/io.js';
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

/** Removes a CliEnv's keychain entries and its home (for `after` hooks and `finally` blocks). */
export async function dropCliEnv(cli: CliEnv): Promise<void> {
  const vault = vaultFor(cli.service);
  for (const e of await vault.entries()) await vault.delete(e.account);
  vaults.delete(cli.service);
  fs.rmSync(cli.home, { recursive: true, force: true });
}

/** The real binary as a subprocess. */
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
    // Only a hung run meets this: on a heavily loaded machine one CLI start has taken over 30 s.
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * One vault per service for in-process runs: each live keychain handle holds a D-Bus connection, so a
 * fresh vault per run would pile them up until garbage collection.
 */
const vaults = new Map<string, KeyringVault>();
function vaultFor(service: string): KeyringVault {
  let v = vaults.get(service);
  if (!v) vaults.set(service, (v = new KeyringVault(service)));
  return v;
}

function sink(): Writable & { text: () => string } {
  let text = '';
  const w = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return Object.assign(w, { text: () => text });
}

/**
 * scrypt's work factor for passphrase exports run in process: low, so a backup test costs milliseconds,
 * not seconds. The real binary keeps the default (18), which test/core/backup-format.test.ts pins.
 */
export const TEST_SCRYPT_WORK_FACTOR = 10;

/** A core on the CliEnv's home and vault whose passphrase exports use `scryptWorkFactor`. */
function coreFor(cli: CliEnv, scryptWorkFactor: number | undefined) {
  const core = createCore({ home: cli.home, vault: vaultFor(cli.service) });
  if (scryptWorkFactor === undefined) return core;
  const load = core.load.backup;
  core.load.backup = async () => {
    const m = await load();
    return {
      ...m,
      exportBackup: (source: Parameters<typeof m.exportBackup>[0], o: Parameters<typeof m.exportBackup>[1]) =>
        m.exportBackup(source, { scryptWorkFactor, ...o }),
    };
  };
  return core;
}

/**
 * The same `keydeck ARGS` as `runKeydeck`, run by `runCli` in this process: the same argument parsing,
 * core, exit code and stdout/stderr split, with stdin piped (not a terminal) and `io.env` built as the
 * subprocess's environment is. No process start, so it costs what the command costs. A fresh core per
 * run (it reads the catalog from disk as a new process would) over one vault per service. Passphrase
 * exports use TEST_SCRYPT_WORK_FACTOR unless `scryptWorkFactor` says otherwise (`undefined`: the default).
 */
export async function runKeydeckHere(
  cli: CliEnv,
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; scryptWorkFactor?: number | undefined } = {},
): Promise<CliResult> {
  const stdout = sink();
  const stderr = sink();
  const input = opts.input ?? '';
  const io: CliIO = {
    stdin: Object.assign(Readable.from(input ? [Buffer.from(input)] : []), {
      isTTY: false,
    }) as unknown as NodeJS.ReadStream,
    stdout,
    stderr,
    env: hermeticEnv(cli, { ...cli.env, ...opts.env }),
  };
  const factor = 'scryptWorkFactor' in opts ? opts.scryptWorkFactor : TEST_SCRYPT_WORK_FACTOR;
  const code = await runCli(args, io, () => coreFor(cli, factor));
  return { code, signal: null, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * The two-workspace setup of the trust and hook tests: an OpenAI key in the active workspace ("Personal")
 * and another in a new "Production" workspace, both through the CLI.
 */
export async function addOpenAIHereAndInProduction(cli: CliEnv, dev: string, prod: string): Promise<void> {
  const steps: [string[], string | undefined][] = [
    [['add', 'OpenAI', '--kind', 'byok', '--provider', 'openai'], dev],
    [['workspace', 'add', 'Production'], undefined],
    [['add', 'OpenAI', '--kind', 'byok', '--provider', 'openai', '-w', 'Production'], prod],
  ];
  for (const [args, input] of steps) {
    const r = await runKeydeckHere(cli, args, input === undefined ? {} : { input });
    if (r.code !== 0) throw new Error(`keydeck ${args.join(' ')} failed: ${r.stderr}`);
  }
}
