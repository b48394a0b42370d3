/**
 * Catalog writes: a one-field update through the credential service at 100, 1,000 and 10,000
 * credentials, against the time to serialise and atomically write that same catalog once (the floor
 * for any whole-file write), measured in the same run. For reference, the previous write path
 * (structuredClone + full zod parse + conf's re-read and write) on the same catalog.
 */
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { writeFileAtomic } from '../electron/core/atomic-write.js';
import { CATALOG_FILE, serializeCatalog } from '../electron/core/catalog.js';
import { catalogSchema, type CatalogData } from '../shared/domain.js';
import { FaultyVault } from '../test/harness/faulty-vault.js';
import { KeyringVault } from '../electron/core/vault.js';
import { createCoreForTest, tempHome, uniqueService } from '../test/harness/core.js';
import { fmtMs, line, pct, seedCatalog, timeMany } from './util.js';

/** The write path before: a deep copy, a full schema parse, and conf's read-then-write. */
function legacyWrite(store: Conf<Record<string, unknown>>, data: CatalogData, k: number): void {
  const draft = structuredClone(catalogSchema.parse(store.store));
  draft.credentials[k]!.note = `legacy ${Date.now()}`;
  store.store = draft as unknown as Record<string, unknown>;
  void data;
}

export default {
  title: 'Catalog writes',
  async run() {
    // Metadata only: the vault is never touched by an update (FaultyVault counts, to show it).
    const vault = new FaultyVault(new KeyringVault(uniqueService()));
    for (const n of [100, 1_000, 10_000]) {
      const home = tempHome();
      const core = createCoreForTest({ home, vault });
      await seedCatalog(core, n);
      const ids = core.credentials.list().map((c) => c.id);
      const rounds = n >= 10_000 ? 8 : 30;
      let i = 0;
      const calls0 = vault.total();
      const update = await timeMany(rounds, () => core.credentials.update(ids[i++ % n]!, { note: `note ${i}` }));
      const mutate = await timeMany(rounds, () =>
        core.catalog.mutate((d) => {
          d.credentials[i++ % n]!.note = `raw ${i}`;
        }),
      );
      // The floor: serialise the same catalog and write it atomically once (temp, fsync, rename, fsync dir).
      const data = core.catalog.read();
      const floorFile = path.join(home, 'floor.json');
      const floor = await timeMany(rounds, () => writeFileAtomic(floorFile, serializeCatalog(data), CATALOG_FILE.mode));
      const legacyStore = new Conf<Record<string, unknown>>({
        cwd: home,
        configName: 'legacy',
        clearInvalidConfig: false,
        accessPropertiesByDotNotation: false,
        watch: false,
      });
      legacyStore.store = data as unknown as Record<string, unknown>;
      const legacy = await timeMany(Math.min(rounds, 10), () => legacyWrite(legacyStore, data, i++ % n));
      const u = pct(update, 50);
      const f = pct(floor, 50);
      const label = n.toLocaleString('en-US');
      line(`${label}: one-field update, CredentialService.update (p50)`, fmtMs(u));
      line(`${label}: one-field catalog.mutate (p50)`, fmtMs(pct(mutate, 50)));
      line(`${label}: serialise + atomic write once (p50)`, fmtMs(f));
      line(`${label}: update / (serialise + write)`, `${(u / f).toFixed(2)}×`, n === 1_000 ? '≤ 2×' : undefined);
      line(`${label}: previous path (clone + zod + conf) (p50)`, fmtMs(pct(legacy, 50)));
      line(`${label}: keychain calls during updates`, String(vault.total() - calls0), '0');
      fs.rmSync(home, { recursive: true, force: true });
    }
  },
};
