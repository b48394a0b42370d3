/**
 * Keychain reads on the calling thread, for a short-lived process (the CLI): `keydeck header NAME` reads
 * one secret, and starting the keychain pool's worker thread for it (a second V8 isolate and Node
 * bootstrap, then the binding) cost more than the whole read. Here the binding is loaded on this thread
 * and each read opens its own entry. The entry's constructor connects to the Secret Service
 * synchronously (milliseconds): fine for a command, never for Electron's main process, which keeps the
 * pool (./keychain-pool.ts). Writes, deletes and bulk work go through the pool in every process.
 */
import { createRequire } from 'node:module';
import type * as Keyring from '@napi-rs/keyring';

let binding: typeof Keyring | undefined;

function keyring(): typeof Keyring {
  return (binding ??= createRequire(import.meta.url)('@napi-rs/keyring') as typeof Keyring);
}

/** One secret, read on this thread (one D-Bus connection, closed when the entry is collected or at exit). */
export function directGet(service: string, account: string, options: Keyring.EntryOptions): Promise<string | null> {
  return new (keyring().AsyncEntry)(service, account, options).getPassword();
}

/** Every entry of the service from one keychain search, on this thread (the search holds no handle). */
export async function directFind(service: string): Promise<[string, string][]> {
  return (await keyring().findCredentialsAsync(service)).map((c) => [c.account, c.password]);
}
