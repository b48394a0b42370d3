/**
 * The backup worker (a `node:worker_threads` worker, started by ./off-thread.ts): seals and opens
 * backups (age's payload cipher, the JSON, the schema check) away from the thread that asked, which in
 * the app is Electron's main process. Built by scripts/build.mjs into dist/cli/backup-worker.js and
 * dist/main/backup-worker.cjs; run from source (tests, benches) through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { KeydeckError } from '../../../shared/errors.js';
import { openBackupHere, sealBackupHere } from './format.js';
import type { WorkerReply, WorkerRequest } from './off-thread.js';

function errorOf(err: unknown): Extract<WorkerReply, { ok: false }>['error'] {
  const e = err as { name?: unknown; code?: unknown; message?: unknown; field?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(err instanceof KeydeckError ? { code: err.code } : {}),
    ...(typeof e?.field === 'string' ? { field: e.field } : {}),
  };
}

async function handle(m: WorkerRequest): Promise<void> {
  const port = parentPort!;
  try {
    if (m.op === 'seal') {
      const sealed = await sealBackupHere(m.doc, m.key, m.scryptWorkFactor);
      // Moved, not copied; a view over part of a larger (pooled) buffer is copied out first.
      const bytes = sealed.byteLength === sealed.buffer.byteLength ? sealed : sealed.slice();
      const reply: WorkerReply = { id: m.id, ok: true, value: bytes };
      port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
    } else {
      const reply: WorkerReply = { id: m.id, ok: true, value: await openBackupHere(m.file, m.key) };
      port.postMessage(reply);
    }
  } catch (err) {
    const reply: WorkerReply = { id: m.id, ok: false, error: errorOf(err) };
    port.postMessage(reply);
  }
}

parentPort!.on('message', (m: WorkerRequest) => void handle(m));
