/**
 * Credential core: list and search over 10,000 credentials (zero keychain calls), and one secret read
 * through the service against a raw @napi-rs/keyring read of the same entry, in the same run.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { createCore } from '../electron/core/index.js';
import { ENTRY_OPTIONS, KeyringVault } from '../electron/core/vault.js';
import { accountFor } from '../electron/core/envelope.js';
import { BYOK_PROVIDERS } from '../shared/providers.js';
import { FaultyVault } from '../test/harness/faulty-vault.js';
import { createCoreForTest, tempHome, uniqueService } from '../test/harness/core.js';
import { benchCredential, fmtMs, line, pct, seedCatalog, timeMany } from './util.js';

const N = 10_000;

export default {
  title: 'Credential core',
  async run() {
    const home = tempHome();
    const real = new KeyringVault(uniqueService());
    const vault = new FaultyVault(real);
    const core = createCoreForTest({ home, vault });
    // 10,000 credentials of metadata (list and search never read secrets, so none are needed for them).
    await seedCatalog(core, N, (i, workspaceId, now) => {
      const provider = i % 3 === 0 ? BYOK_PROVIDERS[i % BYOK_PROVIDERS.length]! : 'custom';
      return benchCredential(i, workspaceId, now, {
        name: `service ${i} ${provider}`,
        kind: i % 3 === 1 ? 'realtime' : 'standard',
        audience: i % 7 === 0 ? 'public' : 'secret',
        provider: i % 3 === 1 ? 'inworld' : provider,
        allowedOrigins: i % 7 === 0 ? ['https://app.example.com'] : [],
      });
    });
    // A new process sees the file cold: the first list parses and validates it.
    const cold = createCore({ home, vault });
    const t = performance.now();
    cold.credentials.list();
    const coldMs = performance.now() - t;
    const calls0 = vault.total();
    const list = await timeMany(50, () => cold.credentials.list());
    const search = await timeMany(50, () => cold.credentials.list({ text: 'service 99' }));
    const filtered = await timeMany(50, () =>
      cold.credentials.list({ kind: 'realtime', tag: 'prod', text: 'inworld' }),
    );
    const fp = cold.credentials.list()[1234]!.fingerprint.slice(7, 15);
    const byFp = await timeMany(50, () => cold.credentials.list({ text: fp }));
    line(`list ${N} (first, parses the catalog file)`, fmtMs(coldMs));
    line(`list ${N} (p50)`, fmtMs(pct(list, 50)), '≤ 20 ms');
    line(`search "service 99" over ${N} (p50)`, fmtMs(pct(search, 50)), '≤ 20 ms');
    line(`kind+tag+text filter over ${N} (p50)`, fmtMs(pct(filtered, 50)), '≤ 20 ms');
    line(`search by fingerprint over ${N} (p50)`, fmtMs(pct(byFp, 50)), '≤ 20 ms');
    line('keychain calls during list and search', String(vault.total() - calls0), '0');

    // One secret: through the service vs a raw keyring read of the same entry.
    const direct = createCore({ home, vault: real });
    const { credential } = await direct.credentials.create(
      { name: 'read bench', kind: 'byok', provider: 'xai' },
      'xai-bench-0123456789abcdef',
    );
    const raw = new AsyncEntry(real.service, accountFor('byok', credential.id, 1), ENTRY_OPTIONS);
    const rounds = 3;
    const rawS: number[] = [];
    const svcS: number[] = [];
    for (let r = 0; r < rounds; r++) {
      rawS.push(...(await timeMany(60, () => raw.getPassword())));
      svcS.push(...(await timeMany(60, () => direct.credentials.readSecret(credential.id))));
    }
    const rawP50 = pct(rawS, 50);
    const svcP50 = pct(svcS, 50);
    line('raw @napi-rs/keyring read (p50)', fmtMs(rawP50));
    line('CredentialService.readSecret (p50)', fmtMs(svcP50));
    line('service / raw', `${(svcP50 / rawP50).toFixed(2)}×`, '≤ 1.3×');
    for (const e of await real.entries()) await real.delete(e.account);
  },
};
