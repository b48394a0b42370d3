/**
 * "Validate all": 200 credentials probed against the local mock provider with concurrency 8, against
 * the same 200 probes run one after another, in the same run. The mock adds a fixed delay to every
 * answer to stand in for the network round trip a real provider costs (the loopback has none).
 */
import fs from 'node:fs';
import { createCore } from '../electron/core/index.js';
import { KeyringVault } from '../electron/core/vault.js';
import { validateAll } from '../electron/core/validation/index.js';
import { tempHome, uniqueService } from '../test/harness/core.js';
import { startMockProvider } from '../test/harness/mock-provider.js';
import { fmtMs, line } from './util.js';

const N = 200;
const LATENCY_MS = 50;

export default {
  title: 'Validate all (200 credentials, local mock provider)',
  async run() {
    const mock = await startMockProvider();
    const home = tempHome();
    const vault = new KeyringVault(uniqueService());
    const core = createCore({ home, vault });
    try {
      for (let i = 0; i < N; i++) {
        const secret = `sk-bench-${i}-${'Q'.repeat(32)}`;
        mock.setKey('custom', secret, i % 10 === 0 ? 'invalid' : 'ok');
        await core.credentials.create(
          { name: `svc-${i}`, kind: 'standard', provider: 'custom', baseUrl: mock.baseUrl('custom') },
          secret,
        );
      }
      mock.latencyMs = LATENCY_MS;
      // Warm-up: connections, JIT, keychain session.
      await validateAll(core, { concurrency: 8 });

      let t = performance.now();
      const seq = await validateAll(core, { concurrency: 1 });
      const seqMs = performance.now() - t;

      mock.maxInFlight = 0;
      let lastProgress = 0;
      t = performance.now();
      const par = await validateAll(core, { concurrency: 8, onProgress: (done) => (lastProgress = done) });
      const parMs = performance.now() - t;

      const valid = par.filter((o) => o.result?.status === 'valid').length;
      line(`simulated provider latency per probe`, `${LATENCY_MS} ms`);
      line(`${N} sequential probes (validateAll, concurrency 1)`, fmtMs(seqMs));
      line(`validate all, concurrency 8`, fmtMs(parMs));
      line(`  per credential, concurrency 8`, fmtMs(parMs / N));
      line(`  most probes in flight at once`, String(mock.maxInFlight));
      line(`  progress callbacks / valid / invalid`, `${lastProgress} / ${valid} / ${N - valid}`);
      line(`speed-up (sequential / concurrency 8)`, `${(seqMs / parMs).toFixed(1)}x`, '>= 6x');
      if (seq.length !== N || par.length !== N) console.log('warning: not every credential was validated');
    } finally {
      for (const e of await vault.entries()) await vault.delete(e.account);
      fs.rmSync(home, { recursive: true, force: true });
      await mock.close();
    }
  },
};
