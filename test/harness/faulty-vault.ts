/**
 * A fault-injecting wrapper around the real vault: counts every keychain call and can make the n-th
 * call of an operation fail, so tests prove that each step of create, rotate and delete leaves the
 * catalog and the keychain consistent.
 */
import { KeydeckError } from '../../shared/errors.js';
import type { Vault, VaultEntry } from '../../electron/core/vault.js';

export type VaultOp = 'set' | 'get' | 'delete' | 'entries';

export class FaultyVault implements Vault {
  readonly calls: Record<VaultOp, number> = { set: 0, get: 0, delete: 0, entries: 0 };
  private faults: { op: VaultOp; nth: number; mode: 'throw' | 'corrupt' }[] = [];

  constructor(readonly inner: Vault) {}

  get service() {
    return this.inner.service;
  }

  backend() {
    return this.inner.backend();
  }

  /** Makes the n-th (1-based, counted from now) call of `op` fail; `corrupt` makes a get return junk. */
  failOn(op: VaultOp, nth = 1, mode: 'throw' | 'corrupt' = 'throw'): void {
    this.faults.push({ op, nth: this.calls[op] + nth, mode });
  }

  reset(): void {
    this.faults = [];
  }

  total(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  private hit(op: VaultOp): 'throw' | 'corrupt' | undefined {
    this.calls[op]++;
    const f = this.faults.find((x) => x.op === op && x.nth === this.calls[op]);
    if (f?.mode === 'throw') throw new KeydeckError('KEYCHAIN_UNAVAILABLE', `injected ${op} failure`);
    return f?.mode;
  }

  async set(account: string, value: string): Promise<void> {
    this.hit('set');
    return this.inner.set(account, value);
  }

  async get(account: string): Promise<string | null> {
    const mode = this.hit('get');
    const v = await this.inner.get(account);
    return mode === 'corrupt' ? 'junk' : v;
  }

  async delete(account: string): Promise<boolean> {
    this.hit('delete');
    return this.inner.delete(account);
  }

  async entries(): Promise<VaultEntry[]> {
    this.hit('entries');
    return this.inner.entries();
  }
}
