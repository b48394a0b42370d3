import type { EntryOptions } from '@napi-rs/keyring';
import { KeydeckError } from '../../shared/errors.js';
import type { KeychainBackend } from '../../shared/domain.js';
import { directFind, directGet } from './keychain-direct.js';
import { withKeychainSlot } from './keychain-limit.js';
import { keychainPool } from './keychain-pool.js';

/** Every keychain entry is pinned: on Linux, Secret Service only, never the in-memory kernel keyring. */
export const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };
export const DEFAULT_SERVICE = 'keydeck';
/**
 * The Secret Service is gone for a moment (no owner for its bus name, or it dropped the call), or too
 * busy to answer within D-Bus's reply timeout (gnome-keyring rewrites its whole keyring file on each
 * change, so a bulk import of thousands keeps it busy). Each keychain call is idempotent: retried.
 */
const TRANSIENT =
  /ServiceUnknown|not provided by any \.service files|NoReply|Did not receive a reply|disconnected|Connection reset|Broken pipe/i;
const RETRY_DELAYS_MS = [100, 300, 700, 1500];

export interface VaultEntry {
  account: string;
  value: string;
}

/** The keychain as Keydeck sees it. Implemented by `KeyringVault`; wrapped by tests to inject faults. */
export interface Vault {
  readonly service: string;
  backend(): KeychainBackend;
  set(account: string, value: string): Promise<void>;
  get(account: string): Promise<string | null>;
  delete(account: string): Promise<boolean>;
  /** Every entry under the service. Reads secrets: only for reconcile, rebuild, scan and export. */
  entries(): Promise<VaultEntry[]>;
  /**
   * Every entry's value under the service, by account, from one keychain search (findCredentialsAsync:
   * one D-Bus connection for all of them, where reading each entry opens one per entry). For bulk reads:
   * scan, export, rebuild. Optional for wrappers: `readAllSecrets` falls back to `entries()`.
   */
  readAll?(): Promise<Map<string, string>>;
}

/** Every entry's value by account, in one keychain search. */
export async function readAllSecrets(vault: Vault): Promise<Map<string, string>> {
  if (vault.readAll) return vault.readAll();
  return new Map((await vault.entries()).map((e) => [e.account, e.value]));
}

/**
 * Writes one keychain entry and reads it back: a keychain that silently drops or mangles a write must
 * never lead to metadata that points at nothing. Throws KEYCHAIN_VERIFY_FAILED (with `what`, saying
 * what happened to the caller's operation) on a mismatch; undoing the write is the caller's call.
 */
export async function setVerified(vault: Vault, account: string, value: string, what: string): Promise<void> {
  await vault.set(account, value);
  if ((await vault.get(account)) !== value) {
    throw new KeydeckError('KEYCHAIN_VERIFY_FAILED', `The keychain did not return ${what}.`);
  }
}

export function keychainBackend(platform = process.platform): KeychainBackend {
  if (platform === 'darwin')
    return { id: 'macos-keychain', label: 'macOS Keychain', persistent: true, detail: 'login keychain' };
  if (platform === 'win32')
    return {
      id: 'windows-credential-manager',
      label: 'Windows Credential Manager',
      persistent: true,
      detail: 'generic credentials',
    };
  return {
    id: 'secret-service',
    label: 'Secret Service',
    persistent: true,
    detail: 'GNOME Keyring or KWallet over D-Bus; the kernel keyring fallback is disabled',
  };
}

const UNAVAILABLE_HINT =
  process.platform === 'linux'
    ? 'Start and unlock your keyring (GNOME Keyring or KWallet, which provide the Secret Service over D-Bus). ' +
      'On a headless machine: dbus-run-session -- sh -c \'eval "$(printf PASSWORD | gnome-keyring-daemon --unlock --components=secrets)"; keydeck …\''
    : 'Unlock your system keychain and try again.';

/** Maps a native keyring failure to a typed error. The native message never holds a secret. */
export function keychainError(err: unknown, action: string): KeydeckError {
  if (err instanceof KeydeckError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const reason = raw.split('\n')[0]!.slice(0, 200);
  return new KeydeckError('KEYCHAIN_UNAVAILABLE', `Could not ${action} the keychain: ${reason}. ${UNAVAILABLE_HINT}`);
}

/**
 * How a process reaches the keychain. `pool`: every call in the keychain pool's worker (Electron's main
 * process: nothing may stall it). `direct`: a short-lived process (the CLI) makes its first
 * `DIRECT_READS` reads and its searches on its own thread (./keychain-direct.ts), so a one-shot read
 * starts no worker; writes, deletes and any further reads still go through the pool.
 */
export type KeychainAccess = 'pool' | 'direct';
/** Reads a `direct` vault makes on its own thread (each holds a connection until exit). */
export const DIRECT_READS = 4;

/**
 * The OS keychain through @napi-rs/keyring. Calls run in the process's keychain pool
 * (./keychain-pool.ts): a worker thread that owns the entry handles, so opening a D-Bus connection
 * never stalls this thread, and the process holds at most `KEYCHAIN_POOL_SIZE` connections (plus
 * `DIRECT_READS` for a `direct` vault, see `KeychainAccess`).
 */
export class KeyringVault implements Vault {
  private readonly pool = keychainPool(ENTRY_OPTIONS);
  private directReads = 0;

  constructor(
    readonly service: string = DEFAULT_SERVICE,
    private readonly access: KeychainAccess = 'pool',
  ) {}

  backend(): KeychainBackend {
    return keychainBackend();
  }

  /**
   * Runs one keychain call, retrying briefly when the Secret Service itself went away (its daemon
   * crashed or is restarting: systemd restarts gnome-keyring, for one). Anything else, a locked
   * keyring included, fails at once. The worker drops a handle whose call failed.
   */
  private async attempt<T>(action: string, call: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        // One process-wide limit on keychain calls in flight (see keychain-limit.ts).
        return await withKeychainSlot(call);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (i >= RETRY_DELAYS_MS.length || !TRANSIENT.test(message)) throw keychainError(err, action);
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[i]));
      }
    }
  }

  async set(account: string, value: string): Promise<void> {
    await this.attempt('write to', () => this.pool.call({ op: 'set', service: this.service, account, value }));
  }

  async get(account: string): Promise<string | null> {
    if (this.access === 'direct' && this.directReads < DIRECT_READS) {
      this.directReads++;
      return this.attempt('read from', () => directGet(this.service, account, ENTRY_OPTIONS));
    }
    return this.attempt(
      'read from',
      async () => (await this.pool.call({ op: 'get', service: this.service, account })) as string | null,
    );
  }

  async delete(account: string): Promise<boolean> {
    return this.attempt(
      'delete from',
      async () => (await this.pool.call({ op: 'delete', service: this.service, account })) as boolean,
    );
  }

  async entries(): Promise<VaultEntry[]> {
    return [...(await this.readAll())].map(([account, value]) => ({ account, value }));
  }

  /** One keychain search (one short-lived connection) for every entry of the service. */
  async readAll(): Promise<Map<string, string>> {
    if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
      throw keychainError(new Error('no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)'), 'search');
    }
    const found = await this.attempt('search', async () =>
      this.access === 'direct'
        ? directFind(this.service)
        : ((await this.pool.call({ op: 'find', service: this.service })) as [string, string][]),
    );
    return new Map(found);
  }
}
