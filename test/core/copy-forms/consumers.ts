/**
 * Runs copied forms in their real consumers: curl and bash (spawned), Node scripts importing the real
 * SDK packages from node_modules, and python3 (py_compile, then run against the fake SDK modules in
 * `fake-py/`, which record the constructor arguments and send what the real SDK would send).
 * Every spawn is asynchronous: the stand-in server runs in this very process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../../..');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir(), ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A scratch folder that resolves npm packages from the repository's node_modules. */
export function scratch(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-forms-'));
  fs.symlinkSync(fs.realpathSync(path.join(REPO, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a copied shell command (the curl form) with bash. */
export function runShell(snippet: string): Promise<Ran> {
  return run('bash', ['-c', snippet]);
}

/** Runs a JavaScript snippet unchanged, followed by `call` (which uses the snippet's `client`). */
export async function runJs(snippet: string, call: string, env: Record<string, string>): Promise<Ran> {
  const s = scratch();
  try {
    const file = path.join(s.dir, 'snippet.mjs');
    fs.writeFileSync(file, `${snippet}\n\nawait ${call};\nconsole.log('OK');\n`);
    return await run(process.execPath, [file], { env, cwd: s.dir });
  } finally {
    s.cleanup();
  }
}

/** Compiles, then runs a Python snippet unchanged against the fake SDKs; returns what the fake recorded. */
export async function runPy(
  snippet: string,
  call: string,
  env: Record<string, string>,
): Promise<Ran & { record?: { sdk: string; kwargs: Record<string, unknown> } }> {
  const s = scratch();
  try {
    const file = path.join(s.dir, 'snippet.py');
    fs.writeFileSync(file, `${snippet}\n\n${call}\nprint("OK")\n`);
    const compiled = await run('python3', ['-m', 'py_compile', file]);
    if (compiled.code !== 0) return compiled;
    const record = path.join(s.dir, 'record.json');
    const r = await run('python3', [file], {
      env: { ...env, PYTHONPATH: path.join(HERE, 'fake-py'), KEYDECK_RECORD: record, PYTHONDONTWRITEBYTECODE: '1' },
    });
    return fs.existsSync(record) ? { ...r, record: JSON.parse(fs.readFileSync(record, 'utf8')) } : r;
  } finally {
    s.cleanup();
  }
}
