/**
 * Test harness: a real core over a throwaway catalog folder and a keychain service name of its own,
 * inside the private keyring that `scripts/with-keyring.sh` starts. Never the user's keyring.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createCore, type Core, type CoreOptions } from '../../electron/core/index.js';
import type { Catalog } from '../../electron/core/catalog.js';
import { wiringOf } from '../../electron/core/core-parts.js';
import { KeyringVault, type Vault } from '../../electron/core/vault.js';

export function requireTestKeyring(): void {
  if (process.env.KEYDECK_TEST_KEYRING !== '1') {
    throw new Error('Keychain tests run only inside scripts/with-keyring.sh (a throwaway keyring). Use `npm test`.');
  }
}

/**
 * A core with what tests look at underneath: its catalog (to damage the file, make a commit fail, read
 * what was written) and its keychain (to lose a secret or list entries). These are test seams, on this
 * harness object only: the `Core` that main and the CLI get has services and nothing else.
 */
export type CoreForTest = Core & { catalog: Catalog; vault: Vault };

export interface TestCore extends CoreForTest {
  cleanup(): Promise<void>;
}

/** `createCore` for tests that build a core on a given home and service: the same core, with the seams. */
export function createCoreForTest(opts: CoreOptions = {}): CoreForTest {
  const core = createCore(opts);
  return { ...core, ...wiringOf(core) };
}

export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'keydeck-test-'));
}

/**
 * The environment for a child process of a test: the inherited one first, then the caller's additions,
 * and the test's own places **last**, so nothing inherited (a developer's `KEYDECK_HOME`, `HOME`, `XDG_*`)
 * can point a test at real folders or a real keychain service. Every other `KEYDECK_*` variable is dropped
 * unless the caller sets it.
 */
export function hermeticEnv(
  places: { home: string; service: string },
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KEYDECK_')) env[k] = v;
  env.KEYDECK_TEST_KEYRING = process.env.KEYDECK_TEST_KEYRING;
  Object.assign(env, extra);
  const user = path.join(places.home, '.user');
  fs.mkdirSync(user, { recursive: true });
  return {
    ...env,
    KEYDECK_HOME: places.home,
    KEYDECK_SERVICE: places.service,
    HOME: user,
    XDG_CONFIG_HOME: path.join(user, '.config'),
    XDG_CACHE_HOME: path.join(user, '.cache'),
    XDG_STATE_HOME: path.join(user, '.local', 'state'),
  };
}

export function uniqueService(): string {
  return `keydeck-test-${randomUUID().slice(0, 8)}`;
}

/** A core on a fresh home and service. `wrap` lets a test put a fault-injecting vault around the real one. */
export function makeTestCore(opts: Partial<CoreOptions> & { wrap?: (v: Vault) => Vault } = {}): TestCore {
  requireTestKeyring();
  const home = opts.home ?? tempHome();
  const real = new KeyringVault(opts.service ?? uniqueService());
  const vault = opts.wrap ? opts.wrap(real) : real;
  const core = createCoreForTest({ ...opts, home, vault });
  return {
    ...core,
    async cleanup() {
      for (const e of await real.entries()) await real.delete(e.account);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Accounts currently in the keychain for this core's service. */
export async function keychainAccounts(core: Core): Promise<string[]> {
  return (await wiringOf(core).vault.entries()).map((e) => e.account).sort();
}
