import { AsyncEntry, findCredentialsAsync, type EntryOptions } from '@napi-rs/keyring';
import { KeydeckError } from '../../shared/errors.js';
import type { KeychainBackend } from '../../shared/domain.js';

/** Every keychain entry is pinned: on Linux, Secret Service only, never the in-memory kernel keyring. */
export const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };
export const DEFAULT_SERVICE = 'keydeck';

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
   * Entry handles are reused: a fresh handle opens a new Secret Service session (about 8 ms over
   * D-Bus), a reused one answers in well under a millisecond. Bounded, oldest dropped first.
   */
  private readonly handles = new Map<string, AsyncEntry>();

  private entry(account: string): AsyncEntry {
    let e = this.handles.get(account);
    if (!e) {
      e = new AsyncEntry(this.service, account, ENTRY_OPTIONS);
      if (this.handles.size >= 512) this.handles.delete(this.handles.keys().next().value!);
      this.handles.set(account, e);
    }
    return e;
  }

  async set(account: string, value: string): Promise<void> {
    try {
      await this.entry(account).setPassword(value);
    } catch (err) {
      throw keychainError(err, 'write to');
    }
  }

  async get(account: string): Promise<string | null> {
    try {
      return await this.entry(account).getPassword();
    } catch (err) {
      throw keychainError(err, 'read from');
    }
  }

  async delete(account: string): Promise<boolean> {
    try {
      return await this.entry(account).deleteCredential();
    } catch (err) {
      throw keychainError(err, 'delete from');
    }
  }

  async entries(): Promise<VaultEntry[]> {
    if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
      throw keychainError(new Error('no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)'), 'search');
    }
    try {
      const found = await findCredentialsAsync(this.service);
      return found.map((c) => ({ account: c.account, value: c.password }));
    } catch (err) {
      throw keychainError(err, 'search');
    }
  }
}
