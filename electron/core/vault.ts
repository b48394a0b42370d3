import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { KeydeckError } from '../../shared/errors.js';
import type { KeychainBackend } from '../../shared/domain.js';
import { handleDropped, withKeychainSlot } from './keychain-limit.js';

/** Every keychain entry is pinned: on Linux, Secret Service only, never the in-memory kernel keyring. */
export const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };
export const DEFAULT_SERVICE = 'keydeck';
const MAX_HANDLES = 16;
/** The Secret Service is gone for a moment (no owner for its bus name, or it dropped the call). */
const TRANSIENT =
  /ServiceUnknown|not provided by any \.service files|NoReply|disconnected|Connection reset|Broken pipe/i;
const RETRY_DELAYS_MS = [100, 300, 700, 1500];

type Keyring = typeof import('@napi-rs/keyring');
let keyring: Keyring | undefined;

/** The native binding (3 MB) loads on the first keychain call: `list` and `show` never touch the keychain. */
async function loadKeyring(): Promise<Keyring> {
  return (keyring ??= await import('@napi-rs/keyring'));
}

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

export class KeyringVault implements Vault {
  constructor(readonly service: string = DEFAULT_SERVICE) {}

  backend(): KeychainBackend {
    return keychainBackend();
  }

  /**
   * Entry handles are reused: a fresh handle opens a new Secret Service connection (about 8 ms over
   * D-Bus), a reused one answers in well under a millisecond. Each live handle holds its own D-Bus
   * connection, so only the most recently used few are kept, oldest dropped first.
   */
  private readonly handles = new Map<string, AsyncEntry>();

  private async entry(account: string): Promise<AsyncEntry> {
    const { AsyncEntry } = await loadKeyring();
    let e = this.handles.get(account);
    if (e) {
      this.handles.delete(account);
      this.handles.set(account, e);
    } else {
      e = new AsyncEntry(this.service, account, ENTRY_OPTIONS);
      if (this.handles.size >= MAX_HANDLES) {
        this.handles.delete(this.handles.keys().next().value!);
        handleDropped();
      }
      this.handles.set(account, e);
    }
    return e;
  }

  /**
   * Runs one keychain call, retrying briefly when the Secret Service itself went away (its daemon
   * crashed or is restarting: systemd restarts gnome-keyring, for one). Anything else, a locked
   * keyring included, fails at once.
   */
  private async attempt<T>(account: string | undefined, action: string, call: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        // One process-wide limit on keychain calls in flight (see keychain-limit.ts).
        return await withKeychainSlot(call);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (i >= RETRY_DELAYS_MS.length || !TRANSIENT.test(message)) throw keychainError(err, action);
        if (account) this.handles.delete(account); // its connection is dead
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[i]));
      }
    }
  }

  async set(account: string, value: string): Promise<void> {
    await this.attempt(account, 'write to', async () => (await this.entry(account)).setPassword(value));
  }

  async get(account: string): Promise<string | null> {
    return this.attempt(account, 'read from', async () => (await this.entry(account)).getPassword());
  }

  async delete(account: string): Promise<boolean> {
    return this.attempt(account, 'delete from', async () => (await this.entry(account)).deleteCredential());
  }

  async entries(): Promise<VaultEntry[]> {
    if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
      throw keychainError(new Error('no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)'), 'search');
    }
    const found = await this.attempt(undefined, 'search', async () =>
      (await loadKeyring()).findCredentialsAsync(this.service),
    );
    return found.map((c) => ({ account: c.account, value: c.password }));
  }

  async readAll(): Promise<Map<string, string>> {
    return new Map((await this.entries()).map((e) => [e.account, e.value]));
  }
}
