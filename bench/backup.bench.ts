/**
 * Backups and the event loop: the longest gap in the event loop (a 1 ms timer probe) during a
 * passphrase export and import of 200 credentials at age's default scrypt cost (2^18), against two
 * baselines measured in the same run: the loop idling for a second, and the old synchronous path
 * (age-encryption's own JavaScript scrypt sealing the same document). Target: ≤ 50 ms.
 */
import { Encrypter } from 'age-encryption';
import {
  DEFAULT_SCRYPT_WORK_FACTOR,
  exportBackup,
  importBackup,
  openBackup,
  sealBackup,
} from '../electron/core/backup/index.js';
import { makeTestCore } from '../test/harness/core.js';
import { bigBackup } from '../test/core/backup-fixtures.js';
import { fmtMs, line } from './util.js';

const N = 200;
const PASSPHRASE = 'bench passphrase, not a secret';

/** Runs `fn` while a 1 ms timer chain records the longest wait between two of its turns. */
async function longestGap<T>(fn: () => Promise<T>): Promise<{ gap: number; ms: number; result: T }> {
  let last = performance.now();
  let gap = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
    if (running) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  const t = performance.now();
  const result = await fn();
  const ms = performance.now() - t;
  running = false;
  await new Promise((r) => setTimeout(r, 2)); // let the last turn record
  return { gap, ms, result };
}

export default {
  title: `backup: longest event-loop gap, passphrase export and import of ${N} credentials (scrypt 2^${DEFAULT_SCRYPT_WORK_FACTOR})`,
  async run() {
    const core = makeTestCore();
    let cleaned = false;
    try {
      const doc = bigBackup(N);
      const idle = await longestGap(() => new Promise((r) => setTimeout(r, 1000)));
      const seal = await longestGap(() => sealBackup(doc, { passphrase: PASSPHRASE }));
      const imp = await longestGap(async () =>
        importBackup(core, await openBackup(seal.result, { passphrase: PASSPHRASE }), { overwrite: () => true }),
      );
      if (imp.result.added.length !== N) throw new Error(`imported ${imp.result.added.length} of ${N}`);
      const exp = await longestGap(() => exportBackup(core, { key: { passphrase: PASSPHRASE } }));
      if (exp.result.credentials !== N) throw new Error(`exported ${exp.result.credentials} of ${N}`);
      await core.cleanup();
      cleaned = true;
      // The old path last, once the keychain work is done: it holds the loop for the whole scrypt run.
      const old = await longestGap(async () => {
        const e = new Encrypter();
        e.setPassphrase(PASSPHRASE);
        return e.encrypt(JSON.stringify(doc));
      });

      line('baseline: idle loop, 1 s — longest gap', fmtMs(idle.gap));
      line('baseline: old sync seal (age-encryption scrypt) — longest gap', fmtMs(old.gap));
      line('seal only (native async scrypt) — longest gap', fmtMs(seal.gap));
      line(`import of ${N} (open + merge, ${fmtMs(imp.ms)} total) — longest gap`, fmtMs(imp.gap), '≤ 50 ms');
      line(`export of ${N} (read + seal, ${fmtMs(exp.ms)} total) — longest gap`, fmtMs(exp.gap), '≤ 50 ms');
      line('ratio: export gap / idle gap', `${(exp.gap / idle.gap).toFixed(1)}×`);
      line('ratio: import gap / idle gap', `${(imp.gap / idle.gap).toFixed(1)}×`);
      line('ratio: old sync gap / new export gap', `${(old.gap / exp.gap).toFixed(0)}×`);
    } finally {
      if (!cleaned) await core.cleanup();
    }
  },
};
