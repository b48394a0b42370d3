/**
 * Sealing and opening a backup in a `node:worker_threads` worker (./worker.ts), so the event loop of
 * the caller (Electron's main process, in the app) never waits on age's pure-JavaScript
 * ChaCha20-Poly1305, nor on the JSON and zod work of a large backup: seconds under load for 1,000
 * credentials, where the budget for a stall is 50 ms. The caller's thread only copies the document to
 * the worker and the result back (structured clone: milliseconds).
 *
 * One worker per process, started on first use and reused; it is unreferenced while no call is in
 * flight (it never keeps a CLI process alive) and stopped after `IDLE_MS` without work (its heap is
 * returned). The worker's file sits next to the bundle that runs this module (dist/cli, dist/main), or
 * is ./worker.ts run through tsx from source. Without it, the work runs on the calling thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KeydeckError } from '../../../shared/errors.js';
import { openBackupHere, sealBackupHere, type BackupDocument, type BackupKey, type BackupOpenKey } from './format.js';

export type WorkerRequest =
  | { id: number; op: 'seal'; doc: BackupDocument; key: BackupKey; scryptWorkFactor?: number }
  | { id: number; op: 'open'; file: Uint8Array; key: BackupOpenKey };

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  /** A KeydeckError keeps its code and field; any other error its name and message. */
  | { id: number; ok: false; error: { name: string; message: string; code?: string; field?: string } };

/** A worker with no call in flight for this long is stopped. */
const IDLE_MS = 10_000;

/** Where the worker's code is, and how to start it; undefined when it is not there. */
function workerScript(): { file: string; eval?: true } | undefined {
  const here = fileURLToPath(import.meta.url);
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) {
    // From source (tests, benches): tsx's loader, registered in the worker itself, then ./worker.ts.
    const url = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
    return { file: `import('tsx/esm/api').then((t) => t.tsImport(${url}, ${url}))`, eval: true };
  }
  // The CLI's bundle: dist/cli/backup-worker.js beside keydeck.js (this module may be in dist/cli/chunks);
  // the app's main bundle: dist/main/backup-worker.cjs beside index.cjs.
  const candidates = ['backup-worker.cjs', 'backup-worker.js', '../backup-worker.js'].map((f) => path.join(dir, f));
  const file = candidates.find((f) => fs.existsSync(f));
  return file ? { file } : undefined;
}

function errorFrom(e: Extract<WorkerReply, { ok: false }>['error']): Error {
  if (e.code !== undefined) return new KeydeckError(e.code, e.message, e.field);
  const err = e.name === 'RangeError' ? new RangeError(e.message) : new Error(e.message);
  err.name = e.name;
  return err;
}

type Request = Omit<Extract<WorkerRequest, { op: 'seal' }>, 'id'> | Omit<Extract<WorkerRequest, { op: 'open' }>, 'id'>;

export class BackupWorker {
  private worker?: Worker;
  private nextId = 1;

  /** `idleMs`: how long a worker with no call in flight is kept (tests shorten it). */
  constructor(private readonly idleMs = IDLE_MS) {}

  /** Whether a worker is running (started and not stopped). */
  get running(): boolean {
    return this.worker !== undefined;
  }
  private idle?: NodeJS.Timeout;
  /** Calls in flight, each with the worker that runs it (a stopped worker fails only its own calls). */
  private readonly pending = new Map<
    number,
    { worker: Worker; resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  private start(script: { file: string; eval?: true }): Worker {
    // No flags or loader hooks of the parent (tsx's, in tests): the worker loads what it needs.
    const w = new Worker(script.file, { eval: script.eval ?? false, execArgv: [] });
    w.on('message', (r: WorkerReply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (![...this.pending.values()].some((q) => q.worker === w)) this.rest(w);
      if (r.ok) p.resolve(r.value);
      else p.reject(errorFrom(r.error));
    });
    // An idle worker that was stopped exits (code 1) after a new one may have taken calls: only the
    // calls this worker ran fail with it.
    const fail = (err: Error) => {
      if (this.worker === w) {
        this.worker = undefined;
        clearTimeout(this.idle);
      }
      for (const [id, p] of this.pending) {
        if (p.worker !== w) continue;
        this.pending.delete(id);
        p.reject(err);
      }
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new KeydeckError('INTERNAL', `The backup worker stopped (exit code ${code}).`)));
    return w;
  }

  /** No call in flight: the worker no longer keeps the process alive, and stops after IDLE_MS. */
  private rest(w: Worker): void {
    w.unref();
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      if (this.worker === w && ![...this.pending.values()].some((q) => q.worker === w)) {
        this.worker = undefined;
        void w.terminate();
      }
    }, this.idleMs);
    this.idle.unref();
  }

  /** Runs one request in the worker; undefined when there is no worker to run it. */
  call(req: Request, transfer: ArrayBuffer[] = []): Promise<unknown> | undefined {
    if (!this.worker) {
      const script = workerScript();
      if (!script) return undefined;
      this.worker = this.start(script);
    }
    const w = this.worker;
    clearTimeout(this.idle);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker: w, resolve, reject });
      w.ref();
      w.postMessage({ ...req, id }, transfer);
    });
  }
}

const worker = new BackupWorker();

/**
 * Encrypts a backup document in the backup worker. `scryptWorkFactor` (log2 N) applies to
 * passphrases; it defaults to age's 18, and only tests pass a lower one.
 */
export async function sealBackup(doc: BackupDocument, key: BackupKey, scryptWorkFactor?: number): Promise<Uint8Array> {
  const run = worker.call({ op: 'seal', doc, key, ...(scryptWorkFactor !== undefined ? { scryptWorkFactor } : {}) });
  return run ? ((await run) as Uint8Array) : sealBackupHere(doc, key, scryptWorkFactor);
}

/** Decrypts and validates a backup in the backup worker. Throws a typed error for every way a file can be wrong. */
export async function openBackup(file: Uint8Array, key: BackupOpenKey): Promise<BackupDocument> {
  const copy = new Uint8Array(file); // the caller keeps its bytes; the copy moves to the worker
  const run = worker.call({ op: 'open', file: copy, key }, [copy.buffer]);
  return run ? ((await run) as BackupDocument) : openBackupHere(file, key);
}
