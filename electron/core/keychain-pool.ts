/**
 * The process's one pool of keychain connections. @napi-rs/keyring opens a Secret Service (D-Bus)
 * connection **synchronously in the entry's constructor** (7 ms on an idle machine, over 100 ms on a
 * loaded one) and closes it only when V8 collects the handle. So the entries live in a
 * `node:worker_threads` worker: opening a connection never stalls the event loop (Electron's main
 * process, in the app), and the worker keeps at most `KEYCHAIN_POOL_SIZE` handles, collecting its own
 * small heap after it drops one, so the process never holds more than that many connections
 * (a 10,000-credential import included). Every bulk path (import, rebuild, reconcile, bulk create)
 * goes through this pool by way of the vault; bulk reads (scan, export, rebuild) use one keychain
 * search instead (`Vault.readAll`).
 *
 * The worker is started on first use and unreferenced whenever it has no call in flight, so it never
 * keeps a CLI process alive.
 */
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import type { EntryOptions } from '@napi-rs/keyring';

/** Keychain handles (each one D-Bus connection) the worker keeps, and calls in flight at once. */
export const KEYCHAIN_POOL_SIZE = 8;

export type PoolOp =
  | { op: 'get'; service: string; account: string }
  | { op: 'set'; service: string; account: string; value: string }
  | { op: 'delete'; service: string; account: string }
  | { op: 'find'; service: string };

type Reply = { id: number; ok: true; value: unknown; handles: number } | { id: number; ok: false; message: string };

/**
 * The worker's code: plain CommonJS, run with `eval` so that no bundler needs to know about a second
 * entry file; the keyring binding's resolved path comes in `workerData`. Handles are kept in
 * least-recently-used order; a handle in use is never dropped; after dropping one the worker runs a
 * full collection of its own heap (a few hundred kilobytes: well under a millisecond), which closes
 * the dropped handle's connection at once.
 */
const WORKER_SOURCE = `
'use strict';
(() => {
const { parentPort, workerData } = require('node:worker_threads');
const v8 = require('node:v8');
const vm = require('node:vm');
const { AsyncEntry, findCredentialsAsync } = require(workerData.keyring);
let collect = globalThis.gc;
if (typeof collect !== 'function') {
  v8.setFlagsFromString('--expose-gc');
  collect = vm.runInNewContext('gc');
}
const POOL = workerData.pool;
const handles = new Map();
const busy = new Map();
let opening = Promise.resolve();
const turn = () => new Promise((r) => setImmediate(r));
function dropIdle() {
  for (const k of handles.keys()) {
    if (!busy.get(k)) {
      handles.delete(k);
      return true;
    }
  }
  return false;
}
async function open(key, service, account) {
  let h = handles.get(key);
  if (h) return h;
  while (handles.size >= POOL && dropIdle()) {
    collect();
    await turn();
  }
  h = new AsyncEntry(service, account, workerData.options);
  handles.set(key, h);
  return h;
}
async function take(service, account) {
  const key = service + '\u0000' + account;
  busy.set(key, (busy.get(key) || 0) + 1);
  let h = handles.get(key);
  if (h) {
    handles.delete(key);
    handles.set(key, h);
  } else {
    const next = opening.then(() => open(key, service, account));
    opening = next.catch(() => undefined);
    h = await next;
  }
  return { key, h };
}
async function release(key, failed) {
  const n = (busy.get(key) || 1) - 1;
  if (n) busy.set(key, n);
  else busy.delete(key);
  if (failed && !n && handles.delete(key)) collect();
}
parentPort.on('message', async (m) => {
  if (m.op === 'find') {
    try {
      const found = await findCredentialsAsync(m.service);
      parentPort.postMessage({ id: m.id, ok: true, value: found.map((c) => [c.account, c.password]), handles: handles.size });
    } catch (err) {
      parentPort.postMessage({ id: m.id, ok: false, message: String((err && err.message) || err) });
    }
    return;
  }
  let held;
  try {
    held = await take(m.service, m.account);
    let value = null;
    if (m.op === 'get') value = await held.h.getPassword();
    else if (m.op === 'set') await held.h.setPassword(m.value);
    else value = await held.h.deleteCredential();
    release(held.key, false);
    parentPort.postMessage({ id: m.id, ok: true, value, handles: handles.size });
  } catch (err) {
    if (held) release(held.key, true);
    parentPort.postMessage({ id: m.id, ok: false, message: String((err && err.message) || err) });
  }
});
})();
`;

function keyringPath(): string {
  return createRequire(import.meta.url).resolve('@napi-rs/keyring');
}

/**
 * node:worker_threads, loaded when the first worker starts: a command that never writes the keychain
 * (`list`, and `header`, which reads on its own thread) does not pay for loading it.
 */
function workerClass(): typeof Worker {
  return (createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')).Worker;
}

class KeychainPool {
  private worker?: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** The most handles the worker held at once (for tests and benches). */
  peakHandles = 0;

  constructor(private readonly options: EntryOptions) {}

  private start(): Worker {
    const w = new (workerClass())(WORKER_SOURCE, {
      eval: true,
      workerData: { keyring: keyringPath(), pool: KEYCHAIN_POOL_SIZE, options: this.options },
      // The worker needs no loader hooks or flags of the parent (tsx's, in tests).
      execArgv: [],
    });
    w.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (!this.pending.size) w.unref();
      if (r.ok) {
        this.peakHandles = Math.max(this.peakHandles, r.handles);
        p.resolve(r.value);
      } else p.reject(new Error(r.message));
    });
    const fail = (err: Error) => {
      if (this.worker === w) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the keychain worker stopped (exit code ${code}); disconnected`)));
    return w;
  }

  /** Runs one keychain call in the worker. Errors carry the native message (never a secret). */
  call(msg: PoolOp): Promise<unknown> {
    this.worker ??= this.start();
    const w = this.worker;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, ...msg });
    });
  }
}

const pools = new Map<string, KeychainPool>();

/** The process's pool for these entry options (one per store; Keydeck uses one). */
export function keychainPool(options: EntryOptions): KeychainPool {
  const key = JSON.stringify(options);
  let p = pools.get(key);
  if (!p) pools.set(key, (p = new KeychainPool(options)));
  return p;
}

/** The most keychain handles (D-Bus connections) the pool's worker held at once, over every pool. */
export function keychainPeakHandles(): number {
  return Math.max(0, ...[...pools.values()].map((p) => p.peakHandles));
}
