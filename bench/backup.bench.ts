/**
 * Backups and the event loop: the longest gap in the event loop (a 1 ms timer probe) during a
 * passphrase export and import of 200 credentials at age's default scrypt cost (2^18), against two
 * baselines measured in the same run: the loop idling for as long as each operation took (right after
 * it, so under the same machine load), and the old synchronous path (age-encryption's own JavaScript
 * scrypt sealing the same document). Also the keychain pool's figures for the import: the most handles
 * and D-Bus sockets held at once. Target: ≤ 50 ms.
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
import { KEYCHAIN_POOL_SIZE, keychainPeakHandles } from '../electron/core/keychain-pool.js';
import { makeTestCore } from '../test/harness/core.js';
import { bigBackup } from '../test/core/backup-fixtures.js';
import { fmtMs, line } from './util.js';
import { openSockets } from '../test/harness/sockets.js';

const N = 200;
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

export default {
  title: `backup: longest event-loop gap, passphrase export and import of ${N} credentials (scrypt 2^${DEFAULT_SCRYPT_WORK_FACTOR})`,
  async run() {
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

      const fig = (g: Gap<unknown>) => `${fmtMs(g.gap)} (busy ${fmtMs(g.busy)})`;
      console.log('gap: longest wall-clock wait of a 1 ms timer; busy: the longest stretch the loop ran code.');
      console.log('Each idle baseline idles the loop for as long as its operation took, right after it.');
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
