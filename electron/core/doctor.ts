import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { KeychainBackend } from '../../shared/domain.js';
import { toErrorPayload, type ErrorPayload } from '../../shared/errors.js';
import type { Catalog } from './catalog.js';
import type { Vault } from './vault.js';

export interface DoctorReport {
  ok: boolean;
  keychain: KeychainBackend & { service: string; reachable: boolean; error?: ErrorPayload };
  catalog: {
    path: string;
    exists: boolean;
    mode?: string;
    private: boolean;
    healthy: boolean;
    error?: ErrorPayload;
    workspaces: number;
    credentials: number;
    missingSecrets: number;
    pendingDeletes: number;
  };
}

/**
 * Which Secret Service collection new items go to. The `session` collection lives in memory only, so
 * keys stored there vanish at logout. Best effort: needs `gdbus`; undefined when it cannot tell.
 */
export function defaultCollection(): string | undefined {
  if (process.platform !== 'linux' || !process.env.DBUS_SESSION_BUS_ADDRESS) return undefined;
  try {
    const out = execFileSync(
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.secrets',
        '--object-path',
        '/org/freedesktop/secrets',
        '--method',
        'org.freedesktop.Secret.Service.ReadAlias',
        'default',
      ],
      { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return /collection\/([^'/]+)'/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Health of both stores. The keychain is probed with a throwaway entry (write, read, delete) so a
 * locked or absent Secret Service shows up here rather than at the first real write.
 */
export async function doctor(catalog: Catalog, vault: Vault): Promise<DoctorReport> {
  const backend = { ...vault.backend() };
  const collection = defaultCollection();
  if (collection) {
    backend.detail = `${backend.detail}; default collection "${collection}"`;
    if (collection === 'session') {
      backend.persistent = false;
      backend.detail += ' is in memory only: keys are lost at logout. Set a persistent default keyring.';
    }
  }
  let reachable = false;
  let keychainError: ErrorPayload | undefined;
  const probe = `doctor-probe/${process.pid}-${Date.now()}`;
  try {
    await vault.set(probe, 'probe');
    reachable = (await vault.get(probe)) === 'probe';
    await vault.delete(probe);
  } catch (err) {
    keychainError = toErrorPayload(err);
  }
  const cat: DoctorReport['catalog'] = {
    path: catalog.path,
    exists: fs.existsSync(catalog.path),
    private: false,
    healthy: false,
    workspaces: 0,
    credentials: 0,
    missingSecrets: 0,
    pendingDeletes: 0,
  };
  try {
    await catalog.ready();
    const data = catalog.read();
    const mode = fs.statSync(catalog.path).mode & 0o777;
    cat.mode = mode.toString(8).padStart(4, '0');
    cat.private = process.platform === 'win32' || (mode & 0o077) === 0;
    cat.healthy = true;
    cat.workspaces = data.workspaces.length;
    cat.credentials = data.credentials.length;
    cat.missingSecrets = data.credentials.filter((c) => c.state === 'missing-secret').length;
    cat.pendingDeletes = data.tombstones.length;
  } catch (err) {
    cat.error = toErrorPayload(err);
  }
  return {
    ok: reachable && backend.persistent && cat.healthy && cat.private,
    keychain: { ...backend, service: vault.service, reachable, ...(keychainError ? { error: keychainError } : {}) },
    catalog: cat,
  };
}
