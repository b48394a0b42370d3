// Transpiles the unit tests once, so `npm test` runs plain JavaScript instead of starting tsx in every test
// process (tsx's loader costs ~0.6 s of CPU per process on Node 20, before a test runs: ~1 minute of CPU
// over the suite). One esbuild build: every test file is an entry point, shared code goes to chunks.
//
// What a test sees stays what it sees under tsx: each module's `import.meta.url` is its own .ts source's
// URL (fixtures, `bin/keydeck.js`, the backup worker are found beside the sources), packages stay external
// (resolved from node_modules), and source maps point failures at the .ts lines (`--enable-source-maps`).
// Files that load TypeScript sources at run time themselves (NEEDS_TSX) get a wrapper that registers tsx
// and imports the .ts file, so the run is one `node --test` over .mjs files.
//
// Usage (from scripts/test.mjs): bundleTests(files) → the .mjs files to run, in the same order.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const OUT_DIR = '.test-build';

/** Tests that import .ts sources by path at run time (and compare their exports by identity). */
const NEEDS_TSX = new Set(['test/boundaries/front-door.test.ts']);

/** Each loaded .ts/.tsx module keeps its own source's import.meta.url. */
const sourceUrls = {
  name: 'keydeck-source-urls',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

const outFor = (file) => path.join(OUT_DIR, file.replace(/\.tsx?$/, '.mjs'));

/** Builds `files` (test/…/x.test.ts paths) into OUT_DIR; returns the files to hand to `node --test`. */
export async function bundleTests(files) {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const bundled = files.filter((f) => !NEEDS_TSX.has(f.split(path.sep).join('/')));
  await build({
    entryPoints: bundled.map((f) => ({ in: f, out: f.replace(/\.tsx?$/, '') })),
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [sourceUrls],
  });
  for (const f of files.filter((x) => !bundled.includes(x))) {
    const out = outFor(f);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const url = JSON.stringify(pathToFileURL(path.resolve(f)).href);
    fs.writeFileSync(out, `import { register } from 'tsx/esm/api';\nregister();\nawait import(${url});\n`);
  }
  return files.map(outFor);
}
