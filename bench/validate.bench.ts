/**
 * "Validate all": 200 credentials probed against the local mock provider with concurrency 8, against
 * the same 200 probes run one after another, in the same run. The mock runs in its own process (a
 * provider is another machine; in-process it would compete with the client for the event loop) and
 * adds a fixed delay to every answer to stand in for the network round trip (the loopback has none).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../electron/core/index.js';
import { KeyringVault } from '../electron/core/vault.js';
import { validateAll } from '../electron/core/validation/index.js';
import { tempHome, uniqueService } from '../test/harness/core.js';
import { fmtMs, line } from './util.js';

const N = 200;
const LATENCY_MS = 50;
const keyOf = (i: number) => `sk-bench-${i}-${'Q'.repeat(32)}`;
const MOCK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/harness/mock-provider.ts');

/** Starts the mock provider in a child process with the bench keys registered; "stats" asks for figures. */
async function startChildMock() {
  const code = `
    import { startMockProvider } from ${JSON.stringify(MOCK)};
    const m = await startMockProvider();
    for (let i = 0; i < ${N}; i++) m.setKey('custom', \`sk-bench-\${i}-${'Q'.repeat(32)}\`, i % 10 === 0 ? 'invalid' : 'ok');
    process.stdout.write(JSON.stringify({ base: m.baseUrl('custom') }) + '\\n');
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d) => {
      if (d.includes('latency')) m.latencyMs = ${LATENCY_MS};
      if (d.includes('reset')) m.maxInFlight = 0;
      process.stdout.write(JSON.stringify({ maxInFlight: m.maxInFlight }) + '\\n');
    });
    process.stdin.on('end', () => m.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: ((s: string) => void)[] = [];
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiters.shift();
      if (w) w(l);
      else lines.push(l);
    }
  });
  const next = () => new Promise<string>((r) => (lines.length ? r(lines.shift()!) : waiters.push(r)));
  const { base } = JSON.parse(await next()) as { base: string };
  const ask = async (cmd: string) => {
    child.stdin.write(cmd + '\n');
    return (JSON.parse(await next()) as { maxInFlight: number }).maxInFlight;
  };
  const close = () => new Promise<void>((r) => (child.once('exit', () => r()), child.stdin.end()));
  return { base, ask, close };
}

export default {
  title: 'Validate all (200 credentials, local mock provider)',
  async run() {
    const mock = await startChildMock();
    const home = tempHome();
    const vault = new KeyringVault(uniqueService());
    const core = createCore({ home, vault });
    try {
      for (let i = 0; i < N; i++) {
        await core.credentials.create(
          { name: `svc-${i}`, kind: 'standard', provider: 'custom', baseUrl: mock.base },
          keyOf(i),
        );
      }
      await mock.ask('latency');
      // Warm-up: connections, JIT, keychain session.
      await validateAll(core, { concurrency: 8 });

      let t = performance.now();
      const seq = await validateAll(core, { concurrency: 1 });
      const seqMs = performance.now() - t;

      await mock.ask('reset');
      let lastProgress = 0;
      t = performance.now();
      const par = await validateAll(core, { concurrency: 8, onProgress: (done) => (lastProgress = done) });
      const parMs = performance.now() - t;
      const maxInFlight = await mock.ask('stats');

      const valid = par.filter((o) => o.result?.status === 'valid').length;
      line(`simulated provider latency per probe`, `${LATENCY_MS} ms`);
      line(`${N} sequential probes (validateAll, concurrency 1)`, fmtMs(seqMs));
      line(`validate all, concurrency 8`, fmtMs(parMs));
      line(`  per credential, concurrency 8`, fmtMs(parMs / N));
      line(`  most probes in flight at once`, String(maxInFlight));
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
