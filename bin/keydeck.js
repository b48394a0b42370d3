#!/usr/bin/env node
// The `keydeck` command. Runs the bundled CLI (built by `npm run build`, which `npm install` runs).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/keydeck.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('error[NOT_BUILT]: the CLI is not built yet; run `npm run build` in the Keydeck folder.\n');
  process.exit(1);
}
// V8's compile cache (Node ≥ 22.1) keeps the compiled bundle between runs: start-up skips most parsing.
module.enableCompileCache?.();
await import(bundle.href);
