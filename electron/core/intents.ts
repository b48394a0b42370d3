import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Credential, SecretVersion } from '../../shared/domain.js';
import { writeFileAtomicAsync } from './atomic-write.js';
import { processStart, staleReason } from './lock.js';

/**
 * Write intents: a small durable note, recorded before a write touches the keychain, that says which
 * keychain entries the operation is about to write and what it means to commit. The operation removes
 * its note once the catalog holds the result (or once it undid its keychain writes). A note whose
 * writer is gone (killed, crashed, power cut) is what the next run of any command, and the app's start,
 * finishes or undoes (credentials/recover.ts): no orphan keychain entry waits for a manual reconcile.
 *
 * Notes live in `intents/` beside the catalog, one file each (mode 0600, written whole: temp file,
 * fsync, rename). They hold metadata and fingerprints, never a secret.
 */
export interface IntentOwner {
  host: string;
  pid: number;
  /** The pid's start time, so a reused pid is not taken for the writer (see lock.ts). */
  start?: string;
}

interface IntentBase {
  id: string;
  owner: IntentOwner;
  at: string;
  /** The keychain entries the operation writes, each with the fingerprint of the secret it holds. */
  writes: { account: string; fingerprint: string }[];
}

export type WriteIntent =
  | (IntentBase & { op: 'add'; credential: Credential })
  | (IntentBase & {
      op: 'rotate';
      credentialId: string;
      next: Pick<SecretVersion, 'version' | 'displayPrefix' | 'fingerprint'>;
    })
  | (IntentBase & { op: 'import' });

/** An intent as recorded, before the store stamps it. */
export type IntentDraft = WriteIntent extends infer T
  ? T extends WriteIntent
    ? Omit<T, 'id' | 'owner' | 'at'>
    : never
  : never;

export const INTENTS_DIR = 'intents';
const NAME = /^[0-9a-f-]{36}\.json$/;
const TEMP = /\.tmp-(\d+)-[0-9a-f]+$/;

let self: IntentOwner | undefined;
function me(): IntentOwner {
  if (!self) {
    const start = processStart(process.pid);
    self = { host: os.hostname(), pid: process.pid, ...(start ? { start } : {}) };
  }
  return self;
}

/** Whether the process that wrote an intent is gone (a live writer's intent is left alone). */
export function ownerGone(owner: IntentOwner): boolean {
  if (owner.host !== os.hostname()) return false;
  // The heartbeat side of staleReason never fires here: the "mtime" is now.
  return staleReason({ ...owner, token: '' }, Date.now(), { staleMs: Number.POSITIVE_INFINITY }) !== undefined;
}

export class IntentStore {
  readonly dir: string;

  constructor(home: string) {
    this.dir = path.join(home, INTENTS_DIR);
  }

  /**
   * Records an intent durably and returns its id once it is on disk. The write and its fsyncs run on
   * libuv's pool, not on the calling thread (an import's intent names every entry it writes).
   */
  async record(draft: IntentDraft): Promise<string> {
    const intent = { ...draft, id: randomUUID(), owner: me(), at: new Date().toISOString() } as WriteIntent;
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomicAsync(this.file(intent.id), JSON.stringify(intent), 0o600);
    return intent.id;
  }

  /** Forgets an intent: its operation committed, or undid what it wrote. */
  done(id: string): void {
    try {
      fs.rmSync(this.file(id), { force: true });
    } catch {
      // left for the next start, which finds the operation committed (or undone) and drops it
    }
  }

  /**
   * Intents whose writers are gone, oldest first. Cheap when there are none (one readdir). Temp files
   * of writers killed while recording are removed on the way.
   */
  abandoned(): WriteIntent[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: WriteIntent[] = [];
    for (const name of names) {
      const temp = TEMP.exec(name);
      if (temp) {
        if (ownerGone({ host: os.hostname(), pid: Number(temp[1]) }))
          fs.rmSync(path.join(this.dir, name), { force: true });
        continue;
      }
      if (!NAME.test(name)) continue;
      const intent = this.read(name.slice(0, -5));
      if (intent && ownerGone(intent.owner)) out.push(intent);
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * The keychain accounts that intents on record are writing (their writers alive or not): entries a
   * reconcile must not adopt, since the operation that wrote them has not committed or undone them yet.
   */
  accountsInFlight(): Set<string> {
    const out = new Set<string>();
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return out;
    }
    for (const name of names) {
      if (!NAME.test(name)) continue;
      for (const w of this.read(name.slice(0, -5))?.writes ?? []) out.add(w.account);
    }
    return out;
  }

  /** One intent, or undefined if it is gone (another process resolved it) or unreadable (removed). */
  read(id: string): WriteIntent | undefined {
    let raw: string;
    try {
      raw = fs.readFileSync(this.file(id), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const intent = JSON.parse(raw) as WriteIntent;
      if (intent.id === id && Array.isArray(intent.writes) && typeof intent.owner?.pid === 'number') return intent;
    } catch {
      // written whole or not at all, so only a hand-edited file gets here
    }
    this.done(id);
    return undefined;
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }
}
