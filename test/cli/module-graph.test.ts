/**
 * Each command loads only what it uses: the built CLI is run with a tracer (fixtures/trace-modules.mjs)
 * that records every module the process resolves, and the packages among them are checked against the
 * command's own needs. `header` loading age-encryption, ws or zod would fail here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliEnv, runKeydeck, type CliEnv } from '../harness/cli.js';

const TRACER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'trace-modules.mjs');

/** The packages (by name) a run of `keydeck ARGS` loaded, and its result. */
async function packagesLoaded(cli: CliEnv, args: string[], input = '') {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-trace-')), 'modules.txt');
  const r = await runKeydeck(cli, args, {
    input,
    env: { NODE_OPTIONS: `--import ${TRACER}`, KEYDECK_TRACE_FILE: file },
    cwd: cli.home,
  });
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  const pkgs = new Set<string>();
  for (const l of lines) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(decodeURIComponent(l));
    if (m) pkgs.add(m[1]!.replace(/^@napi-rs\/keyring-.*/, '@napi-rs/keyring'));
  }
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return { r, pkgs: [...pkgs].sort() };
}

/**
 * A command reads the keychain on its own thread (electron/core/keychain-direct.ts: a one-shot read
 * starts no pool worker), so the native keyring binding is loaded there; writes go through the pool's
 * worker, which this tracer does not follow.
 */
const KEYRING: string[] = ['@napi-rs/keyring'];

test('each command loads only the packages it uses', async () => {
  const cli = cliEnv();
  try {
    const add = await packagesLoaded(
      cli,
      ['add', 'OpenAI', '--kind', 'byok', '--provider', 'openai'],
      'sk-proj-Gr4phT3st0123456789abcdef',
    );
    assert.equal(add.r.code, 0, add.r.stderr);
    // A write loads the input schemas (zod) and the keychain; nothing else.
    assert.deepEqual(add.pkgs, [...KEYRING, 'zod']);
    const cases: [string[], string[]][] = [
      [['--version'], []],
      [['--help'], []],
      [['help', 'header'], []],
      [['completion', 'bash'], []],
      [['__complete', 'header', ''], []],
      [['list', '--json'], []],
      [['show', 'OpenAI'], []],
      [['header', 'OpenAI'], KEYRING],
      [['headers', 'OpenAI'], KEYRING],
      [['env', 'OpenAI'], KEYRING],
      [['snippet', 'OpenAI', '--as', 'curl'], KEYRING],
      // The .keydeck check is hand-written (issue 10): exec loads no schema.
      [['exec', '--cred', 'OpenAI', '--', 'true'], KEYRING],
      [['allow', '--list'], []],
    ];
    for (const [args, expected] of cases) {
      const { r, pkgs } = await packagesLoaded(cli, args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.deepEqual(pkgs, expected, `keydeck ${args.join(' ')} loaded ${pkgs.join(', ') || 'nothing'}`);
    }
  } finally {
    fs.rmSync(cli.home, { recursive: true, force: true });
  }
});
