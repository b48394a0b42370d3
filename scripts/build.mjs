// Builds the Node-side bundles: the CLI (ESM), Electron main (CJS) and the preload (one CJS file, so the
// renderer's sandbox can stay on). The renderer is built by Vite (`npm run build:renderer`).
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync } from 'node:fs';

/**
 * Keydeck's own modules (electron/, shared/) do nothing when imported; they only define. Telling esbuild
 * so lets it drop a module whose exports a chunk does not use (with its imports: zod, jose…), instead of
 * keeping it for fear of side effects. The module-graph test (test/cli/module-graph.test.ts) checks the result.
 */
const effectFree = {
  name: 'keydeck-effect-free',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData?.effectFree) return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { effectFree: true },
      });
      if (r.errors.length || r.external || !/[\\/](electron|shared)[\\/]/.test(r.path)) return r;
      return { ...r, sideEffects: false };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  packages: 'external',
};
// The CLI's chunks are named by content hash: start clean, so no stale chunk is shipped (npm pack) or loaded.
rmSync('dist/cli', { recursive: true, force: true });
const jobs = [
  // Split into chunks: a command's heavy modules (age, jose, ws, the validation probes) are loaded with
  // `import()` when that command runs, so `keydeck --version` or `header` never pays for them.
  build({
    ...common,
    // The backup worker (electron/core/backup/off-thread.ts finds it beside keydeck.js) shares its chunks.
    entryPoints: ['electron/cli/keydeck.ts', { in: 'electron/core/backup/worker.ts', out: 'backup-worker' }],
    plugins: [effectFree],
    // `keydeck --version` prints package.json's version (its one home).
    define: { __KEYDECK_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
    outdir: 'dist/cli',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
];
if (existsSync('electron/main/index.ts')) {
  jobs.push(
    build({
      ...common,
      // Main is CJS, and electron-store/conf are ESM-only: bundle the JS dependencies in, so main never
      // needs require(esm). Only Electron itself and the native bindings (keyring, node-pty) stay external.
      packages: undefined,
      entryPoints: ['electron/main/index.ts'],
      outfile: 'dist/main/index.cjs',
      format: 'cjs',
      external: ['electron', '@napi-rs/keyring', '@lydell/node-pty'],
      // import.meta.url in CJS: the keychain pool resolves the keyring binding's path for its worker.
      banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': '__importMetaUrl' },
    }),
  );
  // The backup worker beside main's bundle (electron/core/backup/off-thread.ts finds it there), self-contained
  // like main: age-encryption and zod are ESM-only.
  jobs.push(
    build({
      ...common,
      packages: undefined,
      entryPoints: ['electron/core/backup/worker.ts'],
      outfile: 'dist/main/backup-worker.cjs',
      format: 'cjs',
    }),
  );
}
if (existsSync('electron/preload/index.ts')) {
  // The preload runs sandboxed: bundle everything it imports into one CJS file; only 'electron' stays external.
  jobs.push(
    build({
      ...common,
      packages: undefined,
      entryPoints: ['electron/preload/index.ts'],
      outfile: 'dist/preload/index.cjs',
      format: 'cjs',
      external: ['electron'],
    }),
  );
}
await Promise.all(jobs);
