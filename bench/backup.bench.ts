/**
 * Backups and the event loop: the longest gap in the event loop (a 1 ms timer probe), target ≤ 50 ms.
 *
 * 1. Sealing and opening a passphrase backup of `CRYPT_N` (1,000) credentials at age's default scrypt
 *    cost (2^18): in the backup worker (what export and import do) against the same work on the calling
 *    thread (`sealBackupHere`/`openBackupHere`: age's JavaScript ChaCha20-Poly1305, JSON, zod), in the
 *    same run.
 * 2. A whole passphrase export and import of `N` (200) credentials through the throwaway keyring,
 *    against two baselines measured in the same run: the loop idling for as long as each operation took
 *    (right after it, so under the same machine load), and the old synchronous path (age-encryption's
 *    own JavaScript scrypt sealing the same document). Also the keychain pool's figures for the import:
 *    the most handles and D-Bus sockets held at once. (The keyring's own cost grows with each entry:
 *    1,000 credentials through gnome-keyring take minutes on a loaded machine, hence 200 here.)
 */
import { performance as perf } from 'node:perf_hooks';
import { Encrypter } from 'age-encryption';
import {
  DEFAULT_SCRYPT_WORK_FACTOR,
  exportBackup,
  importBackup,
  openBackup,
  sealBackup,
} from '../electron/core/backup/index.js';
import { openBackupHere, sealBackupHere } from '../electron/core/backup/format.js';
import { KEYCHAIN_POOL_SIZE, keychainPeakHandles } from '../electron/core/keychain-pool.js';
import { makeTestCore } from '../test/harness/core.js';
import { bigBackup } from '../test/core/backup-fixtures.js';
import { fmtMs, line } from './util.js';
import { openSockets } from '../test/harness/sockets.js';

const N = Number(process.env.BENCH_BACKUP_N ?? 200);
const CRYPT_N = Number(process.env.BENCH_BACKUP_CRYPT_N ?? 1000);
const PASSPHRASE = 'bench passphrase, not a secret';

interface Gap<T> {
  /** The longest wall-clock wait between two turns of a 1 ms timer. */
  gap: number;
  /**
   * The longest time the loop was busy (running code, not waiting in epoll) between two turns: what
   * this process's own work costs, where `gap` also counts the time a loaded machine's scheduler kept
   * the thread off a core (perf.eventLoopUtilization's active time).
   */
  busy: number;
  ms: number;
  result: T;
}

/** Runs `fn` while a 1 ms timer chain records the longest wait between two of its turns. */
async function longestGap<T>(fn: () => Promise<T>): Promise<Gap<T>> {
  let last = performance.now();
  let lastElu = perf.eventLoopUtilization();
  let gap = 0;
  let busy = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    const elu = perf.eventLoopUtilization();
    gap = Math.max(gap, now - last);
    busy = Math.max(busy, perf.eventLoopUtilization(elu, lastElu).active);
    last = now;
    lastElu = elu;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  const t = performance.now();
  const result = await fn();
  const ms = performance.now() - t;
  running = false;
  await new Promise((r) => setTimeout(r, 2)); // let the last turn record
  return { gap, busy, ms, result };
}

/** The same probe over an idle loop for `ms`: the machine's own share of a gap, measured right then. */
function idleFor(ms: number): Promise<Gap<unknown>> {
  return longestGap(() => new Promise((r) => setTimeout(r, Math.max(1000, ms))));
}

const fig = (g: Gap<unknown>) => `${fmtMs(g.gap)} (busy ${fmtMs(g.busy)})`;

/** Seal and open of a CRYPT_N-credential backup: in the worker, then on this thread (the old path). */
async function crypt(): Promise<void> {
  const doc = bigBackup(CRYPT_N);
  const key = { passphrase: PASSPHRASE };
  await sealBackup(bigBackup(1), key, 1); // the worker's start-up is not what is measured here
  const seal = await longestGap(() => sealBackup(doc, key));
  const open = await longestGap(() => openBackup(seal.result, key));
  if (open.result.credentials.length !== CRYPT_N) throw new Error('the backup did not round-trip');
  const sealHere = await longestGap(() => sealBackupHere(doc, key));
  const openHere = await longestGap(() => openBackupHere(sealHere.result, key));
  const idle = await idleFor(Math.max(seal.ms, open.ms));
  line(`seal ${CRYPT_N}, worker (${fmtMs(seal.ms)})`, fig(seal), '≤ 50 ms');
  line(`open ${CRYPT_N}, worker (${fmtMs(open.ms)})`, fig(open), '≤ 50 ms');
  line(`  baseline: seal on this thread (${fmtMs(sealHere.ms)})`, fig(sealHere));
  line(`  baseline: open on this thread (${fmtMs(openHere.ms)})`, fig(openHere));
  line('  idle baseline, as long as the longer one', fig(idle));
  line('ratio: this-thread gap / worker gap, seal', `${(sealHere.gap / seal.gap).toFixed(1)}×`);
  line('ratio: this-thread gap / worker gap, open', `${(openHere.gap / open.gap).toFixed(1)}×`);
}

export default {
  title: `backup: longest event-loop gap, seal/open of ${CRYPT_N} and passphrase export and import of ${N} credentials (scrypt 2^${DEFAULT_SCRYPT_WORK_FACTOR})`,
  async run() {
    console.log('gap: longest wall-clock wait of a 1 ms timer; busy: the longest stretch the loop ran code.');
    console.log('Each idle baseline idles the loop for as long as its operation took, right after it.');
    await crypt();
    const core = makeTestCore();
    let cleaned = false;
    try {
      const doc = bigBackup(N);
      const seal = await longestGap(() => sealBackup(doc, { passphrase: PASSPHRASE }));
      const sealIdle = await idleFor(seal.ms);
      const baseSockets = openSockets();
      let peakSockets = 0;
      const sockets = setInterval(() => (peakSockets = Math.max(peakSockets, openSockets() - baseSockets)), 5);
      const imp = await longestGap(async () =>
        importBackup(core, await openBackup(seal.result, { passphrase: PASSPHRASE }), { overwrite: () => true }),
      );
      clearInterval(sockets);
      const impIdle = await idleFor(imp.ms);
      if (imp.result.added.length !== N) throw new Error(`imported ${imp.result.added.length} of ${N}`);
      const exp = await longestGap(() => exportBackup(core, { key: { passphrase: PASSPHRASE } }));
      const expIdle = await idleFor(exp.ms);
      if (exp.result.credentials !== N) throw new Error(`exported ${exp.result.credentials} of ${N}`);
      await core.cleanup();
      cleaned = true;
      // The old path last, once the keychain work is done: it holds the loop for the whole scrypt run.
      const old = await longestGap(async () => {
        const e = new Encrypter();
        e.setPassphrase(PASSPHRASE);
        return e.encrypt(JSON.stringify(doc));
      });

      line('baseline: old sync seal (age-encryption scrypt)', fig(old));
      line(`seal only (native async scrypt, ${fmtMs(seal.ms)})`, fig(seal));
      line('  idle baseline, same length', fig(sealIdle));
      line(`import of ${N} (open + merge, ${fmtMs(imp.ms)})`, fig(imp), '≤ 50 ms');
      line('  idle baseline, same length', fig(impIdle));
      line(`export of ${N} (read + seal, ${fmtMs(exp.ms)})`, fig(exp), '≤ 50 ms');
      line('  idle baseline, same length', fig(expIdle));
      line('ratio: import gap / its idle gap', `${(imp.gap / impIdle.gap).toFixed(1)}×`);
      line('ratio: export gap / its idle gap', `${(exp.gap / expIdle.gap).toFixed(1)}×`);
      line('ratio: old sync gap / new export gap', `${(old.gap / exp.gap).toFixed(0)}×`);
      line(`import of ${N}: keychain handles held at most`, String(keychainPeakHandles()), `≤ ${KEYCHAIN_POOL_SIZE}`);
      line(`import of ${N}: D-Bus sockets open at most`, String(peakSockets), `≤ ${KEYCHAIN_POOL_SIZE} + 1 search`);
    } finally {
      if (!cleaned) await core.cleanup();
    }
  },
};
